// The bundle (dist/bundle/, scripts/bundle.js) is what bin/create-ecs-stack.js runs and what npm
// ships; the in-process tests run src/. This holds the bundle to the same golden files.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import {
  baseCopyProblems,
  FIXTURES_DIR,
  fixtureNames,
  generatedFiles,
  prepareFixture,
  readTree,
} from "./support/fixtures.js";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "create-ecs-stack.js");
const run = (args: string[]) => execa("node", [BIN, ...args], { reject: false, env: { CI: "true" }, stdin: "ignore" });

describe("the bundled CLI", () => {
  it("bin/create-ecs-stack.js runs the bundle", async () => {
    expect(await readFile(BIN, "utf8")).toContain('from "../dist/bundle/create-ecs-stack.js"');
  });

  it.each(fixtureNames())("generates fixture %s exactly as expected, then check is in sync", async (name) => {
    const project = await prepareFixture(name);
    const generate = await run(["generate", "--cwd", project]);
    expect(generate.exitCode, generate.stderr).toBe(0);
    const actual = await generatedFiles(name, project);
    // The pristine copies are not in expected/: each must equal the generated file it belongs to.
    expect(await baseCopyProblems(project, actual)).toEqual([]);
    const expected = await readTree(join(FIXTURES_DIR, name, "expected"));
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [path, content] of expected) expect(actual.get(path), path).toBe(content);
    const check = await run(["check", "--cwd", project]);
    expect(check.exitCode, check.stderr).toBe(0);
  });

  it("loads no formatter: prettier is a development dependency and nothing in the bundle imports it", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    expect(pkg.dependencies).not.toHaveProperty("prettier");
    expect(pkg.devDependencies).toHaveProperty("prettier");
    const chunks = (await readdir(join(ROOT, "dist", "bundle"))).filter((f) => f.endsWith(".js"));
    for (const chunk of chunks) {
      expect(await readFile(join(ROOT, "dist", "bundle", chunk), "utf8"), chunk).not.toMatch(
        /["']prettier(\/[^"']*)?["']/,
      );
    }
  });

  it("ships in the package, templates beside it", async () => {
    const pack = await execa("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
    const files = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain("bin/create-ecs-stack.js");
    expect(files).toContain("dist/bundle/create-ecs-stack.js");
    expect(files.filter((f) => f.startsWith("dist/bundle/chunk-")).length).toBeGreaterThan(0);
    expect(files).toContain("templates/compose/docker-compose.yml.hbs");
  });
});
