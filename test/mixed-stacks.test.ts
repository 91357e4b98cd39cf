// A config whose services use more than one stack (services[].stack): a Python API with a Node
// frontend in a folder of its own. Each stack builds from its own context with its own
// Dockerfile, .dockerignore, development container and CI test job (docs/rules.md STACK-MIX-01);
// the database connection is shared only where the drivers read it alike (STACK-MIX-02).
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseConfigValue } from "../src/config/load.js";
import { detectedInput, detectProject, proposedStack } from "../src/detect/detect.js";
import { UserError } from "../src/errors.js";
import { createStack } from "../src/stack.js";
import { FIXTURES_DIR } from "./support/fixtures.js";
import { checkComposeRules } from "./support/rules/compose-rules.js";
import { checkDockerfileRules } from "./support/rules/dockerfile-rules.js";
import { checkDockerignore } from "./support/rules/dockerignore-rules.js";

const base = () => ({
  project: "notes",
  stack: "python",
  runtimeVersion: "3.12",
  python: { framework: "fastapi", packageManager: "poetry" },
  aws: { region: "us-west-2", accountId: "123456789012" },
  github: { repository: "acme/notes" },
  services: [
    { name: "web", stack: "node", path: "web", framework: "next", port: 3000, healthCheckPath: "/" } as Record<
      string,
      unknown
    >,
    { name: "api", entry: "app.main:app", port: 8000, routing: { paths: ["/api/*"] } } as Record<string, unknown>,
  ],
});

type Raw = ReturnType<typeof base> & Record<string, unknown>;

function problemsOf(edit: (c: Raw) => void): string[] {
  const raw = base() as Raw;
  edit(raw);
  try {
    parseConfigValue(raw, "ecs-stack.config.json");
    return [];
  } catch (error) {
    if (error instanceof UserError) return error.problems;
    throw error;
  }
}

describe("a Python project with a Node frontend", async () => {
  const tree = await createStack(parseConfigValue(base(), "test"));
  const file = (path: string) => {
    const text = tree.get(path);
    if (text === undefined) throw new Error(`${path} was not generated`);
    return text;
  };

  it("builds each stack with its own Dockerfile, from its own context (STACK-MIX-01)", () => {
    expect(file("Dockerfile")).toMatch(/^FROM docker\.io\/library\/python:\$PYTHON_VERSION-slim AS build$/m);
    expect(file("Dockerfile")).toMatch(/^ARG PYTHON_VERSION=3\.12$/m);
    expect(file("web/Dockerfile")).toMatch(/^FROM node:24-slim/m);
    expect(file("web/Dockerfile")).toContain("docker build -f web/Dockerfile web");
    // Inside its context the frontend is the package root: its own manifests, no workspace flags.
    expect(file("web/Dockerfile")).toContain("COPY package.json package-lock.json ./");
    expect(file("web/Dockerfile")).not.toContain("--workspace");
    expect(checkDockerfileRules(file("Dockerfile"), { stack: "python", framework: "fastapi" })).toEqual([]);
    expect(
      checkDockerfileRules(file("web/Dockerfile"), { stack: "node", framework: "next", standalone: false }),
    ).toEqual([]);
  });

  it("gives each context the .dockerignore of its stack", () => {
    expect(file(".dockerignore")).toContain("__pycache__");
    expect(file("web/.dockerignore")).toContain("**/node_modules");
    expect(checkDockerignore(file(".dockerignore"), [file("Dockerfile")], "python")).toEqual([]);
    expect(checkDockerignore(file("web/.dockerignore"), [file("web/Dockerfile")], "node")).toEqual([]);
  });

  it("builds the frontend from its folder in compose, CI and the deploy workflow alike", () => {
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services.web.build).toEqual({ context: "web", dockerfile: "Dockerfile" });
    expect(compose.services.api.build).toEqual({ context: ".", dockerfile: "Dockerfile" });
    for (const workflow of ["ci", "deploy"]) {
      const jobs = parseYaml(file(`.github/workflows/${workflow}.yml`)).jobs;
      const job = workflow === "ci" ? jobs.images : (jobs.images ?? jobs.build);
      expect(job.strategy.matrix.include.map((i: { name: string; context: string }) => [i.name, i.context])).toEqual([
        ["web", "web"],
        ["api", "."],
      ]);
      const build = job.steps.find((s: { uses?: string }) => s.uses?.startsWith("docker/build-push-action"));
      expect(build.with.context).toBe("${{ matrix.context }}");
    }
  });

  it("runs each stack's development container, the frontend's mounted from its folder", () => {
    const override = parseYaml(file("docker-compose.override.yml"));
    expect(override.services.web.command).toEqual(["npm", "run", "dev"]);
    expect(override.services.web.volumes).toEqual(["./web:/app", "/app/node_modules"]);
    expect(override.services.api.command[0]).toBe("uvicorn");
    expect(checkComposeRules(file("docker-compose.yml"), file("docker-compose.override.yml"))).toEqual([]);
  });

  it("tests each stack in its own CI job, in its own image and folder", () => {
    const jobs = parseYaml(file(".github/workflows/ci.yml")).jobs;
    expect(jobs.test.container.image).toBe("python:3.12");
    expect(jobs["test-node"].container.image).toBe("node:24-slim");
    expect(jobs["test-node"].defaults.run["working-directory"]).toBe("web");
    expect(jobs["test-node"].steps.map((s: { run?: string }) => s.run?.trim()).filter(Boolean)).toEqual([
      "npm ci",
      "npm test --if-present",
    ]);
  });

  it("health-checks each container with what its image has", () => {
    const command = (name: string) =>
      JSON.parse(file(`infra/task-definitions/dev/${name}.json`)).containerDefinitions[0].healthCheck.command;
    expect(command("web").slice(0, 2)).toEqual(["CMD", "node"]);
    expect(command("api").slice(0, 2)).toEqual(["CMD", "python"]);
  });
});

