// Writing a run to disk as one step. Every new content is first staged beside its target; only
// when all staging succeeded are the stages renamed into place (atomic within a folder), then
// deletions, then the lock last. A failure while committing puts back what was already changed,
// so an error leaves the old tree. A crash cannot roll back, but because the lock moves last the
// next run finds the renamed files already equal to its output (or already merged) and records
// them; the files not renamed yet are simply written then.
import * as nodeFs from "node:fs/promises";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";
import { assertInsideProject } from "./disk.js";
import type { Change } from "./reconcile.js";

/** The part of node:fs/promises a write uses; tests pass one that fails on purpose. */
export interface WriteFs {
  mkdir(path: string, options: { recursive: true }): Promise<string | undefined>;
  readFile(path: string, encoding: "utf8"): Promise<string>;
  writeFile(path: string, content: string, encoding: "utf8"): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force?: boolean; recursive?: boolean }): Promise<void>;
}

export interface FileWrite {
  path: string;
  content: string;
}

interface Step {
  path: string;
  /** New content, or null to delete. */
  content: string | null;
  /** Content before the run, for the rollback; null when absent. */
  previous: string | null;
  temp?: string;
}

export interface ApplyOptions {
  /** More paths to delete, beside the changes' deletions (stale copies in .ecs-stack/base/). */
  remove?: string[];
  /** Written after everything else (the lock). */
  last?: FileWrite | null;
  fs?: WriteFs;
}

export function writesOf(changes: Change[]): FileWrite[] {
  return changes.flatMap((c) => [
    ...(["create", "update", "merge", "conflict"].includes(c.action) && c.next !== null
      ? [{ path: c.path, content: c.next }]
      : []),
    ...(c.sidecar ? [c.sidecar] : []),
  ]);
}

export async function applyChanges(
  root: string,
  changes: Change[],
  extra: FileWrite[],
  { remove = [], last = null, fs = nodeFs as WriteFs }: ApplyOptions = {},
): Promise<void> {
  const writes = [...writesOf(changes), ...extra];
  const deletes = [...changes.filter((c) => c.action === "delete").map((c) => c.path), ...remove];
  for (const path of [...writes.map((w) => w.path), ...deletes, ...(last ? [last.path] : [])])
    await assertInsideProject(root, path);
  const created: string[] = [];
  const steps: Step[] = [];
  try {
    for (const w of [...writes, ...deletes.map((path) => ({ path, content: null })), ...(last ? [last] : [])])
      await stage(root, w, fs, steps, created);
  } catch (error) {
    await cleanUp(steps, created, fs);
    throw asUserError(error);
  }
  const done: Step[] = [];
  try {
    for (const step of steps) {
      await commit(root, step, fs);
      done.push(step);
    }
  } catch (error) {
    await rollBack(root, done, fs);
    await cleanUp(steps, created, fs);
    throw asUserError(error);
  }
}

/** Records the step first, so a half-written stage is still cleaned up. */
async function stage(
  root: string,
  w: { path: string; content: string | null },
  fs: WriteFs,
  steps: Step[],
  created: string[],
): Promise<void> {
  const target = join(root, w.path);
  const previous = await fs
    .readFile(target, "utf8")
    .catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" || e.code === "ENOTDIR" ? null : Promise.reject(e)));
  if (w.content === null) {
    steps.push({ path: w.path, content: null, previous });
    return;
  }
  const made = await fs.mkdir(dirname(target), { recursive: true });
  if (made) created.push(made);
  const step: Step = { path: w.path, content: w.content, previous, temp: `${target}.ecs-stack-${process.pid}.tmp` };
  steps.push(step);
  await fs.writeFile(step.temp!, w.content, "utf8");
}

async function commit(root: string, step: Step, fs: WriteFs): Promise<void> {
  if (step.temp) await fs.rename(step.temp, join(root, step.path));
  else await fs.rm(join(root, step.path), { force: true });
}

/** Puts back, newest first, what the committed steps changed; best effort, then the error. */
async function rollBack(root: string, done: Step[], fs: WriteFs): Promise<void> {
  for (const step of [...done].reverse()) {
    const target = join(root, step.path);
    try {
      if (step.previous === null) await fs.rm(target, { force: true });
      else {
        await fs.writeFile(`${target}.ecs-stack-undo.tmp`, step.previous, "utf8");
        await fs.rename(`${target}.ecs-stack-undo.tmp`, target);
      }
    } catch {
      // Keep going: the other files still deserve their old content.
    }
  }
}

async function cleanUp(steps: Step[], created: string[], fs: WriteFs): Promise<void> {
  for (const step of steps) if (step.temp) await fs.rm(step.temp, { force: true }).catch(() => undefined);
  // Folders this run created hold nothing of anyone else's.
  for (const dir of created.reverse()) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/** Disk errors (permission, disk full, a file where a folder should be) are the user's to fix. */
function asUserError(error: unknown): unknown {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof e.code !== "string" || !e.path) return error;
  return new UserError(`Could not write the files (${e.code}); nothing was changed.`, [
    `${e.path}: ${e.message}; fix the cause (permissions, free space, a file in the way) and run again`,
  ]);
}
