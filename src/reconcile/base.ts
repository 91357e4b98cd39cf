// What the tool generated last time, the base of a three-way merge, and the pristine copies under
// .ecs-stack/base/ that keep it. The lock keeps hashes, not contents; the copies keep the contents.
// A copy is trusted only when its hash is the lock's hash for the path. Without a trusted copy
// (deleted or edited by hand, or written by a version that kept none) the base is re-rendered
// from the lock's resolved config, trusted on the same condition: after an upgrade that changed a
// template it does not match, and the base is unknown.
import type { Config } from "../config/normalise.js";
import type { FileTree } from "../tree/tree.js";
import { checkTreePath } from "../tree/tree.js";
import type { FileWrite } from "./apply.js";
import { readToolFiles } from "./disk.js";
import type { KnownBase } from "./edited.js";
import { basePath, hashContent, type Lock } from "./lock.js";
import type { Change } from "./reconcile.js";

export type LastGenerated = (path: string) => KnownBase | null;

/** How a run turns a config into files; createStack, or a test's stand-in for another release. */
export type Render = (config: Config) => Promise<FileTree>;

/** The base copies on disk, by the path of the file they belong to (null: no copy). */
export type StoredBases = ReadonlyMap<string, string | null>;

/** Reads the copy of every path that is a proper tree path (a lock edited by hand may hold others). */
export async function readStoredBases(root: string, paths: Iterable<string>): Promise<StoredBases> {
  const valid = [...new Set(paths)].filter(isTreePath);
  const read = await readToolFiles(root, valid.map(basePath));
  return new Map(valid.map((path) => [path, read.get(basePath(path)) ?? null]));
}

/** The previous run's output re-rendered from its lock, or null when that fails. */
export async function rerender(lock: Lock | null, render: Render): Promise<FileTree | null> {
  if (lock === null) return null;
  try {
    return await render(lock.config as Config);
  } catch {
    // A lock written by another version may not fit today's generators: the base is unknown.
    return null;
  }
}

/** The stored copy when it is intact, else the re-rendered output when it matches the lock. */
export function lastGeneratedFrom(lock: Lock | null, stored: StoredBases, rendered: FileTree | null): LastGenerated {
  return (path) => {
    const hash = lock?.files[path]?.hash;
    if (hash === undefined) return null;
    const copy = stored.get(path) ?? null;
    if (copy !== null && hashContent(copy) === hash) return { text: copy, source: "stored" };
    const text = rendered?.get(path);
    return text !== undefined && hashContent(text) === hash ? { text, source: "re-rendered" } : null;
  };
}

/**
 * Paths where some file was edited and today's output changed too, so a merge needs the base.
 * Rendering a second tree costs time, and `check` on a clean repository should not pay it.
 */
export function pathsNeedingBase(
  tree: FileTree,
  disk: ReadonlyMap<string, string | null>,
  lock: Lock | null,
): string[] {
  if (lock === null) return [];
  return tree.paths().filter((path) => {
    const generated = tree.get(path)!;
    const current = disk.get(path) ?? null;
    const locked = lock.files[path]?.hash;
    if (current === null || current === generated || locked === undefined) return false;
    return hashContent(current) !== locked && hashContent(generated) !== locked;
  });
}

export interface BaseCopies {
  /** Copies to write (paths below BASE_DIR). */
  writes: FileWrite[];
  /** Copies to delete (paths below BASE_DIR). */
  deletes: string[];
  /**
   * Writes and deletes that put right a copy the previous lock disagrees with (missing, edited,
   * or there when it should not be), rather than follow a change of the file itself.
   */
  repaired: { path: string; action: "restore" | "remove" }[];
}

/**
 * After the run every file the lock records with policy "merge" has a copy whose hash is the
 * lock's, when any text with that hash is known; every other copy goes. Only differences are
 * written, so an unchanged run leaves git clean.
 */
export function planBaseCopies(input: {
  tree: FileTree;
  changes: Change[];
  previousLock: Lock | null;
  stored: StoredBases;
  lastGenerated: LastGenerated;
}): BaseCopies {
  const { tree, changes, previousLock, stored, lastGenerated } = input;
  const wanted = new Map<string, string>();
  for (const c of changes) {
    if (c.locked === undefined || c.policy !== "merge") continue;
    const hash = c.locked.hash;
    // Usually today's output; for an open conflict the lock keeps the hash of what the markers
    // were made from, which the conflict record holds.
    const text = [tree.get(c.path), c.locked.conflict?.generated, stored.get(c.path), lastGenerated(c.path)?.text].find(
      (t): t is string => typeof t === "string" && hashContent(t) === hash,
    );
    if (text !== undefined) wanted.set(c.path, text);
  }
  const out: BaseCopies = { writes: [], deletes: [], repaired: [] };
  for (const [path, now] of [...stored.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const want = wanted.get(path) ?? null;
    if (want === now) continue;
    const before = previousLock?.files[path];
    const expected = before?.policy === "merge" ? before.hash : null;
    const wasRight = now === null ? expected === null : expected !== null && hashContent(now) === expected;
    if (want !== null) out.writes.push({ path: basePath(path), content: want });
    else out.deletes.push(basePath(path));
    if (!wasRight) out.repaired.push({ path: basePath(path), action: want !== null ? "restore" : "remove" });
  }
  return out;
}

function isTreePath(path: string): boolean {
  try {
    return checkTreePath(path) === path;
  } catch {
    return false;
  }
}