describe("the config rules of mixed stacks", () => {
  it("accept the example", () => {
    expect(problemsOf(() => {})).toEqual([]);
  });

  it.each<[string, (c: Raw) => void, RegExp]>([
    [
      "a service of another stack at the project root",
      (c) => void (c.services[0]!.path = "."),
      /^services\[0\]\.path: "web" is a node service in a python project, so it builds from a folder of its own/,
    ],
    [
      "two stacks in one folder",
      (c) => void (c.services[1]!.path = "web"),
      /^services\[0\]\.path: "web" \(node\) and "api" \(python\) are in the same folder "web"/,
    ],
    [
      "a runtime version on a service of the project's stack",
      (c) => void (c.services[1]!.runtimeVersion = "3.13"),
      /^services\[1\]\.runtimeVersion: "api" is a python service like the project/,
    ],
    [
      "an unsupported runtime version of the other stack",
      (c) => void (c.services[0]!.runtimeVersion = "23"),
      /^services\[0\]\.runtimeVersion: "23" is not supported for node; use "22", "24" or "26"/,
    ],
    [
      "a database the Node driver would read another way",
      (c) => void (c.database = { engine: "postgres" }),
      /^services\[0\]\.stack: "web" is a node service, but the database and cache connection is written for the project's python driver/,
    ],
    [
      "a framework on a service of a stack without frameworks",
      (c) => void (c.services[1]!.framework = "express"),
      /^services\[1\]\.framework: only Node services have a framework/,
    ],
  ])("refuse %s, naming the field", (_what, edit, message) => {
    const problems = problemsOf(edit);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it("accept a package manager for the Node services of a Python project", () => {
    expect(problemsOf((c) => void (c.packageManager = "npm"))).toEqual([]);
  });

  it("refuse two Node versions for one Node test job", () => {
    const problems = problemsOf((c) => {
      c.services[0]!.runtimeVersion = "22";
      c.services.push({ name: "admin", stack: "node", path: "web", framework: "node", runtimeVersion: "24" });
    });
    expect(problems).toEqual([
      'services[2].runtimeVersion: the node services share one runtime version and an earlier one says "22"; set both to the same version',
    ]);
  });
});

describe("detection of apps in folders of their own", () => {
  /** A repository with a FastAPI backend/ and a Next.js frontend/, each its own project, nothing at the root. */
  async function monorepo(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-mixed-"));
    await cp(join(FIXTURES_DIR, "python-fastapi", "app"), join(dir, "backend"), { recursive: true });
    await cp(join(FIXTURES_DIR, "node-monorepo", "app", "frontend"), join(dir, "frontend"), { recursive: true });
    await cp(
      join(FIXTURES_DIR, "node-monorepo", "app", "package-lock.json"),
      join(dir, "frontend", "package-lock.json"),
    );
    return dir;
  }

  it("proposes the API's stack for the project and the frontend as a service of its own stack, first", async () => {
    const d = await detectProject(await monorepo());
    expect(proposedStack(d)).toEqual({ stack: "python", ambiguous: false });
    const input = detectedInput(d, "python");
    expect(input.services?.map((s) => [s.name, s.path, s.stack ?? null])).toEqual([
      ["frontend", "frontend", "node"],
      ["web", "backend", null],
    ]);
    expect(d.unsupported).toEqual([]);
  });

  it("leaves a root app's subfolders to it (an ASP.NET app's ClientApp, a Rails app's frontend)", async () => {
    const dir = await monorepo();
    await cp(join(FIXTURES_DIR, "python-fastapi", "app"), dir, { recursive: true });
    const d = await detectProject(dir);
    const input = detectedInput(d, "python");
    expect(input.services?.map((s) => s.path ?? ".")).toEqual(["."]);
  });
});
