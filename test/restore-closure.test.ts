// .NET and Ruby images cannot be built here (no SDK, NuGet or RubyGems registry is reachable), so
// their restore layer is checked statically: every file `dotnet restore` or `bundle install` reads
// in the app is copied into the build before the install runs (test/support/restore-closure.ts).
// The apps are the fixture apps and detection fixtures, generated as a user would.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "./support/fixtures.js";
import { generatedFixture } from "./support/generated.js";
import { bundlerReads, dotnetRestoreReads, pythonInstallReads, restoreClosureGaps } from "./support/restore-closure.js";
import { runCli } from "./support/run-cli.js";

const BUNDLE_INSTALL = /\bbundle install\b/;
const DOTNET_RESTORE = /\bdotnet restore\b/;
const PYTHON_INSTALL = /\bpoetry sync\b|\buv sync\b|\bpip install -r\b/;
const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** The fixture's shared generate (support/generated.ts): only read here. */
async function generated(fixture: string): Promise<string> {
  const { dir, result } = await generatedFixture(fixture);
  expect(result.code, result.stderr).toBe(0);
  return dir;
}

async function initialised(detectCase: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `ecs-stack-closure-${detectCase}-`));
  made.push(dir);
  await cp(join(FIXTURES_DIR, "detect", detectCase), dir, { recursive: true });
  // An app's own Dockerfile is left alone by init; this check is about the one we write.
  await rm(join(dir, "Dockerfile"), { force: true });
  const result = await runCli(["init", "--yes", "--aws-account-id", "123456789012", "--feed", "none"], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return dir;
}

interface Service {
  name: string;
  entry: string | null;
  dockerfile?: string;
}

async function servicesOf(dir: string): Promise<Service[]> {
  return JSON.parse(await readFile(join(dir, "ecs-stack.config.json"), "utf8")).services;
}

describe("Rails: the files bundle install reads are copied before it", () => {
  it.each([
    ['fixture rails-sidekiq (`ruby file: ".ruby-version"`)', () => generated("rails-sidekiq")],
    ["detected rails-sidekiq-cron", () => initialised("rails-sidekiq-cron")],
  ])("%s", async (_, make) => {
    const dir = await make();
    const reads = bundlerReads(dir);
    expect(reads).toContain("Gemfile.lock");
    const dockerfile = await readFile(join(dir, "Dockerfile"), "utf8");
    expect(restoreClosureGaps(dockerfile, BUNDLE_INSTALL, reads)).toEqual([]);
  });

  it("finds the Gemfile's `ruby file:` in rails-sidekiq's app, and fails when its COPY is gone", async () => {
    const dir = await generated("rails-sidekiq");
    expect(bundlerReads(dir)).toEqual([".ruby-version", "Gemfile", "Gemfile.lock"]);
    const dockerfile = await readFile(join(dir, "Dockerfile"), "utf8");
    const seeded = dockerfile.replace(/^COPY .*Gemfile.*$/m, "COPY Gemfile Gemfile.lock ./");
    expect(seeded).not.toBe(dockerfile);
    expect(restoreClosureGaps(seeded, BUNDLE_INSTALL, bundlerReads(dir)).map((g) => g.file)).toEqual([".ruby-version"]);
  });
});

describe(".NET: the files dotnet restore reads are copied before it", () => {
  it.each([
    ["fixture dotnet-api", () => generated("dotnet-api")],
    [
      "detected dotnet-solution (Directory.*.props, global.json, nuget.config, project references)",
      () => initialised("dotnet-solution"),
    ],
  ])("%s", async (_, make) => {
    const dir = await make();
    for (const service of await servicesOf(dir)) {
      const project = service.entry!;
      const reads = dotnetRestoreReads(dir, [project]);
      expect(reads).toContain(project);
      const path = join(dir, project.split("/").slice(0, -1).join("/"), "Dockerfile");
      const dockerfile = await readFile(path, "utf8");
      expect(restoreClosureGaps(dockerfile, DOTNET_RESTORE, reads), service.name).toEqual([]);
    }
  });

  it("walks project references and the props above them, and fails when a COPY is gone", async () => {
    const dir = await initialised("dotnet-solution");
    const reads = dotnetRestoreReads(dir, ["src/Shop.Api/Shop.Api.csproj"]);
    expect(reads).toEqual([
      "Directory.Build.props",
      "Directory.Packages.props",
      "global.json",
      "nuget.config",
      "src/Shop.Api/Shop.Api.csproj",
      "src/Shop.Core/Shop.Core.csproj",
      "src/Shop.Data/Shop.Data.csproj",
    ]);
    const dockerfile = await readFile(join(dir, "src", "Shop.Api", "Dockerfile"), "utf8");
    const seeded = dockerfile.replace("Directory.Packages.props", "");
    expect(seeded).not.toBe(dockerfile);
    expect(restoreClosureGaps(seeded, DOTNET_RESTORE, reads).map((g) => g.file)).toEqual(["Directory.Packages.props"]);
  });
});

describe("Python: the files the install reads land where it runs, before it", () => {
  it.each([
    ["fixture python-fastapi (the root)", "python-fastapi", ".", "poetry"],
    ["fixture python-monorepo (backend/)", "python-monorepo", "backend", "poetry"],
  ] as const)("%s", async (_, fixture, folder, manager) => {
    const dir = await generated(fixture);
    const reads = pythonInstallReads(dir, folder, manager);
    expect(reads).toEqual([posix.join(folder, "poetry.lock"), posix.join(folder, "pyproject.toml")]);
    const dockerfile = await readFile(join(dir, folder, "Dockerfile"), "utf8");
    expect(restoreClosureGaps(dockerfile, PYTHON_INSTALL, reads, folder)).toEqual([]);
  });

  it("fails when the app's files land beside the install instead of in its folder, or a poetry.toml is left out", async () => {
    const dir = await generated("python-monorepo");
    const dockerfile = await readFile(join(dir, "backend", "Dockerfile"), "utf8");
    const reads = pythonInstallReads(dir, "backend", "poetry");
    const nested = dockerfile.replace("backend/poetry.lock ./", "backend/poetry.lock backend/");
    expect(nested).not.toBe(dockerfile);
    expect(restoreClosureGaps(nested, PYTHON_INSTALL, reads, "backend").map((g) => g.file)).toEqual([
      "backend/poetry.lock",
      "backend/pyproject.toml",
    ]);
    const withSettings = [...reads, "backend/poetry.toml"];
    expect(restoreClosureGaps(dockerfile, PYTHON_INSTALL, withSettings, "backend").map((g) => g.file)).toEqual([
      "backend/poetry.toml",
    ]);
  });

  it("follows pip's -r and -c includes from the app's folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-closure-pip-"));
    made.push(dir);
    await mkdir(join(dir, "api", "requirements"), { recursive: true });
    await writeFile(join(dir, "api", "requirements.txt"), "-r requirements/base.txt\n-c constraints.txt\n");
    await writeFile(join(dir, "api", "requirements", "base.txt"), "flask==3.1.0\n");
    await writeFile(join(dir, "api", "constraints.txt"), "werkzeug<4\n");
    expect(pythonInstallReads(dir, "api", "pip")).toEqual([
      "api/constraints.txt",
      "api/requirements.txt",
      "api/requirements/base.txt",
    ]);
  });
});
