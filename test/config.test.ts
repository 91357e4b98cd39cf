// Bad input: one clear message naming the field and the fix, exit 2, nothing written.
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  configJsonSchema,
  configJsonSchemaObject,
  JSON_SCHEMA_PATH,
  type JsonSchema,
} from "../src/config/json-schema.js";
import { README_PATH, readmeWithConfigReference, referenceFields } from "../src/config/config-reference.js";
import { fieldSchema } from "../src/config/field-schema.js";
import { FARGATE_MEMORY_BY_CPU } from "../src/config/fargate.js";
import { prepareFixture, readTree } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";

const ROOT = join(import.meta.dirname, "..");

/** Edits the dotnet-api fixture's config, runs generate, and returns the result and what was written. */
async function generateWith(edit: (config: any) => void, raw?: string) {
  const dir = await prepareFixture("dotnet-api");
  const path = join(dir, "ecs-stack.config.json");
  const config = JSON.parse(await readFile(path, "utf8"));
  edit(config);
  await writeFile(path, raw ?? JSON.stringify(config, null, 2));
  const before = await readTree(dir);
  const result = await runCli(["generate"], { cwd: dir });
  return { ...result, unchanged: JSON.stringify([...(await readTree(dir))]) === JSON.stringify([...before]) };
}

describe("bad config", () => {
  const cases: [string, (c: any) => void, RegExp, string?][] = [
    [
      "malformed JSON",
      () => null,
      /is not valid JSON[\s\S]*line 3, column/,
      '{\n  "project": "orders",\n  "stack": dotnet\n}',
    ],
    ["an unknown key", (c) => void (c.services[0].prot = 8080), /services\[0\]: unknown key "prot"; remove it/],
    [
      "a wrong type",
      (c) => void (c.services[0].port = "8080"),
      /services\[0\]\.port: expected number, got string "8080"/,
    ],
    [
      "an invalid CPU/memory pair",
      (c) => void Object.assign(c.services[0], { cpu: 256, memory: 4096 }),
      /services\[0\]\.memory: 256 CPU units allow 512, 1024 or 2048 MiB; got 4096/,
    ],
    [
      "a CPU size Fargate does not have",
      (c) => void (c.services[0].cpu = 300),
      /services\[0\]\.cpu: Fargate CPU must be one of 256, 512/,
    ],
    [
      "a service name with /",
      (c) => void (c.services[0].name = "api/v2"),
      /services\[0\]\.name: use 2 to 20 lowercase letters[^\n]*got string "api\/v2"/,
    ],
    ["a service name with ..", (c) => void (c.services[0].name = ".."), /services\[0\]\.name: [^\n]*got string "\.\."/],
    [
      "a service path outside the project",
      (c) => void (c.services[0].path = "../other"),
      /services\[0\]\.path: must stay inside the project folder/,
    ],
    [
      "an absolute service path",
      (c) => void (c.services[0].path = "/etc"),
      /services\[0\]\.path: must be relative to the project folder/,
    ],
    [
      "duplicate service names",
      (c) => void c.services.push({ ...c.services[0], port: 8081 }),
      /services\[1\]\.name: "api" is already used by services\[0\]/,
    ],
    [
      "two services on one host port (container ports may be shared)",
      (c) =>
        void c.services.push(
          { ...c.services[0], name: "admin", hostPort: 9000 },
          { ...c.services[0], name: "ops", hostPort: 9000 },
        ),
      /services\[2\]\.hostPort: 9000 is already the host port of service "admin"/,
    ],
    [
      "a host port for a service without a port",
      (c) => void c.services.push({ name: "jobs", kind: "worker", entry: "src/Jobs/Jobs.csproj", hostPort: 9000 }),
      /services\[1\]\.hostPort: "jobs" has no container port to publish; remove hostPort/,
    ],
    [
      "a port Fargate's non-root user cannot bind",
      (c) => void (c.services[0].port = 80),
      /services\[0\]\.port: must be 1024 or above/,
    ],
    [
      "an unsupported runtime",
      (c) => void (c.runtimeVersion = "7.0"),
      /runtimeVersion: "7.0" is not supported for dotnet; use "10.0"/,
    ],
    [
      "a feed strategy that makes no sense for the stack",
      (c) => void ((c.stack = "rails"), (c.services = [{ name: "web" }]), (c.feed = { strategy: "s3" })),
      /feed\.strategy: "s3" is not available for rails \(Bundler installs gems from a gem server or a path, not from a folder of \.gem files\); use one of "none", "source", "codeartifact", "github-packages"/,
    ],
    [
      "GitHub Packages for a Python app",
      (c) =>
        void (
          (c.stack = "python"),
          (c.runtimeVersion = "3.13"),
          (c.services = [{ name: "web", entry: "app.main:app" }]),
          (c.feed = { strategy: "github-packages" })
        ),
      /feed\.strategy: "github-packages" is not available for python \(GitHub Packages has no Python registry[^)]*\); use one of "none"/,
    ],
    [
      "a Python web service without its application",
      (c) => void ((c.stack = "python"), (c.runtimeVersion = "3.13"), (c.services = [{ name: "web" }])),
      /services\[0\]\.entry: name the application the server runs, as a module and its object, e\.g\. "app\.main:app"/,
    ],
    [
      "a Python worker without its command",
      (c) =>
        void (
          (c.stack = "python"),
          (c.runtimeVersion = "3.13"),
          (c.services = [
            { name: "web", entry: "app.main:app" },
            { name: "jobs", kind: "worker" },
          ])
        ),
      /services\[1\]\.command: "jobs" is a worker, so name what it runs, e\.g\. \["celery"/,
    ],
    [
      "Uvicorn for a Django app",
      (c) =>
        void (
          (c.stack = "python"),
          (c.runtimeVersion = "3.13"),
          (c.python = { framework: "django", server: "uvicorn" }),
          (c.services = [{ name: "web", entry: "shop.wsgi" }])
        ),
      /python\.server: "uvicorn" serves ASGI apps \(FastAPI, Starlette\), and a django app runs as WSGI under Gunicorn; set it to "gunicorn" or remove it/,
    ],
    [
      "Python services in two folders",
      (c) =>
        void (
          (c.stack = "python"),
          (c.runtimeVersion = "3.13"),
          (c.services = [
            { name: "web", path: "backend", entry: "app.main:app" },
            { name: "jobs", kind: "worker", path: "jobs", command: ["celery", "-A", "app", "worker"] },
          ])
        ),
      /services\[1\]\.path: the Python services share one app folder, "backend" \(services\[0\]\.path\); got "jobs"/,
    ],
    [
      "a Python dependency file outside the app's folder",
      (c) =>
        void (
          (c.stack = "python"),
          (c.runtimeVersion = "3.13"),
          (c.restoreFiles = ["backend/requirements.txt", "constraints.txt"]),
          (c.services = [{ name: "web", path: "backend", entry: "app.main:app" }])
        ),
      /restoreFiles\[1\]: the image holds the app's folder "backend" alone, so its dependency files come from there; got "constraints\.txt"/,
    ],
    [
      "python options on another stack",
      (c) => void (c.python = { framework: "flask" }),
      /python: only Python apps take these options; remove the block/,
    ],
    [
      "a folder strategy without its packages",
      (c) => void (c.feed = { strategy: "ci-artifacts" }),
      /feed\.packages: "ci-artifacts" builds the internal packages, so list them in build order/,
    ],
    [
      "a sibling package outside the folder beside the project",
      (c) =>
        void (c.feed = {
          strategy: "source",
          packages: [{ name: "Acme.Core", path: "../../x", repository: "acme/x" }],
        }),
      /feed\.packages\[0\]\.path: name the sibling repository's folder beside this project, e.g\. "\.\.\/Acme\.Core"/,
    ],
    [
      "a package image pinned to latest",
      (c) => void (c.feed = { strategy: "ecr-image", repository: "acme-packages", tag: "latest" }),
      /feed\.tag: "latest" moves; pin the package image to an immutable tag/,
    ],
    [
      "an environment key YAML would misread",
      (c) => void (c.services[0].environment = { "BAD KEY: x": "1" }),
      /services\[0\]\.environment: key "BAD KEY: x" must be a valid environment variable name/,
    ],
    ["a missing required field", (c) => void delete c.stack, /stack: is required/],
    [
      "a public prod without a domain",
      (c) => void (c.environments = { prod: {} }),
      /environments\.prod: prod has web services but no domain, so its load balancer would serve it over plain HTTP[^\n]*set "domain"[^\n]*or set environments\.prod\.allowPlainHttp to true/,
    ],
    [
      "a repository id without the owner's",
      (c) => void (c.github = { repository: "acme/orders", repositoryId: 42 }),
      /github\.ownerId: set it beside github\.repositoryId \(`gh api repos\/acme\/orders --jq '\.owner\.id, \.id'` prints both\)/,
    ],
    [
      "repository ids without the repository",
      (c) => void (c.github = { ownerId: 1, repositoryId: 42 }),
      /github\.repository: the ids name a repository; set github\.repository too/,
    ],
    [
      "a Redis major ElastiCache does not run (docs/rules.md CMP-10)",
      (c) => void (c.cache = { engine: "redis", version: "8" }),
      /cache\.version: ElastiCache runs Redis OSS 6 or 7 \(up to 7\.1\), so Redis 8 would run only on your machine; set cache\.engine to "valkey"/,
    ],
    [
      "a Valkey major ElastiCache does not run",
      (c) => void (c.cache = { engine: "valkey", version: "6" }),
      /cache\.version: ElastiCache runs Valkey 7, 8, 9; got "6"/,
    ],
    // Issue #16 item 9: the traffic sidecar is the generated proxy, not an image of the user's choosing.
    [
      "an image on the sidecar that receives traffic",
      (c) =>
        void (c.services[0].sidecars = [
          { name: "nginx", image: "nginxinc/nginx-unprivileged:1.29-alpine", port: 8081, receivesTraffic: true },
        ]),
      /services\[0\]\.sidecars\[0\]\.image: the sidecar that receives traffic is the generated nginx proxy, built from its own Dockerfile; remove "image"/,
    ],
    [
      "a traffic sidecar on a worker",
      (c) =>
        void (
          (c.services[0].kind = "worker"),
          (c.services[0].port = null),
          (c.services[0].healthCheckPath = null),
          (c.services[0].sidecars = [{ name: "nginx", port: 8081, receivesTraffic: true }])
        ),
      /services\[0\]\.sidecars\[0\]\.receivesTraffic: only a web service with a port takes the load balancer's traffic/,
    ],
    [
      "a proxy named like a service",
      (c) =>
        void (
          (c.services[0].sidecars = [{ name: "nginx", port: 8081, receivesTraffic: true }]),
          c.services.push({ ...c.services[0], name: "api-nginx", port: 8090, sidecars: [] })
        ),
      /services\[0\]\.sidecars\[0\]\.name: the proxy "api-nginx" has the name of a service; rename the sidecar/,
    ],
    // Issue #18 item 7: a third-party image ECS pulls by a mutable tag.
    [
      "a sidecar image by mutable tag",
      (c) => void (c.services[0].sidecars = [{ name: "otel", image: "otel/opentelemetry-collector:0.115.0" }]),
      /services\[0\]\.sidecars\[0\]\.image: "otel\/opentelemetry-collector:0\.115\.0" is a mutable tag; pin it by digest \("otel\/opentelemetry-collector:0\.115\.0@sha256:<digest>", from `docker buildx imagetools inspect otel\/opentelemetry-collector:0\.115\.0`\) or push it to your own ECR/,
    ],
    [
      "a sidecar without an image",
      (c) => void (c.services[0].sidecars = [{ name: "otel" }]),
      /services\[0\]\.sidecars\[0\]\.image: name the image this sidecar runs, pinned by digest/,
    ],
    [
      "a third-party sidecar image in an environment without NAT",
      (c) =>
        void (
          (c.environments = { prod: { nat: "none" } }),
          (c.services[0].sidecars = [
            { name: "otel", image: `otel/opentelemetry-collector:0.115.0@sha256:${"a".repeat(64)}` },
          ])
        ),
      /services\[0\]\.sidecars\[0\]\.image: environments without NAT \(prod\) reach only AWS endpoints, so "otel\/opentelemetry-collector:0\.115\.0@sha256:a+" cannot be pulled; push it to your own ECR and name that image/,
    ],
    [
      "a canary release of a worker",
      (c) =>
        void c.services.push({
          name: "jobs",
          kind: "worker",
          path: c.services[0].path,
          entry: c.services[0].entry,
          deployment: { strategy: "canary" },
        }),
      /services\[1\]\.deployment\.strategy: "canary" moves load balancer traffic between revisions, but a worker takes no load balancer traffic; set the strategy to "rolling" or remove services\[1\]\.deployment/,
    ],
    [
      "a blue/green release of a worker in one environment",
      (c) =>
        void (
          c.services.push({ name: "jobs", kind: "worker", path: c.services[0].path, entry: c.services[0].entry }),
          (c.environments = { staging: { services: { jobs: { deployment: { strategy: "blue-green" } } } } })
        ),
      /environments\.staging\.services\.jobs\.deployment\.strategy: "blue-green" moves load balancer traffic/,
    ],
    [
      "a canary share that is not a multiple of 0.1",
      (c) => void (c.services[0].deployment = { strategy: "canary", percent: 2.55 }),
      /services\[0\]\.deployment\.percent/,
    ],
    [
      "a linear step below 3%",
      (c) => void (c.services[0].deployment = { strategy: "linear", stepPercent: 2 }),
      /services\[0\]\.deployment\.stepPercent/,
    ],
    [
      "an unknown release strategy",
      (c) => void (c.services[0].deployment = { strategy: "shadow" }),
      /services\[0\]\.deployment\.strategy/,
    ],
  ];

  it.each(cases)("%s: exit 2, one message naming the field, nothing written", async (_name, edit, message, raw) => {
    const result = await generateWith(edit, raw);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stdout).toBe("");
    expect(result.unchanged).toBe(true);
  });

  it("a prod on plain HTTP that the config accepts is generated, with a warning from generate and check", async () => {
    const result = await generateWith((c) => void (c.environments = { prod: { allowPlainHttp: true } }));
    expect(result.code).toBe(0);
    const warning = /warning: environments\.prod\.allowPlainHttp: prod is served over plain HTTP[^\n]*set "domain"/;
    expect(result.stderr).toMatch(warning);
    expect(result.unchanged).toBe(false);
  });

  it("a prod with a domain, or with no web service, needs no opt-out", async () => {
    for (const edit of [
      (c: any) => void Object.assign(c, { domain: "example.com", environments: { prod: {} } }),
      (c: any) => void (c.environments = { prod: { domain: "shop.example.com" } }),
      (c: any) => {
        Object.assign(c.services[0], { kind: "worker", port: null, healthCheckPath: null });
        c.environments = { prod: {} };
      },
    ]) {
      const result = await generateWith(edit);
      expect(result.stderr).not.toMatch(/plain HTTP/);
      expect(result.code, result.stderr).toBe(0);
    }
  });

  it("check warns of a prod on plain HTTP as well (node-monorepo accepts it)", async () => {
    const dir = await prepareFixture("node-monorepo");
    expect((await runCli(["generate"], { cwd: dir })).code).toBe(0);
    const check = await runCli(["check"], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(/^warning: environments\.prod\.allowPlainHttp: prod is served over plain HTTP/m);
  });

  it("reports every problem at once", async () => {
    const result = await generateWith(
      (c) => void Object.assign(c.services[0], { cpu: 256, memory: 4096, desiredCount: -1, kind: "cron" }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /services\[0\]\.kind: must be one of "web", "worker", "scheduler"; got string "cron"/,
    );
    expect(result.stderr).toMatch(/services\[0\]\.desiredCount/);
  });

  it("refuses --config outside the project folder", async () => {
    const dir = await prepareFixture("dotnet-api");
    await writeFile(join(dir, "..", "answers-outside.json"), "{}");
    const result = await runCli(["init", "--config", "../answers-outside.json"], { cwd: join(dir, "src") });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--config: ../answers-outside.json is outside the project folder");
  });
});

describe("derived copies", () => {
  it("the shipped JSON Schema is generated from the zod schema (run `npm run schema` when this fails)", () => {
    expect(readFileSync(join(ROOT, JSON_SCHEMA_PATH), "utf8")).toBe(configJsonSchema());
  });

  it("README's config reference is generated from the zod schema (run `npm run schema` when this fails)", async () => {
    const readme = readFileSync(join(ROOT, README_PATH), "utf8");
    expect(readme).toBe(await readmeWithConfigReference(join(ROOT, README_PATH), readme, configJsonSchemaObject()));
  });

  it("the config reference lists a tagged union's fields, each with the variants it belongs to and their defaults", () => {
    const field = (path: string) => referenceFields(configJsonSchemaObject()).find((f) => f.path === path);
    expect(field("services[].deployment")?.type).toBe("object | null");
    expect(field("services[].deployment.strategy")?.type).toBe("`rolling` | `blue-green` | `canary` | `linear`");
    expect(field("services[].deployment.strategy")?.presence).toBe("required");
    expect(field("services[].deployment.percent")?.description).toMatch(/\(strategy `canary`\)$/);
    // blue-green bakes 10 minutes by default, canary and linear 5: no single default for the field.
    expect(field("services[].deployment.bakeMinutes")?.presence).toBe("optional");
    expect(field("services[].deployment.bakeMinutes")?.description).toContain(
      "default `10` with `blue-green`, `5` with `canary`, `linear`",
    );
  });

  // docs/rules.md ECS-02, copied 2026-12-03 from
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
  // A fixed copy, so the test needs nothing outside the checkout.
  const ECS_02: Record<string, number[]> = {
    "256": [512, 1024, 2048],
    "512": [1024, 2048, 3072, 4096],
    "1024": [2048, 3072, 4096, 5120, 6144, 7168, 8192],
    "2048": range(4096, 16384, 1024),
    "4096": range(8192, 30720, 1024),
    "8192": range(16384, 61440, 4096),
    "16384": range(32768, 122880, 8192),
  };
  it("the Fargate CPU/memory table matches docs/rules.md ECS-02", () => {
    expect(Object.fromEntries(Object.entries(FARGATE_MEMORY_BY_CPU).map(([k, v]) => [k, [...v]]))).toEqual(ECS_02);
  });
});

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}

