// Detection on small fake apps: fixtures/detect/<case>/ (detection only, not golden cases) and the
// apps of the golden fixtures. What init would propose, and the "found X in FILE" lines it prints.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectedInput, detectionFor, detectProject, proposedStack, type Detection } from "../src/detect/detect.js";
import { feedHint } from "../src/detect/feed-hints.js";
import { matchesGlob, pnpmPackages, rangeAllows } from "../src/detect/node-workspaces.js";
import { githubRepositoryFromUrl } from "../src/detect/repository.js";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";

const DETECT_DIR = join(FIXTURES_DIR, "detect");

/** A copy, so a test can add what git cannot hold in a fixture (.git/config). */
async function copyOf(path: string, origin?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ecs-stack-detect-"));
  await cp(path, dir, { recursive: true });
  if (origin) {
    await mkdir(join(dir, ".git"));
    await writeFile(join(dir, ".git", "config"), `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${origin}\n`);
  }
  return dir;
}

const lines = (d: Detection) => {
  const stack = detectionFor(d, proposedStack(d).stack);
  return [...(stack?.findings ?? []), ...d.shared.findings].map((f) => `found ${f.what} in ${f.file}`);
};

describe("detection fixtures", () => {
  it("stay out of the golden cases (fixtureNames lists only folders with a config)", () => {
    expect(fixtureNames()).not.toContain("detect");
  });
});

describe(".NET: a multi-project solution whose target framework sits only in Directory.Build.props", () => {
  it("finds the web and worker projects, the framework, the restore closure, the sources and the database", async () => {
    const d = await detectProject(await copyOf(join(DETECT_DIR, "dotnet-solution"), "git@github.com:acme/shop.git"));
    expect(proposedStack(d)).toEqual({ stack: "dotnet", ambiguous: false });
    const input = detectedInput(d, "dotnet");
    expect(input).toMatchObject({
      project: "shop",
      stack: "dotnet",
      runtimeVersion: "10.0",
      services: [
        {
          name: "api",
          kind: "web",
          path: "src/Shop.Api",
          entry: "src/Shop.Api/Shop.Api.csproj",
          healthCheckPath: "/healthz",
        },
        { name: "worker", kind: "worker", path: "src/Shop.Worker", entry: "src/Shop.Worker/Shop.Worker.csproj" },
      ],
      database: { engine: "postgres" },
      cache: { engine: "valkey" },
      github: { repository: "acme/shop" },
      aws: { region: "eu-west-1", accountId: "210987654321" },
    });
    // Every project the two services reference, and the MSBuild/NuGet files above them; never the tests.
    expect(input.restoreFiles).toEqual([
      "Directory.Build.props",
      "Directory.Packages.props",
      "global.json",
      "nuget.config",
      "src/Shop.Api/Shop.Api.csproj",
      "src/Shop.Core/Shop.Core.csproj",
      "src/Shop.Data/Shop.Data.csproj",
      "src/Shop.Worker/Shop.Worker.csproj",
    ]);
    expect(lines(d)).toEqual([
      "found a solution of 5 projects in Shop.sln",
      "found web project Shop.Api (Microsoft.NET.Sdk.Web) in src/Shop.Api/Shop.Api.csproj",
      "found worker project Shop.Worker (Microsoft.NET.Sdk.Worker) in src/Shop.Worker/Shop.Worker.csproj",
      "found test project Shop.Api.Tests (not a service) in tests/Shop.Api.Tests/Shop.Api.Tests.csproj",
      "found target framework net10.0 in Directory.Build.props",
      "found public package source nuget.org (https://api.nuget.org/v3/index.json) in nuget.config",
      "found private package source acme (https://nuget.pkg.github.com/acme/index.json) in nuget.config",
      "found the Redis client StackExchange.Redis in src/Shop.Worker/Shop.Worker.csproj",
      "found the postgres driver Npgsql.EntityFrameworkCore.PostgreSQL in src/Shop.Data/Shop.Data.csproj",
      "found the health check endpoint /healthz in src/Shop.Api/Program.cs",
      "found the GitHub repository acme/shop (remote origin) in .git/config",
      "found the AWS region eu-west-1 in .github/workflows/release.yml",
      "found the AWS account 210987654321 in .github/workflows/release.yml",
    ]);
    // The private source suggests its strategy, with what its address and source mapping give away.
    expect(detectionFor(d, "dotnet")!.feedHints).toEqual([
      {
        source: "acme",
        url: "https://nuget.pkg.github.com/acme/index.json",
        file: "nuget.config",
        strategy: "github-packages",
        settings: { owner: "acme", packagePatterns: "Acme.*" },
      },
    ]);
  });

  it("a single project: its own target framework and health check (the dotnet-api fixture)", async () => {
    const d = await detectProject(join(FIXTURES_DIR, "dotnet-api", "app"));
    expect(detectedInput(d, "dotnet")).toMatchObject({
      runtimeVersion: "10.0",
      restoreFiles: ["src/Api/Api.csproj"],
      services: [
        { name: "api", kind: "web", path: "src/Api", entry: "src/Api/Api.csproj", healthCheckPath: "/healthz" },
      ],
    });
    expect(lines(d)).toContain("found target framework net10.0 in src/Api/Api.csproj");
  });

  it("resolves $(Property) framework values, follows TargetFrameworks, and offers console apps when no service is found", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-detect-"));
    await mkdir(join(dir, "src", "Tool"), { recursive: true });
    await writeFile(
      join(dir, "Directory.Build.props"),
      "<Project><PropertyGroup><AppTfm>net9.0</AppTfm></PropertyGroup></Project>",
    );
    await writeFile(
      join(dir, "src", "Tool", "Tool.csproj"),
      '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworks>net8.0;$(AppTfm)</TargetFrameworks></PropertyGroup></Project>',
    );
    const d = await detectProject(dir);
    const dotnet = detectionFor(d, "dotnet")!;
    expect(dotnet.input.services).toEqual([]);
    expect(dotnet.candidates).toEqual(["src/Tool/Tool.csproj"]);
    expect(dotnet.input.runtimeVersion).toBe("9.0");
    expect(dotnet.findings).toContainEqual({ what: "target framework net8.0;net9.0", file: "src/Tool/Tool.csproj" });
    expect(dotnet.notes.join("\n")).toContain("src/Tool/Tool.csproj is a console app");
  });
});

