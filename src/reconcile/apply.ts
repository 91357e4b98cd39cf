// Writing a run to disk as one step. Every new content is first staged beside its target; only
// when all staging succeeded are the stages renamed into place (atomic within a folder), then
// deletions, then the lock last. A failure while committing puts back what was already changed,
// so an error leaves the old tree. A crash cannot roll back, but because the lock moves last the
// next run finds the renamed files already equal to its output (or already merged) and records
// them; the files not renamed yet are simply written then.
import * as nodeFs from "node:fs/promises";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";
import { assertInsideProject, inOrder } from "./disk.js";
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
  const items = [...writes, ...deletes.map((path) => ({ path, content: null })), ...(last ? [last] : [])];
  await inOrder(items.map((w) => assertInsideProject(root, w.path)));
  const steps: Step[] = items.map((w) => ({
    path: w.path,
    content: w.content,
    previous: null,
    ...(w.content !== null && { temp: `${join(root, w.path)}.ecs-stack-${process.pid}.tmp` }),
  }));
  const created: string[] = [];
  try {
    // Folders one by one (each reports the first folder it made, for the clean-up), then every
    // stage at once.
    for (const dir of new Set(steps.filter((s) => s.temp).map((s) => dirname(join(root, s.path))))) {
      const made = await fs.mkdir(dir, { recursive: true });
      if (made) created.push(made);
    }
    await inOrder(steps.map((step) => stage(root, step, fs)));
  } catch (error) {
    await cleanUp(steps, created, fs);
    throw asUserError(error);
  }
  // Every file but the last (the lock) at once; the last only when all of them are in place.
  const done: Step[] = [];
  const commitAll = async (batch: Step[]) => {
    const settled = await Promise.allSettled(batch.map((step) => commit(root, step, fs)));
    done.push(...batch.filter((_, i) => settled[i]!.status === "fulfilled"));
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
  };
  try {
    await commitAll(last ? steps.slice(0, -1) : steps);
    if (last) await commitAll(steps.slice(-1));
  } catch (error) {
    await rollBack(root, done, fs);
    await cleanUp(steps, created, fs);
    throw asUserError(error);
  }
}

/** Reads what the file holds now (for a rollback) and writes the new content beside it. */
async function stage(root: string, step: Step, fs: WriteFs): Promise<void> {
  step.previous = await fs
    .readFile(join(root, step.path), "utf8")
    .catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" || e.code === "ENOTDIR" ? null : Promise.reject(e)));
  if (step.temp) await fs.writeFile(step.temp, step.content!, "utf8");
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
