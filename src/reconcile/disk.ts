// Reading and writing the project folder. Every path is checked against the real folder first:
// nothing is read or written through a symlink that leads outside the project.
import { lstat, readFile, realpath } from "node:fs/promises";
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

export async function readProjectFiles(root: string, paths: Iterable<string>): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const path of paths) {
    await assertInsideProject(root, path);
    out.set(
      path,
      // ENOTDIR: a file stands where a folder would be, so the target does not exist (yet);
      // the write then fails cleanly before anything changes.
      await readFile(join(root, path), "utf8").catch((e: NodeJS.ErrnoException) =>
        e.code === "ENOENT" || e.code === "ENOTDIR" ? null : Promise.reject(e),
      ),
    );
  }
  return out;
}
