// The shared body of generate, check, diff and init: from a config to the changes a run would
// make, with the lock that would record them. Writing is the caller's last step.
import { readFile, rmdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Config } from "../config/normalise.js";
import { UserError } from "../errors.js";
import { TOOL_VERSION } from "../package-info.js";
import { createStack } from "../stack.js";
import { applyChanges, type FileWrite, type WriteFs } from "./apply.js";
import {
  lastGeneratedFrom,
  pathsNeedingBase,
  planBaseCopies,
  readStoredBases,
  rerender,
  type BaseCopies,
  type Render,
} from "./base.js";
import { readProjectFiles } from "./disk.js";
import { SIDECAR_SUFFIX } from "./edited.js";
import { BASE_DIR, LOCK_PATH, parseLock, serialiseLock, type Lock, type LockedFile } from "./lock.js";
import { isWrite, reconcile, type Change, type ConflictStyle, type TakeOver } from "./reconcile.js";

export interface PlannedRun {
  changes: Change[];
  previousLock: Lock | null;
  lock: Lock;
  lockText: string;
  lockChanged: boolean;
  /** The pristine copies in .ecs-stack/base/ to write or delete with the lock. */
  base: BaseCopies;
}

export interface RunOptions {
  restore?: boolean;
  conflictStyle?: ConflictStyle;
  /** Renders a config (today's output, and last time's when it must be re-rendered); tests stand in another release. */
  render?: Render;
  takeOver?: TakeOver;
}

export async function readLock(root: string): Promise<Lock | null> {
  const text = await readFile(join(root, LOCK_PATH), "utf8").catch((e: NodeJS.ErrnoException) =>
    e.code === "ENOENT" ? null : Promise.reject(e),
  );
  if (text === null) return null;
  const lock = parseLock(text);
  if (!lock) {
    throw new UserError(`${LOCK_PATH} is not a lock file this version understands.`, [
      `${LOCK_PATH}: restore it from git (git checkout -- ${LOCK_PATH}), or delete it to treat every existing file as not generated`,
    ]);
  }
  return lock;
}

export async function planRun(root: string, config: Config, options: RunOptions = {}): Promise<PlannedRun> {
  const { render = createStack, ...reconcileOptions } = options;
  const previousLock = await readLock(root);
  const tree = await render(config);
  const sidecars = (previousLock?.conflicts ?? []).map((c) => `${c.path}${SIDECAR_SUFFIX}`);
  const known = [...tree.paths(), ...Object.keys(previousLock?.files ?? {})];
  const disk = await readProjectFiles(root, new Set([...known, ...sidecars]));
  const stored = await readStoredBases(root, known);
  // The merge base is the stored copy; only when a merge needs one that is missing or edited is
  // last time's output rendered again.
  const fromCopies = lastGeneratedFrom(previousLock, stored, null);
  const rerendered = pathsNeedingBase(tree, disk, previousLock).some((path) => fromCopies(path) === null)
    ? await rerender(previousLock, render)
    : null;
  const lastGenerated = lastGeneratedFrom(previousLock, stored, rerendered);
  const changes = reconcile({
    tree,
    disk,
    lock: previousLock,
    policies: config.files,
    lastGenerated,
    ...reconcileOptions,
  });
  const lock = buildLock(config, changes);
  const lockText = serialiseLock(lock);
  const lockChanged = previousLock === null || serialiseLock(previousLock) !== lockText;
  const base = planBaseCopies({ tree, changes, previousLock, stored, lastGenerated });
  return { changes, previousLock, lock, lockText, lockChanged, base };
}

/**
 * Writes a planned run as one step: the changed files, `extra` (init's config file), the base
 * copies, deletions, then the lock, which is rewritten only when it or some file changes.
 */
export async function applyRun(root: string, run: PlannedRun, extra: FileWrite[] = [], fs?: WriteFs): Promise<void> {
  const writesLock = run.lockChanged || run.changes.some(isWrite);
  await applyChanges(root, run.changes, [...extra, ...run.base.writes], {
    remove: run.base.deletes,
    last: writesLock ? { path: LOCK_PATH, content: run.lockText } : null,
    ...(fs ? { fs } : {}),
  });
  await pruneEmptyFolders(root, run.base.deletes);
}

/** Folders of .ecs-stack/base/ that deleted copies left empty go too; best effort, as git ignores them. */
async function pruneEmptyFolders(root: string, deleted: string[]): Promise<void> {
  for (const path of deleted) {
    for (let dir = dirname(path); dir.startsWith(`${BASE_DIR}/`); dir = dirname(dir)) {
      try {
        await rmdir(join(root, dir));
      } catch {
        break; // not empty: neither is any folder above it
      }
    }
  }
}

function buildLock(config: Config, changes: Change[]): Lock {
  // The lock records what shapes the output; "$schema" only helps editors.
  const { $schema: _schema, ...resolved } = config;
  const conflicts = changes.flatMap((c) => (c.locked?.conflict ? [c.locked.conflict] : []));
  return {
    lockVersion: 1,
    toolVersion: TOOL_VERSION,
    config: resolved,
    files: Object.fromEntries(
      changes.flatMap((c) =>
        c.locked ? [[c.path, { hash: c.locked.hash, policy: c.policy } satisfies LockedFile]] : [],
      ),
    ),
    // Absent rather than empty, so a lock without conflicts reads as it always did.
    ...(conflicts.length > 0 ? { conflicts } : {}),
  };
}
