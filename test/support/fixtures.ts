// Golden fixtures: fixtures/<case>/ holds the input config, an optional tiny app (app/) and the
// complete expected output (expected/), except the pristine copies under .ecs-stack/base/: they
// are byte for byte the generated files they belong to, so expected/ does not store them twice;
// baseCopyProblems holds a run's copies to that instead. This module copies a case to a
// temporary project and lists what a run wrote.
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

const BASE_PREFIX = ".ecs-stack/base/";

/** What a run wrote: everything in the project that the fixture did not bring, but the base copies. */
export async function generatedFiles(name: string, projectDir: string): Promise<Map<string, string>> {
  const all = await readTree(projectDir);
  const app = join(FIXTURES_DIR, name, "app");
  const brought = existsSync(app) ? await readTree(app) : new Map<string, string>();
  return new Map(
    [...all].filter(
      ([path]) => !brought.has(path) && path !== "ecs-stack.config.json" && !path.startsWith(BASE_PREFIX),
    ),
  );
}

/**
 * After a fresh generate, .ecs-stack/base/ holds exactly one copy per file the lock records with
 * policy "merge", equal to that file. Returns what is wrong (empty: nothing).
 */
export async function baseCopyProblems(projectDir: string, generated: Map<string, string>): Promise<string[]> {
  const copies = new Map(
    [...(await readTree(projectDir))]
      .filter(([path]) => path.startsWith(BASE_PREFIX))
      .map(([path, content]) => [path.slice(BASE_PREFIX.length), content]),
  );
  const lock = JSON.parse(generated.get(".ecs-stack/lock.json") ?? "{}") as {
    files?: Record<string, { policy: string }>;
  };
  const merged = Object.entries(lock.files ?? {})
    .filter(([, file]) => file.policy === "merge")
    .map(([path]) => path)
    .sort((a, b) => a.localeCompare(b));
  const problems: string[] = [];
  if (JSON.stringify([...copies.keys()]) !== JSON.stringify(merged))
    problems.push(
      `copies of [${[...copies.keys()].join(", ")}], but the lock's merge files are [${merged.join(", ")}]`,
    );
  for (const [path, content] of copies)
    if (generated.get(path) !== content) problems.push(`${BASE_PREFIX}${path} differs from ${path}`);
  return problems;
}
