// A Python app in a folder of the repository (backend/ beside a frontend/), and its server: what
// the image, compose and CI do with the folder, and how Gunicorn and Uvicorn stop within ECS's
// stop timeout. The fixture python-monorepo is the whole of it, generated; these cases pin each
// part a deployer relies on.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfigValue } from "../src/config/load.js";
import { createStack } from "../src/stack.js";
import type { FileTree } from "../src/tree/tree.js";
import { checkDockerfileRules } from "./support/rules/dockerfile-rules.js";

type Python = { framework: string; packageManager: string; server?: string };

function config(python: Python, extra: Record<string, unknown> = {}) {
  return parseConfigValue(
    {
      project: "durable",
      stack: "python",
      runtimeVersion: "3.11",
      python,
      aws: { accountId: "123456789012" },
      services: [{ name: "api", path: "backend", entry: "app.main:app" }],
      ...extra,
    },
    "test",
  );
}

const stack = async (python: Python, extra: Record<string, unknown> = {}) => createStack(config(python, extra));

describe("a Python app in backend/", () => {
  it("the image holds the folder as /app: its lock and pyproject first, then the folder", async () => {
    const dockerfile = (await stack({ framework: "fastapi", packageManager: "poetry" })).get("backend/Dockerfile")!;
    expect(dockerfile).toContain("#   docker build -f backend/Dockerfile .");
    expect(dockerfile).toMatch(
      /COPY backend\/pyproject\.toml backend\/poetry\.lock \.\/\n[\s\S]*poetry sync[\s\S]*\nCOPY backend\/ \.\/\n/,
    );
    expect(dockerfile).not.toContain("COPY . .");
    expect(checkDockerfileRules(dockerfile, { stack: "python", framework: "fastapi" })).toEqual([]);
  });

  it("keeps the folder's local environment and caches out of the build context", async () => {
    const ignore = (await stack({ framework: "fastapi", packageManager: "uv" })).get(".dockerignore")!;
    // The root's too: a virtual environment made there would be sent to the builder as well.
    for (const pattern of ["/backend/.venv/", "/backend/.pytest_cache/", "/backend/htmlcov/", "/.venv/"])
      expect(ignore.split("\n")).toContain(pattern);
  });

  it("compose mounts the folder over /app and runs the reload server there", async () => {
    const tree = await stack({ framework: "fastapi", packageManager: "uv" });
    const api = parse(tree.get("docker-compose.override.yml")!).services.api;
    expect(api.volumes).toEqual(["./backend:/app"]);
    expect(api.command).toEqual(["uvicorn", "app.main:app", "--reload", "--host", "0.0.0.0", "--port", "8000"]);
    expect(parse(tree.get("docker-compose.yml")!).services.api.build).toMatchObject({
      context: ".",
      dockerfile: "backend/Dockerfile",
    });
  });

  it("CI's test job installs and runs pytest in the folder", async () => {
    const ci = parse(
      (await stack({ framework: "fastapi", packageManager: "poetry" })).get(".github/workflows/ci.yml")!,
    );
    expect(ci.jobs.test.defaults.run["working-directory"]).toBe("backend");
    expect(ci.jobs.test.steps.map((s: { run?: string }) => s.run?.trim()).filter(Boolean)).toEqual([
      "pip install poetry==2.2.1 && poetry sync --no-root",
      "poetry run pytest",
    ]);
  });

  it("pip: the folder's development requirements, named from the folder, in compose and CI", async () => {
    const tree = await stack(
      { framework: "flask", packageManager: "pip" },
      { restoreFiles: ["backend/requirements.txt", "backend/requirements-dev.txt"] },
    );
    expect(tree.get("backend/Dockerfile")).toContain("COPY backend/requirements.txt backend/requirements-dev.txt ./");
    expect(parse(tree.get("docker-compose.override.yml")!).services.api.build.args).toEqual({
      REQUIREMENTS: "requirements-dev.txt",
    });
    expect(tree.get(".github/workflows/ci.yml")).toContain("pip install -r requirements-dev.txt");
  });

  it("an app at the root keeps the root: no working directory, the whole context", async () => {
    const tree = await stack(
      { framework: "fastapi", packageManager: "poetry" },
      { services: [{ name: "api", entry: "app.main:app" }] },
    );
    expect(parse(tree.get(".github/workflows/ci.yml")!).jobs.test.defaults).toBeUndefined();
    expect(tree.get("Dockerfile")).toContain("COPY pyproject.toml poetry.lock ./");
    expect(tree.get("Dockerfile")).toContain("\nCOPY . .\n");
  });
});

describe("the server, and how it stops", () => {
  const stopTimeout = (tree: FileTree) =>
    JSON.parse(tree.get("infra/task-definitions/dev/api.json")!).containerDefinitions[0].stopTimeout as number;
  const cmd = (dockerfile: string) => JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]!) as string[];
  const after = (args: string[], flag: string) => Number(args[args.indexOf(flag) + 1]);

  it("FastAPI under Gunicorn: Uvicorn workers of the uvicorn-worker package, WEB_CONCURRENCY workers", async () => {
    const tree = await stack({ framework: "fastapi", packageManager: "poetry", server: "gunicorn" });
    const dockerfile = tree.get("backend/Dockerfile")!;
    const args = cmd(dockerfile);
    expect(args.slice(0, 4)).toEqual(["gunicorn", "app.main:app", "--worker-class", "uvicorn_worker.UvicornWorker"]);
    expect(args).toEqual(expect.arrayContaining(["--bind", "0.0.0.0:8000", "--forwarded-allow-ips", "*"]));
    expect(dockerfile).toContain("ENV WEB_CONCURRENCY=2");
    expect(after(args, "--graceful-timeout")).toBeLessThan(stopTimeout(tree));
  });

  it("FastAPI under Uvicorn (the default): no workers variable, and a graceful shutdown below the stop timeout", async () => {
    const tree = await stack({ framework: "fastapi", packageManager: "poetry" });
    const dockerfile = tree.get("backend/Dockerfile")!;
    const args = cmd(dockerfile);
    expect(args[0]).toBe("uvicorn");
    expect(dockerfile).not.toContain("WEB_CONCURRENCY");
    expect(after(args, "--timeout-graceful-shutdown")).toBeLessThan(stopTimeout(tree));
  });

  it("Flask under Gunicorn: its own synchronous workers, no worker class", async () => {
    const tree = await stack({ framework: "flask", packageManager: "pip" });
    const args = cmd(tree.get("backend/Dockerfile")!);
    expect(args[0]).toBe("gunicorn");
    expect(args).not.toContain("--worker-class");
    expect(after(args, "--graceful-timeout")).toBeLessThan(stopTimeout(tree));
  });

  it("the lock records the server the framework implies when the config leaves it out", async () => {
    expect(config({ framework: "django", packageManager: "pip" }).python?.server).toBe("gunicorn");
    expect(config({ framework: "starlette", packageManager: "uv" }).python?.server).toBe("uvicorn");
  });
});
