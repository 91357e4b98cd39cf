// Golden fixtures: fixtures/<case>/ holds the input config, an optional tiny app (app/) and the
// complete expected output (expected/). This module copies a case to a temporary project and
// lists what a run wrote.
import { existsSync, readdirSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FIXTURES_DIR = join(import.meta.dirname, "..", "..", "fixtures");

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR)
    .sort()
    .filter((name) => existsSync(join(FIXTURES_DIR, name, "ecs-stack.config.json")));
}

/** A temporary project with the fixture's app and config, ready for `generate`. */
export async function prepareFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `ecs-stack-${name}-`));
  const app = join(FIXTURES_DIR, name, "app");
  if (existsSync(app)) await cp(app, dir, { recursive: true });
  await cp(join(FIXTURES_DIR, name, "ecs-stack.config.json"), join(dir, "ecs-stack.config.json"));
  return dir;
}

/** Every file below `dir`, as project-relative path -> content. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (sub: string) => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else if (entry.isFile()) out.set(rel, await readFile(join(dir, rel), "utf8"));
    }
  };
  await walk("");
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** What a run wrote: everything in the project that the fixture did not bring. */
export async function generatedFiles(name: string, projectDir: string): Promise<Map<string, string>> {
  const all = await readTree(projectDir);
  const app = join(FIXTURES_DIR, name, "app");
  const brought = existsSync(app) ? await readTree(app) : new Map<string, string>();
  return new Map([...all].filter(([path]) => !brought.has(path) && path !== "ecs-stack.config.json"));
}
