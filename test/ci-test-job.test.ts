// A Node monorepo whose internal packages are workspaces (feed "source"), in CI and in development:
// a test that imports @harbor/ui needs it built first, as the image build does.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "./support/fixtures.js";
import { answers, jobSteps, runStep, type Step } from "./support/workflow-step.js";

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

// The CI test job of a CodeArtifact stack restores the private packages as the image build does: with
// the read-only "feed" role (OIDC) and a short-lived token that only the install step sees.
const CODEARTIFACT = ["dotnet-codeartifact", "node-codeartifact", "payroll-codeartifact", "rails-codeartifact"];

/** The one argument the runner hands the container for `args: -c "SCRIPT"`: SCRIPT, without its quotes. */
const shellScript = (args: string) => {
  const m = /^-c "([^"]*)"$/.exec(args);
  if (!m) throw new Error(`args is not -c "SCRIPT" without inner quotes: ${args}`);
  return m[1]!;
};

describe.each(CODEARTIFACT)("%s: the CI test job reads CodeArtifact", (fixture) => {
  const job = async () => {
    const { parse } = await import("yaml");
    const path = join(FIXTURES_DIR, fixture, "expected", ".github", "workflows", "ci.yml");
    return parse(await readFile(path, "utf8")).jobs.test as { permissions?: Record<string, string> };
  };

  it("assumes the feed role with OIDC, mints the token, and gives it to the install step alone", async () => {
    expect((await job()).permissions).toEqual({ contents: "read", "id-token": "write" });
    const steps = await jobSteps(fixture, "ci.yml", "test");
    const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    const role = at((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") ?? false);
    const token = at((s) => s.id === "feed-token");
    const install = at((s) => /\b(npm ci|dotnet restore|bundle install)\b/.test(s.run ?? ""));
    expect(role).toBeGreaterThan(-1);
    expect(steps[role]!.with!["role-to-assume"]).toBe("${{ vars.AWS_FEED_ROLE_ARN }}");
    expect(role).toBeLessThan(token);
    expect(token).toBeLessThan(install);
    expect(steps[token]!.uses).toMatch(/^docker:\/\/public\.ecr\.aws\/aws-cli\/aws-cli:\d+\.\d+\.\d+$/);
    expect(steps[token]!.with!.entrypoint).toBe("/bin/sh");
    const credential = Object.entries(steps[install]!.env ?? {});
    expect(credential).toHaveLength(1);
    expect(credential[0]![0]).toMatch(/^(FEED_TOKEN|BUNDLE_[A-Z0-9_]+)$/);
    expect(credential[0]![1]).toMatch(/^(aws:)?\$\{\{ steps\.feed-token\.outputs\.token \}\}$/);
    for (const step of steps.slice(install + 1)) expect(JSON.stringify(step.env ?? {})).not.toMatch(/feed-token/);
  });

  it("the token script masks the token before anything prints it, and hands it on as a step output", async () => {
    const steps = await jobSteps(fixture, "ci.yml", "test");
    const script = shellScript(steps.find((s) => s.id === "feed-token")!.with!.args!);
    const run = await runStep(script, { aws: answers("ca-token-123") });
    expect(run.code).toBe(0);
    expect(run.calls.aws![0]).toMatch(
      /^codeartifact get-authorization-token --domain \S+ --domain-owner \d{12} .*--duration-seconds 900/,
    );
    expect(run.stdout.trim()).toBe("::add-mask::ca-token-123");
    expect(run.output).toBe("token=ca-token-123\n");
    expect((await runStep(script, { aws: answers("", 254) })).code).not.toBe(0);
  });

  it("a pull request from a fork, which gets no OIDC token, stops with a message before the role", async () => {
    const steps = await jobSteps(fixture, "ci.yml", "test");
    const guard = steps.findIndex((s) => s.if === "github.event.pull_request.head.repo.fork");
    expect(guard).toBeGreaterThan(-1);
    expect(guard).toBeLessThan(steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")));
    const run = await runStep(steps[guard]!.run!, {});
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Pull requests from forks cannot read the CodeArtifact packages/);
  });
});
