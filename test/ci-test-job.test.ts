// A Node monorepo whose internal packages are workspaces (feed "source"), in CI and in development:
// a test that imports @harbor/ui needs it built first, as the image build does.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "./support/fixtures.js";
import { jobSteps } from "./support/workflow-step.js";

describe("node-source: the CI test job", () => {
  it("builds every internal package, in the config's order, between the install and the tests", async () => {
    const config = JSON.parse(await readFile(join(FIXTURES_DIR, "node-source", "ecs-stack.config.json"), "utf8"));
    const paths: string[] = config.feed.packages.map((p: { path: string }) => p.path);
    expect(paths.length).toBeGreaterThan(1);
    const steps = (await jobSteps("node-source", "ci.yml", "test")).filter((s) => s.run);
    expect(steps.map((s) => s.run!.trim())).toEqual([
      "npm ci",
      ...paths.map((path) => `npm run build --workspace ${path} --if-present`),
      "npm test --workspaces --if-present",
    ]);
  });

  it("the Dockerfiles build the same packages the same way", async () => {
    const dockerfile = await readFile(join(FIXTURES_DIR, "node-source", "expected", "api", "Dockerfile"), "utf8");
    expect(dockerfile).toContain(
      "npm run build --workspace packages/core --if-present && \\\n    npm run build --workspace packages/ui --if-present",
    );
  });
});

describe("node-source: development containers", () => {
  it("mount the internal packages beside the service, since the deps stage holds only their package.json", async () => {
    const { parse } = await import("yaml");
    const text = await readFile(join(FIXTURES_DIR, "node-source", "expected", "docker-compose.override.yml"), "utf8");
    const services = parse(text).services as Record<string, { volumes: string[] }>;
    for (const name of ["web", "api"])
      expect(services[name]!.volumes).toEqual(
        expect.arrayContaining(["./packages/core:/app/packages/core", "./packages/ui:/app/packages/ui"]),
      );
  });
});
