// What the Python image does, read as a deployer would. PyPI is not reachable here, so no Python
// image is built: the generated Dockerfile is checked against docs/rules.md §1.6, and these cases
// show the checks catch what they are there for.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigValue } from "../src/config/load.js";
import { createStack } from "../src/stack.js";
import { FIXTURES_DIR } from "./support/fixtures.js";
import { checkDockerfileRules } from "./support/rules/dockerfile-rules.js";

const FIXTURE_DOCKERFILE = join(FIXTURES_DIR, "python-fastapi", "expected", "Dockerfile");

function config(python: { framework: string; packageManager: string }, extra: Record<string, unknown> = {}) {
  return parseConfigValue(
    {
      project: "shop",
      stack: "python",
      runtimeVersion: "3.12",
      python,
      aws: { accountId: "123456789012" },
      services: [{ name: "web", entry: python.framework === "django" ? "shop.wsgi" : "app.main:app" }],
      ...extra,
    },
    "test",
  );
}

describe("the Python image rules (DF-PY-01..06)", () => {
  const check = (text: string, framework = "fastapi") => checkDockerfileRules(text, { stack: "python", framework });

  it("hold on the fixture's Dockerfile", async () => {
    expect(check(await readFile(FIXTURE_DOCKERFILE, "utf8"))).toEqual([]);
  });

  it.each([
    ["a base that is not slim", (d: string) => d.replace(/-slim AS build/, " AS build"), "DF-PY-01"],
    [
      "no cache mount on the install",
      (d: string) => d.replace("--mount=type=cache,target=/root/.cache/pypoetry ", ""),
      "DF-PY-02",
    ],
    [
      "the source before the install",
      (d: string) => d.replace("COPY pyproject.toml poetry.lock ./", "COPY . ."),
      "DF-PY-02",
    ],
    [
      "a compiler in the runtime",
      (d: string) =>
        d.replace(
          "install --no-install-recommends -y libpq5",
          "install --no-install-recommends -y libpq5 build-essential",
        ),
      "DF-PY-03",
    ],
    ["root at run time", (d: string) => d.replace("USER 1000:1000", "USER root"), "DF-PY-04"],
    ["no bytecode", (d: string) => d.replace("RUN python -m compileall -q /app\n", ""), "DF-PY-05"],
  ])("catch %s", async (_what, edit, rule) => {
    const problems = check(edit(await readFile(FIXTURE_DOCKERFILE, "utf8")));
    expect(problems.map((p) => p.split(":")[0])).toContain(rule);
  });
});