describe("the config's documentation", () => {
  /** Every property of every object in the schema, nested ones and array elements' included, by its path. */
  function properties(schema: JsonSchema, path = ""): [string, JsonSchema][] {
    const own = Object.entries(schema.properties ?? {}).map(([key, p]): [string, JsonSchema] => [`${path}${key}`, p]);
    const nested = [
      ...own.flatMap(([p, property]) => properties(property, `${p}.`)),
      ...(schema.anyOf ?? []).flatMap((branch) => properties(branch, path)),
      ...(schema.items ? properties(schema.items, `${path.replace(/\.$/, "")}[].`) : []),
      ...(typeof schema.additionalProperties === "object"
        ? properties(schema.additionalProperties, `${path}<key>.`)
        : []),
    ];
    return [...own, ...nested];
  }

  it("every field of the JSON Schema has a description, for editors' hover docs", () => {
    const all = properties(configJsonSchemaObject());
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter(([, p]) => !p.description?.trim()).map(([path]) => path)).toEqual([]);
  });

  it("the descriptions sit on the properties themselves, not inside a $ref the editor would have to follow", () => {
    expect(configJsonSchema()).not.toContain('"$ref"');
  });

  it("every example is a value the field accepts", () => {
    const checked = properties(configJsonSchemaObject())
      // Inside a record fieldSchema cannot reach; the secret reference there is checked under services[].
      .filter(([path, p]) => p.examples && !path.includes("<key>"))
      .flatMap(([path, p]) => p.examples!.map((example) => ({ path, example })));
    expect(checked.length).toBeGreaterThan(10);
    for (const { path, example } of checked) {
      const schema = fieldSchema(path.replace(/\[\]/g, ""));
      expect(schema, path).not.toBeNull();
      expect(schema!.safeParse(example).success, `${path}: ${JSON.stringify(example)}`).toBe(true);
    }
  });
});
