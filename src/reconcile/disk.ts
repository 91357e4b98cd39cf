// Reading and writing the project folder. Every path is checked against the real folder first:
// nothing is read or written through a symlink that leads outside the project.
import { lstat, mkdir, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { UserError } from "../errors.js";
import type { Change } from "./reconcile.js";

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
      await readFile(join(root, path), "utf8").catch((e: NodeJS.ErrnoException) =>
        e.code === "ENOENT" ? null : Promise.reject(e),
      ),
    );
  }
  return out;
}

/**
 * Applies the changes as one step: every new content is first written beside its target, and
 * only when all of those writes succeeded are they renamed into place (a rename within a folder
 * is atomic). A failure while staging removes the staged files and leaves the project as it was.
 */
export async function applyChanges(
  root: string,
  changes: Change[],
  extra: { path: string; content: string }[],
): Promise<void> {
  const writes = [
    ...changes
      .filter((c) => (c.action === "create" || c.action === "update") && c.next !== null)
      .map((c) => ({ path: c.path, content: c.next! })),
    ...extra,
  ];
  for (const w of writes) await assertInsideProject(root, w.path);
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const w of writes) {
      const target = join(root, w.path);
      const temp = `${target}.ecs-stack-${process.pid}.tmp`;
      await mkdir(dirname(target), { recursive: true });
      staged.push({ temp, target });
      await writeFile(temp, w.content, "utf8");
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw error;
  }
  for (const s of staged) await rename(s.temp, s.target);
  for (const c of changes.filter((c) => c.action === "delete")) await rm(join(root, c.path), { force: true });
}