describe("Node: an npm-workspaces monorepo", () => {
  it("finds the apps among the workspaces, their framework, entry, build and port, and the registry", async () => {
    const d = await detectProject(join(DETECT_DIR, "node-workspaces"));
    const node = detectionFor(d, "node")!;
    expect(detectedInput(d, "node")).toMatchObject({
      project: "platform",
      runtimeVersion: "24",
      restoreFiles: [
        "package.json",
        "package-lock.json",
        "apps/api/package.json",
        "apps/docs/package.json",
        "apps/web/package.json",
        "apps/worker/package.json",
        "packages/ui/package.json",
      ],
    });
    // The Next.js site first: the first web service takes every request no path rule matches.
    expect(node.input.services).toEqual([
      {
        name: "web",
        kind: "web",
        path: "apps/web",
        framework: "next",
        standalone: false,
        buildScript: "build",
        port: 3000,
      },
      {
        name: "api",
        kind: "web",
        path: "apps/api",
        framework: "nest",
        entry: "dist/main.js",
        buildScript: "build",
        port: 4000,
      },
      {
        name: "worker",
        kind: "worker",
        path: "apps/worker",
        framework: "node",
        entry: "dist/worker.js",
        buildScript: "build",
      },
    ]);
    expect(lines(d)).toEqual([
      "found the npm lockfile in package-lock.json",
      "found npm workspaces apps/api, apps/docs, apps/web, apps/worker, packages/ui in package.json",
      'found NestJS web "api" (start: node dist/main) in apps/api/package.json',
      'found port 4000 for "api" in apps/api/.env.example',
      "found a Vite static site in apps/docs/package.json",
      'found Next.js web "web" (start: next start) in apps/web/package.json',
      'found Node worker "worker" (start: node --enable-source-maps dist/worker.js) in apps/worker/package.json',
      'found engines.node "^22.11 || ^24" in package.json',
      "found the private registry https://npm.pkg.github.com for @acme in .npmrc",
    ]);
    expect(node.notes).toEqual([
      '"api" shows no health route in its source; the load balancer will probe /health, which the app must answer with a 2xx or 3xx (or set services[].healthCheckPath to a route it has)',
      "apps/docs/package.json: a static site is left out of services; this release runs containers (serve its build from S3 and CloudFront)",
      '"web" shows no health route in its source; the load balancer will probe /health, which the app must answer with a 2xx or 3xx (or set services[].healthCheckPath to a route it has)',
      '"web": there is no next.config with output: "standalone", so its image runs next start over all production dependencies; standalone output traces only the files the server needs, usually a several times smaller image (set it, then "standalone": true on the service)',
    ]);
    expect(node.feedHints).toMatchObject([
      { strategy: "github-packages", settings: { owner: "acme", scope: "@acme" } },
    ]);
  });

  it("the node-monorepo fixture: workspaces in their declared order, ports from the scripts", async () => {
    const d = await detectProject(join(FIXTURES_DIR, "node-monorepo", "app"));
    expect(detectedInput(d, "node")).toMatchObject({
      project: "slugger",
      runtimeVersion: "24",
      services: [
        { name: "frontend", framework: "next", standalone: true, port: 3000 },
        { name: "backend", framework: "express", entry: "index.js", port: 3001, buildScript: null },
      ],
    });
    expect(lines(d)).toContain('found output: "standalone" for "frontend" in frontend/next.config.mjs');
    expect(detectionFor(d, "node")!.notes.join("\n")).not.toContain("standalone");
  });

  it("the node-source fixture: a Next.js app whose next.config.ts leaves out standalone output", async () => {
    const d = await detectProject(join(FIXTURES_DIR, "node-source", "app"));
    expect(detectedInput(d, "node")).toMatchObject({
      services: [
        { name: "web", framework: "next", standalone: false, port: 3000 },
        { name: "api", framework: "express", entry: "src/server.js", port: 3001 },
      ],
    });
    expect(detectionFor(d, "node")!.notes).toContain(
      '"web": web/next.config.ts does not set output: "standalone", so its image runs next start over all production dependencies; standalone output traces only the files the server needs, usually a several times smaller image (set it, then "standalone": true on the service)',
    );
  });

  it("the node-microservices fixture: the dev script compose runs, where a service has one", async () => {
    const d = await detectProject(join(FIXTURES_DIR, "node-microservices", "app"));
    const services = detectedInput(d, "node")!.services!;
    expect(services.map((s) => [s.name, s.buildScript, s.devScript ?? null])).toEqual([
      ["api", "build", "dev"],
      ["worker", "build", null],
      ["scheduler", "build", null],
    ]);
  });

  it('reads output: "standalone" in each next.config form, but not in a comment', async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-next-"));
    const app = (config: [string, string] | null) => async () => {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const pkg = {
        name: "site",
        scripts: { build: "next build", start: "next start" },
        dependencies: { next: "16.4.6" },
      };
      await writeFile(join(dir, "package.json"), JSON.stringify(pkg));
      if (config) await writeFile(join(dir, config[0]), config[1]);
      return detectedInput(await detectProject(dir), "node")!.services![0]!.standalone;
    };
    expect(await app(["next.config.js", 'module.exports = { output: "standalone" };'])()).toBe(true);
    expect(await app(["next.config.mjs", "export default { output: 'standalone', poweredByHeader: false };"])()).toBe(
      true,
    );
    expect(
      await app(["next.config.ts", 'const c: NextConfig = {\n  output: "standalone",\n};\nexport default c;'])(),
    ).toBe(true);
    expect(await app(["next.config.ts", '// output: "standalone",\nexport default {};'])()).toBe(false);
    expect(await app(["next.config.mjs", 'export default { output: "export" };'])()).toBe(false);
    expect(await app(null)()).toBe(false);
  });

  it("pnpm: the package manager the images install with, .nvmrc, and no note about it", async () => {
    const d = await detectProject(join(DETECT_DIR, "node-pnpm"));
    const node = detectionFor(d, "node")!;
    expect(node.input).toMatchObject({
      runtimeVersion: "22",
      packageManager: "pnpm",
      restoreFiles: ["package.json", "pnpm-lock.yaml"],
      services: [{ name: "tiny-api", kind: "web", framework: "express", entry: "src/server.js", port: 3000 }],
    });
    expect(lines(d)).toEqual([
      "found packageManager pnpm@10.20.0 in package.json",
      "found the pnpm lockfile in pnpm-lock.yaml",
      'found Express web "tiny-api" (start: node src/server.js) in package.json',
      "found Node 22 in .nvmrc",
    ]);
    expect(node.notes.join("\n")).not.toMatch(/pnpm|npm ci|packageManager/);
  });
});

