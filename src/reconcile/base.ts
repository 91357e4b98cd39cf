// What the tool generated last time, the base of a three-way merge. The lock keeps hashes, not
// contents, so the base is re-rendered from the lock's resolved config and trusted only when its
// hash matches: after an upgrade that changed a template it does not, and the base is unknown.
import type { Config } from "../config/normalise.js";
import { createStack } from "../stack.js";
import type { FileTree } from "../tree/tree.js";
import { hashContent, type Lock } from "./lock.js";

export type LastGenerated = (path: string) => string | null;

export async function lastGeneratedFrom(lock: Lock | null): Promise<LastGenerated> {
  if (lock === null) return () => null;
  let tree: FileTree | null = null;
  try {
    tree = await createStack(lock.config as Config);
  } catch {
    // A lock written by another version may not fit today's generators: the base is unknown.
    tree = null;
  }
  return (path) => {
    const text = tree?.get(path);
    return text !== undefined && hashContent(text) === lock.files[path]?.hash ? text : null;
  };
}

/**
 * True when some file was edited and today's output changed too, so a merge needs the base.
 * Rendering a second tree costs time, and `check` on a clean repository should not pay it.
 */
export function needsBase(tree: FileTree, disk: ReadonlyMap<string, string | null>, lock: Lock | null): boolean {
  if (lock === null) return false;
  return tree.entries().some(([path, generated]) => {
    const current = disk.get(path) ?? null;
    const locked = lock.files[path]?.hash;
    if (current === null || current === generated || locked === undefined) return false;
    return hashContent(current) !== locked && hashContent(generated) !== locked;
  });
}
