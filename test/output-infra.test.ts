// Every fixture's generated infrastructure (fixtures/<case>/expected/), checked by independent tools and by the
// rule catalogue (docs/rules.md sections 4 and 5), not against our own snapshot (`terraform fmt -check`:
// terraform-fmt.test.ts): the AWS provider schema and reference checks (validators/terraform.ts), the section 5
// MUSTs as assertions, each task definition against the ECS API model and the section 4 MUSTs, and the
// Terraform, task definitions and workflows against each other.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigValue } from "../src/config/load.js";
import { createStack } from "../src/stack.js";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";
import { checkInfraConsistency } from "./support/rules/infra-consistency.js";
import { checkTaskDefinitionRules } from "./support/rules/task-definition-rules.js";
import { checkTerraformRules } from "./support/rules/terraform-rules.js";
import { checkTaskDefinition } from "./support/validators/ecs-task-definition.js";
import { checkTerraformDir } from "./support/validators/terraform.js";

// docs/rules.md CMP-10: the cache container compose runs locally and ElastiCache run the same major, in every
// fixture with a cache and in the default of each engine.
describe("cache: the same major locally and on ElastiCache", () => {
  const majors = (tree: Map<string, string>) => {
    const image = /\n {2}cache:\n {4}image: ([^\n]+)/.exec(tree.get("docker-compose.yml") ?? "")?.[1];
    const roots = [...tree].filter(([path]) => /^infra\/environments\/[^/]+\/main\.tf$/.test(path));
    const cloud = roots.map(
      ([, text]) => /engine_version\s+= "([^"]+)"/.exec(text.slice(text.indexOf('module "cache"')))?.[1],
    );
    return { image, local: image?.split(":")[1]?.split(".")[0], cloud: cloud.map((v) => v?.split(".")[0]) };
  };
  const withCache = fixtureNames().filter((name) =>
    /"cache":\s*\{\s*"engine":\s*"(redis|valkey)"/.test(
      readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8"),
    ),
  );

  it("some fixtures have a cache", () => expect(withCache.length).toBeGreaterThan(0));

  it.each(withCache)("%s", async (name) => {
    const { image, local, cloud } = majors(await readTree(join(FIXTURES_DIR, name, "expected")));
    expect(image).toMatch(/^(redis|valkey\/valkey):/);
    expect(cloud.length).toBeGreaterThan(0);
    for (const major of cloud) expect(major).toBe(local);
  });

  it.each(["redis", "valkey"] as const)("the default %s version", async (engine) => {
    const raw = JSON.parse(readFileSync(join(FIXTURES_DIR, "dotnet-api", "ecs-stack.config.json"), "utf8"));
    const tree = await createStack(parseConfigValue({ ...raw, cache: { engine } }, "dotnet-api"));
    const { local, cloud } = majors(new Map(tree.entries()));
    expect(local).toMatch(/^\d+$/);
    for (const major of cloud) expect(major).toBe(local);
  });
});

describe.each(fixtureNames())("fixture %s infrastructure", (name) => {
  const expectedDir = join(FIXTURES_DIR, name, "expected");
  const files = () => readTree(expectedDir);
  const taskDefinitions = async () =>
    [...(await files())].filter(([path]) => /^infra\/task-definitions\/[^/]+\/[^/]+\.json$/.test(path));

  it("has Terraform and task definitions", async () => {
    const tree = await files();
    expect([...tree.keys()].filter((path) => path.startsWith("infra/") && path.endsWith(".tf")).length).toBeGreaterThan(
      0,
    );
    expect((await taskDefinitions()).length).toBeGreaterThan(0);
  });

  it("matches the AWS provider schema, and every reference resolves", async () => {
    expect(await checkTerraformDir(await files())).toEqual([]);
  });

  it("keeps the MUST rules of docs/rules.md section 5", async () => {
    expect(checkTerraformRules(await files())).toEqual([]);
  });

  it("every task definition is a valid RegisterTaskDefinition request and keeps docs/rules.md section 4", async () => {
    for (const [path, text] of await taskDefinitions()) {
      const td = JSON.parse(text) as unknown;
      expect(checkTaskDefinition(td), path).toEqual([]);
      expect(checkTaskDefinitionRules(td, path)).toEqual([]);
    }
  });

  it("Terraform, task definitions and workflows agree (files, names, roles, OIDC subjects)", async () => {
    expect(checkInfraConsistency(await files())).toEqual([]);
  });
});
