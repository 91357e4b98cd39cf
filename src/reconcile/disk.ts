// Reading and writing the project folder. Every path is checked against the real folder first:
// nothing is read or written through a symlink that leads outside the project.
import { lstat, readFile, realpath } from "node:fs/promises";
import type { Stats } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { UserError } from "../errors.js";

/** Throws a UserError when `path` (or a folder on the way to it) resolves outside `root`. */
export async function assertInsideProject(root: string, path: string): Promise<void> {
  const realRoot = await realpath(root);
  let probe = join(root, path);
  // The deepest part of the path that exists decides where a write would really land.
  for (;;) {
    const stat = await lstat(probe).catch(() => null);
    if (stat) break;
    probe = dirname(probe);
  }
  const real = await realpath(probe);
  const rel = relative(realRoot, real);
  if (rel === ".." || rel.startsWith(`..${sep}`) || rel.startsWith(sep)) {
    throw new UserError(`Refusing to touch ${path}: it leads outside the project folder.`, [
      `${path}: resolves to ${real} through a symbolic link; replace the link with a real file or folder inside the project`,
    ]);
  }
}

/**
 * Reads files of the tool's own folder (`.ecs-stack/...`), null for a missing one. No symbolic
 * link is followed there, not even one inside the project: it could make a write meant for the
 * tool land on one of the user's files. With no link below the project folder, nothing read or
 * written there leaves it. Folders are looked at once per call.
 */
export async function readToolFiles(root: string, paths: Iterable<string>): Promise<Map<string, string | null>> {
  const seen = new Map<string, Promise<Stats | null>>();
  const look = (rel: string): Promise<Stats | null> => {
    let stat = seen.get(rel);
    if (stat === undefined) seen.set(rel, (stat = lstat(join(root, rel)).catch(() => null)));
    return stat;
  };
  const readOne = async (path: string): Promise<string | null> => {
    const parts = path.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const rel = parts.slice(0, i).join("/");
      const stat = await look(rel);
      if (stat?.isSymbolicLink()) {
        throw new UserError(`Refusing to use ${rel}: it is a symbolic link in create-ecs-stack's own folder.`, [
          `${rel}: replace the link with a real folder or file, or delete it; \`create-ecs-stack generate\` writes it again`,
        ]);
      }
      if (stat === null) return null;
      if (i === parts.length) return stat.isFile() ? readFile(join(root, path), "utf8") : null;
    }
    return null;
  };
  const list = [...paths];
  const contents = await Promise.all(list.map(readOne));
  return new Map(list.map((path, i) => [path, contents[i] ?? null]));
}

export async function readProjectFiles(root: string, paths: Iterable<string>): Promise<Map<string, string | null>> {
  const list = [...paths];
  const read = async (path: string): Promise<string | null> => {
    await assertInsideProject(root, path);
    // ENOTDIR: a file stands where a folder would be, so the target does not exist (yet);
    // the write then fails cleanly before anything changes.
    return readFile(join(root, path), "utf8").catch((e: NodeJS.ErrnoException) =>
      e.code === "ENOENT" || e.code === "ENOTDIR" ? null : Promise.reject(e),
    );
  };
  const contents = await inOrder(list.map(read));
  return new Map(list.map((path, i) => [path, contents[i]!]));
}

/**
 * Promise.all for file work started together (the disk answers many requests at once far faster
 * than one after another), except that it waits for every request to end and then fails with the
 * first failure in the list's order: the same error, naming the same file, on every run.
 */
export async function inOrder<T>(work: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
