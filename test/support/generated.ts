// Each fixture generated once per test process and shared by every file that reads its output:
// `generate` runs in a temporary copy of fixtures/<case>/ (as a user would run it), and what it
// wrote is kept in memory. The fast project runs its files in shared workers (vitest.config.ts,
// isolate: false), so a fixture costs one generate per worker instead of one per file that looks
// at it. Callers get copies: a test that edits what it got cannot change what the next one sees.
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigText } from "../../src/config/load.js";
import type { Config } from "../../src/config/normalise.js";
import { FIXTURES_DIR, generatedFiles, prepareFixture } from "./fixtures.js";
import { runCli, type CliResult } from "./run-cli.js";

export interface GeneratedFixture {
  /** The temporary project generate ran in. Shared: read it, never write to it. */
  dir: string;
  /** How `generate` ended. */
  result: CliResult;
  /** What it wrote, path -> content (fixtures.ts generatedFiles: not the app, the config or the base copies). */
  files: Map<string, string>;
}

const runs = new Map<string, Promise<GeneratedFixture>>();
const dirs: string[] = [];
process.once("exit", () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function generate(name: string): Promise<GeneratedFixture> {
  const dir = await prepareFixture(name);
  dirs.push(dir);
  const result = await runCli(["generate"], { cwd: dir });
  return { dir, result, files: await generatedFiles(name, dir) };
}

/** `generate` over fixtures/<name>/, run once per process. */
export async function generatedFixture(name: string): Promise<GeneratedFixture> {
  let run = runs.get(name);
  if (!run) {
    run = generate(name);
    runs.set(name, run);
  }
  const { dir, result, files } = await run;
  return { dir, result: { ...result }, files: new Map(files) };
}

/** The generated files of a fixture that generated cleanly; throws with generate's stderr otherwise. */
export async function fixtureOutput(name: string): Promise<Map<string, string>> {
  const { result, files } = await generatedFixture(name);
  if (result.code !== 0) throw new Error(`generate ${name} exited ${result.code}: ${result.stderr}`);
  return files;
}

const configs = new Map<string, Promise<Config>>();

/** fixtures/<name>/ecs-stack.config.json, parsed and normalised once per process (a copy each call). */
export async function fixtureConfig(name: string): Promise<Config> {
  let config = configs.get(name);
  if (!config) {
    config = readFile(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8").then((text) =>
      parseConfigText(text, name),
    );
    configs.set(name, config);
  }
  return structuredClone(await config);
}
