// The in-memory output: project-relative path -> content. Nothing here touches the disk; the
// path checks are the first of two guards (the writer re-checks against the real folder).
import { posix } from "node:path";

export class TreePathError extends Error {}

export class FileTree {
  readonly #files = new Map<string, string>();

  add(path: string, content: string): void {
    const clean = checkTreePath(path);
    if (this.#files.has(clean)) throw new TreePathError(`two generators planned the same file: ${clean}`);
    this.#files.set(clean, content);
  }

  get(path: string): string | undefined {
    return this.#files.get(path);
  }

  /** Paths in a stable order, so every output (lock, diff, messages) is deterministic. */
  paths(): string[] {
    return [...this.#files.keys()].sort();
  }

  entries(): [string, string][] {
    return this.paths().map((p) => [p, this.#files.get(p)!]);
  }

  get size(): number {
    return this.#files.size;
  }
}

/** Rejects absolute paths, "..", backslashes and empty segments; returns the normalised path. */
export function checkTreePath(path: string): string {
  if (path === "" || path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.includes("\\")) {
    throw new TreePathError(`not a project-relative path: ${JSON.stringify(path)}`);
  }
  const segments = path.split("/");
  if (segments.some((s) => s === ".." || s === "")) {
    throw new TreePathError(`path leaves the project or has an empty segment: ${JSON.stringify(path)}`);
  }
  return posix.normalize(path);
}
