// Find and parse the project's config, with the messages a user needs when it is not there.
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CONFIG_FILE, parseConfigText } from "../config/load.js";
import type { Config } from "../config/normalise.js";
import { UserError } from "../errors.js";

export async function resolveProjectRoot(cwd: string): Promise<string> {
  const root = resolve(cwd);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new UserError(`--cwd: ${root} is not a folder; pass the folder of your app.`);
  return root;
}

export async function loadProjectConfig(root: string): Promise<Config> {
  const text = await readFile(join(root, CONFIG_FILE), "utf8").catch((e: NodeJS.ErrnoException) =>
    e.code === "ENOENT" ? null : Promise.reject(e),
  );
  if (text === null) {
    throw new UserError(`No ${CONFIG_FILE} in ${root}.`, [
      `${CONFIG_FILE}: run \`create-ecs-stack init\` there first, or pass --cwd with the folder that has it`,
    ]);
  }
  return parseConfigText(text, CONFIG_FILE);
}
