// Golden directories: every fixture is generated into a temporary project and compared with
// fixtures/<case>/expected/, file by file and as a file list. The copies in .ecs-stack/base/ are
// held to the files they copy instead of being stored in expected/ a second time. `npm run golden`
// rewrites them (UPDATE_GOLDEN=1); CI refuses to, so a golden change is always a reviewed commit.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseCopyProblems, FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";
import { generatedFixture } from "./support/generated.js";
import { runCli } from "./support/run-cli.js";
import { loadProjectConfig } from "../src/commands/load-project.js";
import { configWarnings } from "../src/config/rules.js";

const update = process.env.UPDATE_GOLDEN === "1";
if (update && process.env.CI)
  throw new Error("UPDATE_GOLDEN is refused when CI is set: golden files change only in a reviewed commit.");

describe.each(fixtureNames())("fixture %s", (name) => {
  it("generates exactly the expected tree, and check is then in sync", async () => {
    // The run the other files that read a fixture's output share (support/generated.ts).
    const { dir: project, result: generate, files: actual } = await generatedFixture(name);
    // Only the warnings the config earns (node-monorepo accepts plain HTTP in prod), nothing else.
    const warnings = configWarnings(await loadProjectConfig(project));
    expect(generate.stderr).toBe(warnings.map((w) => `warning: ${w}\n`).join(""));
    expect(generate.code).toBe(0);
    // The pristine copies are not in expected/: each must equal the generated file it belongs to.
    expect(await baseCopyProblems(project, actual)).toEqual([]);
    const expectedDir = join(FIXTURES_DIR, name, "expected");

    if (update) {
      await rm(expectedDir, { recursive: true, force: true });
      for (const [path, content] of actual) {
        await mkdir(dirname(join(expectedDir, path)), { recursive: true });
        await writeFile(join(expectedDir, path), content);
      }
    }
    // Our rulebook is internal: generated files cite public sources, never its rule ids.
    for (const [path, content] of actual)
      expect(content, path).not.toMatch(/RULES\.md|\b(TF|ECS|DF|FEED)-[A-Z]*-?\d\d\b/);
    const expected = await readTree(expectedDir);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [path, content] of expected) expect(actual.get(path), path).toBe(content);

    const check = await runCli(["check"], { cwd: project });
    expect(check.code, check.stderr).toBe(0);
  });
});