describe("Rails: an app with Sidekiq", () => {
  it("finds Ruby, Rails, the Sidekiq worker, sidekiq-cron, MySQL, Redis, the assets and the entrypoint", async () => {
    const d = await detectProject(join(DETECT_DIR, "rails-sidekiq-cron"));
    const rails = detectionFor(d, "rails")!;
    expect(detectedInput(d, "rails")).toMatchObject({
      project: "bookshop",
      stack: "rails",
      runtimeVersion: "3.3.6",
      // sidekiq-cron schedules from inside Sidekiq: no third service.
      services: [
        { name: "web", kind: "web" },
        { name: "worker", kind: "worker", command: ["bundle", "exec", "sidekiq"] },
      ],
      database: { engine: "mysql" },
      cache: { engine: "valkey" },
      rails: { assetPrecompile: true, bootsnap: true },
    });
    expect(lines(d)).toEqual([
      "found Rails 8.0.2 in Gemfile.lock",
      "found sidekiq (a worker service running bundle exec sidekiq; it needs Redis) in Gemfile",
      "found sidekiq-cron (its schedules run inside the Sidekiq worker; no scheduler service needed) in Gemfile",
      "found the mysql adapter gem in Gemfile",
      "found Ruby 3.3.6 in Gemfile",
      "found the propshaft assets pipeline in Gemfile",
      "found bootsnap (precompiled in the image) in Gemfile",
      "found the entrypoint that prepares the database in bin/docker-entrypoint",
      "found the application module Bookshop in config/application.rb",
      "found an existing Dockerfile in Dockerfile",
    ]);
    expect(rails.notes).toEqual([
      'config/routes.rb has no /up health route: add `get "up" => "rails/health#show"` or set the web service\'s healthCheckPath',
    ]);
  });

  it("the rails-sidekiq fixture: .ruby-version, postgres, redis", async () => {
    const d = await detectProject(join(FIXTURES_DIR, "rails-sidekiq", "app"));
    expect(detectedInput(d, "rails")).toMatchObject({
      runtimeVersion: "3.4.7",
      // The Gemfile says `ruby file: ".ruby-version"`: bundle install reads it (rails/rails#51031).
      restoreFiles: ["Gemfile", "Gemfile.lock", ".ruby-version"],
      database: { engine: "postgres" },
      cache: { engine: "valkey" },
      services: [{ name: "web" }, { name: "worker", command: ["bundle", "exec", "sidekiq"] }],
    });
  });

  it("a clockwork scheduler, solid_queue, an API-only app", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-detect-"));
    await mkdir(join(dir, "config"));
    await mkdir(join(dir, "bin"));
    await writeFile(join(dir, "Gemfile"), 'gem "rails"\ngem "solid_queue"\ngem "clockwork"\ngem "pg"\n');
    await writeFile(join(dir, "bin", "jobs"), "#!/usr/bin/env ruby\n");
    await writeFile(join(dir, "config", "clock.rb"), "require 'clockwork'\n");
    await writeFile(
      join(dir, "config", "application.rb"),
      "module Api\n  class Application\n    config.api_only = true\n  end\nend\n",
    );
    const input = detectedInput(await detectProject(dir), "rails");
    expect(input.services).toEqual([
      { name: "web", kind: "web" },
      { name: "worker", kind: "worker", command: ["./bin/jobs"] },
      { name: "scheduler", kind: "scheduler", command: ["bundle", "exec", "clockwork", "config/clock.rb"] },
    ]);
    expect(input.rails).toEqual({ assetPrecompile: false, bootsnap: false });
    expect(input.cache).toBeUndefined();
  });
});

