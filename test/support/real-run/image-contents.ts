// What an image holds: its flattened file list (docker export), every layer's bytes and its config and
// history (docker save), so the tests can look for dev dependencies, registry files and tokens.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { execa } from "execa";
import type { Engine } from "./engine.js";
import { docker, dockerOk } from "./docker.js";

/** Every path in the image's filesystem, without a leading "./" or "/". */
export async function imagePaths(engine: Engine, image: string): Promise<Set<string>> {
  const id = (await dockerOk(engine, ["create", "--pull", "never", image])).trim();
  try {
    const dir = await mkdtemp(join(tmpdir(), "real-run-export-"));
    await dockerOk(engine, ["export", "-o", join(dir, "fs.tar"), id]);
    const list = await execa("tar", ["-tf", join(dir, "fs.tar")], { maxBuffer: 512 * 1024 * 1024 });
    await rm(dir, { recursive: true, force: true });
    return new Set(list.stdout.split("\n").map((p) => p.replace(/^\.?\//, "").replace(/\/$/, "")));
  } finally {
    await docker(engine, ["rm", "-f", id]);
  }
}

/** Where `needle` occurs: layer files of `docker save` (gunzipped when compressed), config, history. */
export async function findInImage(engine: Engine, image: string, needle: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "real-run-save-"));
  const found: string[] = [];
  try {
    await dockerOk(engine, ["save", "-o", join(dir, "image.tar"), image]);
    await execa("tar", ["-xf", join(dir, "image.tar"), "-C", dir]);
    await rm(join(dir, "image.tar"));
    for (const file of await walk(dir)) {
      let bytes = await readFile(file);
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
      if (bytes.includes(needle)) found.push(file.slice(dir.length + 1));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const history = await dockerOk(engine, ["history", "--no-trunc", "--format", "{{.CreatedBy}}", image]);
  if (history.includes(needle)) found.push("docker history");
  const config = await dockerOk(engine, ["image", "inspect", image]);
  if (config.includes(needle)) found.push("image config");
  return found;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The image's configured user, as `docker image inspect` gives it ("" means root). */
export async function imageUser(engine: Engine, image: string): Promise<string> {
  return (await dockerOk(engine, ["image", "inspect", "-f", "{{.Config.User}}", image])).trim();
}
