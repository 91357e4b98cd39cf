// Turning an environment's `spot` on or off must not replace an ECS service: a replacement is
// created from the bootstrap task definition (the service ignores later revisions, which CI owns),
// so the environment would serve the bootstrap image until the next deploy. The provider updates
// the capacity provider strategy in place only when force_new_deployment is true and the service
// has a strategy block before and after (its capacityProviderStrategyCustomizeDiff; the
// aws_ecs_service page, capacity_provider_strategy), and a launch_type change always replaces it.
// A mocked plan cannot show this (the mock never runs the provider's diff), so the module's text is
// held to those conditions.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";
import { attributesOf, blocksOf, scanHcl } from "./support/validators/hcl-scan.js";

async function ecsService(fixture: string) {
  const text = await readFile(
    join(FIXTURES_DIR, fixture, "expected", "infra", "modules", "service", "main.tf"),
    "utf8",
  );
  const resource = blocksOf(scanHcl(text).body, "resource").find((b) => b.labels[0] === "aws_ecs_service");
  expect(resource).toBeDefined();
  return resource!.body;
}

describe.each(fixtureNames())("%s: switching Fargate Spot updates the service in place", (fixture) => {
  it("never sets a launch type, which forces a new service when it changes", async () => {
    const body = await ecsService(fixture);
    expect(attributesOf(body).map((a) => a.name)).not.toContain("launch_type");
  });

  it("has exactly one static capacity_provider_strategy block that follows var.spot", async () => {
    const body = await ecsService(fixture);
    expect(blocksOf(body, "dynamic").map((b) => b.labels[0])).not.toContain("capacity_provider_strategy");
    const strategies = blocksOf(body, "capacity_provider_strategy");
    expect(strategies).toHaveLength(1);
    const provider = attributesOf(strategies[0]!.body).find((a) => a.name === "capacity_provider");
    expect(provider?.expr).toBe('var.spot ? "FARGATE_SPOT" : "FARGATE"');
  });

  it("forces a new deployment, without which the provider replaces the service on a strategy change", async () => {
    const body = await ecsService(fixture);
    expect(attributesOf(body).find((a) => a.name === "force_new_deployment")?.expr).toBe("true");
    // The running revision stays CI's: the service still ignores task_definition.
    const lifecycle = blocksOf(body, "lifecycle")[0]!;
    expect(attributesOf(lifecycle.body).find((a) => a.name === "ignore_changes")?.expr).toContain("task_definition");
  });
});