describe("which stack", () => {
  it("a Rails app whose package.json also runs something is ambiguous, Rails first", async () => {
    const dir = await copyOf(join(FIXTURES_DIR, "rails-sidekiq", "app"));
    await writeFile(
      join(dir, "package.json"),
      JSON.stringify({ name: "assets", scripts: { start: "node server.js" } }),
    );
    expect(proposedStack(await detectProject(dir))).toEqual({ stack: "rails", ambiguous: true });
  });

  it("nothing recognisable: no stack", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-detect-"));
    await writeFile(join(dir, "main.go"), "package main\n");
    const d = await detectProject(dir);
    expect(d.stacks).toEqual([]);
    expect(proposedStack(d).stack).toBeNull();
  });

  it("a worktree's .git file leads to the repository's config", async () => {
    const main = await copyOf(join(FIXTURES_DIR, "dotnet-api", "app"), "https://github.com/acme/orders.git");
    const worktree = await copyOf(join(FIXTURES_DIR, "dotnet-api", "app"));
    await mkdir(join(main, ".git", "worktrees", "feature"), { recursive: true });
    await writeFile(join(main, ".git", "worktrees", "feature", "commondir"), "../..\n");
    await writeFile(join(worktree, ".git"), `gitdir: ${join(main, ".git", "worktrees", "feature")}\n`);
    expect(detectedInput(await detectProject(worktree), "dotnet").github).toEqual({ repository: "acme/orders" });
  });
});

