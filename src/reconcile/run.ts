// The shared body of generate, check, diff and init: from a config to the changes a run would
// make, with the lock that would record them. Writing is the caller's last step.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../config/normalise.js";
import { UserError } from "../errors.js";
import { TOOL_VERSION } from "../package-info.js";
import { createStack } from "../stack.js";
import { lastGeneratedFrom, needsBase } from "./base.js";
import { readProjectFiles } from "./disk.js";
import { SIDECAR_SUFFIX } from "./edited.js";
import { LOCK_PATH, parseLock, serialiseLock, type Lock } from "./lock.js";
import { reconcile, type Change, type ConflictStyle } from "./reconcile.js";

export interface PlannedRun {
  changes: Change[];
  previousLock: Lock | null;
  lock: Lock;
  lockText: string;
  lockChanged: boolean;
}

export interface RunOptions {
  restore?: boolean;
  conflictStyle?: ConflictStyle;
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
  const tree = await createStack(config);
  const previousLock = await readLock(root);
  const sidecars = (previousLock?.conflicts ?? []).map((c) => `${c.path}${SIDECAR_SUFFIX}`);
  const disk = await readProjectFiles(
    root,
    new Set([...tree.paths(), ...Object.keys(previousLock?.files ?? {}), ...sidecars]),
  );
  const lastGenerated = needsBase(tree, disk, previousLock) ? await lastGeneratedFrom(previousLock) : () => null;
  const changes = reconcile({ tree, disk, lock: previousLock, policies: config.files, lastGenerated, ...options });
  const lock = buildLock(config, changes);
  const lockText = serialiseLock(lock);
  const lockChanged = previousLock === null || serialiseLock(previousLock) !== lockText;
  return { changes, previousLock, lock, lockText, lockChanged };
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
      changes.flatMap((c) => (c.locked ? [[c.path, { hash: c.locked.hash, policy: c.policy }]] : [])),
    ),
    // Absent rather than empty, so a lock without conflicts reads as it always did.
    ...(conflicts.length > 0 ? { conflicts } : {}),
  };
}