describe("the image per framework and package manager", () => {
  it("Django on pip: gunicorn on the WSGI module, collectstatic in the build, two workers", async () => {
    const dockerfile = (await createStack(config({ framework: "django", packageManager: "pip" }))).get("Dockerfile")!;
    expect(dockerfile).toContain(
      'CMD ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000", "--forwarded-allow-ips", "*", "--graceful-timeout", "25"]',
    );
    expect(dockerfile).toContain("COPY requirements.txt ./");
    expect(dockerfile).toContain('pip install -r "${REQUIREMENTS}"');
    expect(dockerfile).toContain("ENV WEB_CONCURRENCY=2");
    expect(checkDockerfileRules(dockerfile, { stack: "python", framework: "django" })).toEqual([]);
  });

  it("FastAPI on uv: uv sync into the image's environment, the image's Python, no dev group", async () => {
    const tree = await createStack(config({ framework: "fastapi", packageManager: "uv" }));
    const dockerfile = tree.get("Dockerfile")!;
    expect(dockerfile).toContain("COPY pyproject.toml uv.lock ./");
    expect(dockerfile).toContain('/opt/uv/bin/uv sync --locked --no-install-project "${UV_GROUPS}"');
    expect(dockerfile).toContain('ARG UV_GROUPS="--no-dev"');
    expect(dockerfile).toContain("UV_PROJECT_ENVIRONMENT=/opt/venv");
    expect(checkDockerfileRules(dockerfile, { stack: "python", framework: "fastapi" })).toEqual([]);
    expect(tree.get("docker-compose.override.yml")).toContain('UV_GROUPS: "--all-groups"');
  });

  it("Flask in development: flask run --debug on the app, reloading the mounted source", async () => {
    const tree = await createStack(config({ framework: "flask", packageManager: "pip" }));
    expect(tree.get("docker-compose.override.yml")).toContain(
      'command: ["flask", "--app", "app.main:app", "run", "--debug", "--host", "0.0.0.0", "--port", "8000"]',
    );
  });

  it("a Celery worker runs its own command from the same image, and no server", async () => {
    const tree = await createStack(
      config(
        { framework: "django", packageManager: "poetry" },
        {
          services: [
            { name: "web", entry: "shop.wsgi" },
            { name: "worker", kind: "worker", command: ["celery", "-A", "shop", "worker", "--loglevel=INFO"] },
          ],
          cache: { engine: "valkey" },
        },
      ),
    );
    const task = JSON.parse(tree.get("infra/task-definitions/dev/worker.json")!);
    expect(task.containerDefinitions[0].command).toEqual(["celery", "-A", "shop", "worker", "--loglevel=INFO"]);
  });

  it("the CI test job installs every group and runs pytest in the stack's full image", async () => {
    const tree = await createStack(config({ framework: "fastapi", packageManager: "poetry" }));
    const workflow = [...tree.entries()].find(
      ([path]) => /\.github\/workflows\/.*\.yml$/.test(path) && /pytest/.test(tree.get(path)!),
    );
    expect(workflow?.[1]).toContain("image: python:3.12");
    expect(workflow?.[1]).toContain("poetry sync --no-root");
    expect(workflow?.[1]).toContain("poetry run pytest");
  });
});

describe("a CodeArtifact PyPI repository", () => {
  const feed = { strategy: "codeartifact", domain: "acme", repository: "python" };
  const INDEX = "acme-123456789012.d.codeartifact.us-east-1.amazonaws.com/pypi/python/simple/";

  it("pip: the token reaches only the install, inside the index URL, from the BuildKit secret", async () => {
    const tree = await createStack(config({ framework: "fastapi", packageManager: "pip" }, { feed }));
    const dockerfile = tree.get("Dockerfile")!;
    expect(dockerfile).toContain(
      `--mount=type=secret,id=feed_token,env=FEED_TOKEN,required=true \\\n    PIP_INDEX_URL="https://aws:\${FEED_TOKEN}@${INDEX}" pip install -r "\${REQUIREMENTS}"`,
    );
    expect(dockerfile).not.toMatch(/^(ARG|ENV)[^\n]*FEED_TOKEN/m);
    expect(checkDockerfileRules(dockerfile, { stack: "python", framework: "fastapi", privateFeed: true })).toEqual([]);
    const ci = tree.get(".github/workflows/ci.yml")!;
    expect(ci).toContain(`PIP_INDEX_URL="https://aws:\${FEED_TOKEN}@${INDEX}" pip install -r requirements.txt`);
    expect(ci).toContain(`FEED_TOKEN: "${"$"}{{ steps.feed-token.outputs.token }}"`);
  });

  it("Poetry: the credentials of the source named codeartifact", async () => {
    const tree = await createStack(config({ framework: "fastapi", packageManager: "poetry" }, { feed }));
    expect(tree.get("Dockerfile")).toContain(
      'POETRY_HTTP_BASIC_CODEARTIFACT_USERNAME=aws POETRY_HTTP_BASIC_CODEARTIFACT_PASSWORD="${FEED_TOKEN}" /opt/poetry/bin/poetry sync',
    );
    expect(tree.get("Dockerfile")).toContain('the credentials of the\n# source pyproject.toml names "codeartifact"');
  });
});