describe("detection helpers", () => {
  it.each([
    ["git@github.com:acme/shop.git", "acme/shop"],
    ["https://github.com/acme/shop", "acme/shop"],
    ["https://token@github.com/acme/shop.git", "acme/shop"],
    ["ssh://git@github.com/acme/shop.git", "acme/shop"],
    ["https://gitlab.com/acme/shop.git", null],
    ["git@github.example.com:acme/shop.git", null],
  ])("GitHub remote %s -> %s", (url, repository) => {
    expect(githubRepositoryFromUrl(url)).toBe(repository);
  });

  it.each([
    [">=20.19", 24, true],
    ["^22.11 || ^24", 24, true],
    ["^22.11", 24, false],
    ["22.x", 22, true],
    ["<24", 24, false],
    ["<24.5", 24, true],
    ["20 - 22", 22, true],
    ["*", 26, true],
  ])("engines %s allows %s: %s", (range, major, allowed) => {
    expect(rangeAllows(range, major)).toBe(allowed);
  });

  it("workspace globs and pnpm-workspace.yaml", () => {
    expect(matchesGlob("apps/web", "apps/*")).toBe(true);
    expect(matchesGlob("apps/web/sub", "apps/*")).toBe(false);
    expect(matchesGlob("packages/a/b", "packages/**")).toBe(true);
    expect(matchesGlob("services/api", "./services/api/")).toBe(true);
    expect(pnpmPackages("packages:\n  - 'apps/*'\n  # libraries\n  - \"libs/*\"\n  - '!**/test/**'\n")).toEqual([
      "apps/*",
      "libs/*",
      "!**/test/**",
    ]);
    expect(pnpmPackages("packages: ['apps/*', 'libs/*']\n")).toEqual(["apps/*", "libs/*"]);
  });

  it("private sources suggest a feed strategy; public registries suggest nothing", () => {
    expect(feedHint("nuget.org", "https://api.nuget.org/v3/index.json", "nuget.config")).toBeNull();
    expect(
      feedHint(
        "internal",
        "https://acme-111122223333.d.codeartifact.us-east-1.amazonaws.com/nuget/internal/v3/index.json",
        "nuget.config",
      ),
    ).toMatchObject({
      strategy: "codeartifact",
      settings: { domain: "acme", domainOwner: "111122223333", repository: "internal" },
    });
    expect(feedHint("gh", "https://rubygems.pkg.github.com/acme", "Gemfile")).toMatchObject({
      strategy: "github-packages",
      settings: { owner: "acme" },
    });
    expect(feedHint("local", "../acme-packages/out", "nuget.config")?.strategy).toBe("source");
    expect(feedHint("local", "packages", "nuget.config")?.strategy).toBe("ci-artifacts");
    expect(feedHint("proget", "https://proget.acme.internal/nuget/feed", "nuget.config")?.strategy).toBeNull();
  });
});

describe("repositories with files of their own (init adopts or writes beside them: test/init-own-files.test.ts)", () => {
  it("rails-own-dockerfile: a Rails 8 app with Thruster, Postgres and the Dockerfile `rails new` shapes", async () => {
    const d = await detectProject(join(DETECT_DIR, "rails-own-dockerfile"));
    expect(detectedInput(d, "rails")).toMatchObject({
      project: "ledger",
      stack: "rails",
      services: [{ name: "web", kind: "web" }],
      database: { engine: "postgres" },
    });
    expect(lines(d)).toContain("found an existing Dockerfile in Dockerfile");
  });

  it("node-own-compose: a plain Node server with its own Dockerfile, compose file and .env.example", async () => {
    const d = await detectProject(join(DETECT_DIR, "node-own-compose"));
    expect(detectedInput(d, "node")).toMatchObject({
      project: "tally",
      stack: "node",
      services: [{ name: "tally", kind: "web", port: 3000 }],
    });
    expect(lines(d)).toEqual(expect.arrayContaining(["found an existing Dockerfile in Dockerfile"]));
  });
});
