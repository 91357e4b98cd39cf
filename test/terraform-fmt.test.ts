// `terraform fmt -check` over the generated Terraform: every fixture's infra/ (fixtures/<case>/expected/) and
// the Spot and schedule options no fixture has. It runs the terraform binary, so it is in the slow project;
// output-infra.test.ts and cost-options.test.ts check the same Terraform in process.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigValue } from "../src/config/load.js";
import { createStack } from "../src/stack.js";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";
import { spotAndSchedule } from "./support/sample-configs.js";
import { terraformFmtCheck } from "./support/validators/terraform.js";

describe.each(fixtureNames())("fixture %s infrastructure", (name) => {
  it("terraform fmt -check accepts infra/", async (ctx) => {
    // fmt -check only reads; the expected tree is checked in place. Without a terraform binary the validator
    // prints a banner and the test is reported as skipped, not passed.
    const result = await terraformFmtCheck(join(FIXTURES_DIR, name, "expected", "infra"));
    if (result.skipped) ctx.skip();
    expect(result.ok, result.output).toBe(true);
  });
});

describe("Terraform with Spot and a schedule", () => {
  it("terraform fmt -check accepts it", async (ctx) => {
    const tree = await createStack(parseConfigValue(spotAndSchedule(), "test"));
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-cost-options-"));
    for (const [path, content] of tree.entries().filter(([path]) => path.endsWith(".tf"))) {
      await mkdir(join(dir, path, ".."), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    const fmt = await terraformFmtCheck(dir);
    if (fmt.skipped) ctx.skip();
    expect(fmt.ok, fmt.output).toBe(true);
  });
});
