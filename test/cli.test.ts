// The CLI end to end, in-process: exit codes, messages and what reaches the disk.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, prepareFixture, readTree } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";

async function appCopy(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `ecs-stack-cli-${name}-`));
  await cp(join(FIXTURES_DIR, name, "app"), dir, { recursive: true });
  return dir;
}

/** The one answer no repository holds: which AWS account to deploy to. */
async function writeAccountAnswer(dir: string): Promise<void> {
  await writeFile(join(dir, "answers.json"), JSON.stringify({ aws: { accountId: "123456789012" } }));
}

describe("init", () => {
  it.each(["dotnet-api", "node-monorepo", "rails-sidekiq"])(
    "--yes on the %s app writes the stack, and check passes right after",
    async (name) => {
      const dir = await appCopy(name);
      await writeAccountAnswer(dir);
      const init = await runCli(["init", "--yes", "--config", "answers.json"], { cwd: dir });
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/^found /m);
      const files = await readTree(dir);
      expect(files.has("ecs-stack.config.json")).toBe(true);
      expect(files.has(".ecs-stack/lock.json")).toBe(true);
      expect(files.has("docker-compose.yml")).toBe(true);
      expect((await runCli(["check"], { cwd: dir })).code).toBe(0);
    },
  );

  it("without a terminal and without --yes or --config exits 2, lists each open question with its flag and writes nothing", async () => {
    const dir = await appCopy("node-monorepo");
    const before = await readTree(dir);
    const result = await runCli(["init"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("found npm workspaces frontend, backend in package.json");
    expect(result.stderr).toContain(
      '- project: the name that prefixes every AWS resource (default: "slugger"); pass --project NAME',
    );
    expect(result.stderr).toMatch(/^\s*- aws\.accountId: .*; pass --aws-account-id ID$/m);
    expect(result.stderr).toContain(
      '- aws.region: the AWS region to deploy to (default: "us-east-1"); pass --region REGION',
    );
    expect(result.stderr).toContain("--yes");
    expect(await readTree(dir)).toEqual(before);
  });

  it("a folder with no recognisable app exits 2, saying what was looked for", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-empty-"));
    await writeFile(join(dir, "README.md"), "# notes\n");
    const result = await runCli(["init", "--yes"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`No app found in ${dir}.`);
    expect(result.stderr).toContain("looked for .NET: a solution (*.sln, *.slnx) or project files (*.csproj)");
    expect(result.stderr).toContain("looked for Rails: a Gemfile with the rails gem");
    expect(result.stderr).toContain("looked for Node: a package.json");
    expect([...(await readTree(dir)).keys()]).toEqual(["README.md"]);
  });

  it("--yes without an AWS account exits 2, naming the field, how to find the id and the flag", async () => {
    const dir = await appCopy("node-monorepo");
    const result = await runCli(["init", "--yes"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^\s*- aws\.accountId: the 12-digit AWS account/m);
    expect(result.stderr).toContain("aws sts get-caller-identity");
    expect(result.stderr).toContain("pass --aws-account-id ID");
    expect(await readdir(dir)).not.toContain("ecs-stack.config.json");
  });

  it("--yes with the answers as flags writes what the flags say", async () => {
    const dir = await appCopy("dotnet-api");
    const result = await runCli(
      [
        "init",
        "--yes",
        "--project",
        "orders",
        "--aws-account-id",
        "210987654321",
        "--region",
        "eu-west-1",
        "--github-repository",
        "acme/orders",
        "--feed",
        "none",
        "--set",
        "logs.retentionDays=7",
      ],
      { cwd: dir },
    );
    expect(result.code, result.stderr).toBe(0);
    const config = JSON.parse(await readFile(join(dir, "ecs-stack.config.json"), "utf8"));
    expect(config.project).toBe("orders");
    expect(config.aws).toEqual({ region: "eu-west-1", accountId: "210987654321" });
    expect(config.github.repository).toBe("acme/orders");
    expect(config.feed.strategy).toBe("none");
    expect(config.logs.retentionDays).toBe(7);
    expect(config.services[0]).toMatchObject({ name: "api", entry: "src/Api/Api.csproj", healthCheckPath: "/healthz" });
  });

  it("a flag's value is checked with its field's schema, and the message names the flag", async () => {
    const dir = await appCopy("dotnet-api");
    const result = await runCli(
      ["init", "--yes", "--aws-account-id", "1234", "--region", "mars-1", "--service", "api,kind=daemon"],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--aws-account-id: must be the 12-digit AWS account id; got "1234"');
    expect(result.stderr).toContain('--region: must be an AWS region such as "us-east-1"; got "mars-1"');
    expect(result.stderr).toContain('--service "api,kind=daemon": kind:');
    expect(await readdir(dir)).not.toContain("ecs-stack.config.json");
  });

  it("--stack and --service describe an app detection does not recognise", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-bare-"));
    await writeFile(join(dir, "server.js"), "require('node:http').createServer().listen(3000);\n");
    const result = await runCli(
      [
        "init",
        "--yes",
        "--stack",
        "node",
        "--service",
        "web,entry=server.js,port=3000",
        "--aws-account-id",
        "123456789012",
      ],
      { cwd: dir },
    );
    expect(result.code, result.stderr).toBe(0);
    const config = JSON.parse(await readFile(join(dir, "ecs-stack.config.json"), "utf8"));
    expect(config.services).toHaveLength(1);
    expect(config.services[0]).toMatchObject({ name: "web", entry: "server.js", port: 3000, framework: "node" });
  });

  it("refuses a folder that already has a config, pointing at generate", async () => {
    const dir = await prepareFixture("dotnet-api");
    const result = await runCli(["init", "--yes"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("create-ecs-stack generate");
  });

  it("takes answers from --config inside the project", async () => {
    const dir = await appCopy("dotnet-api");
    await writeFile(
      join(dir, "answers.json"),
      JSON.stringify({
        project: "billing",
        aws: { accountId: "123456789012" },
        services: [{ name: "api", path: "src/Api", entry: "src/Api/Api.csproj", cpu: 1024, memory: 2048 }],
      }),
    );
    const result = await runCli(["init", "--config", "answers.json"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const config = JSON.parse(await readFile(join(dir, "ecs-stack.config.json"), "utf8"));
    expect(config.project).toBe("billing");
    expect(config.services[0].memory).toBe(2048);
    // Every default is written out, so a new release cannot change the stack silently.
    expect(config.services[0]).toHaveProperty("desiredCount", 1);
  });
});

describe("check", () => {
  it("exits 1 with a unified diff naming the file when one config value changes", async () => {
    const dir = await prepareFixture("dotnet-api");
    expect((await runCli(["generate"], { cwd: dir })).code).toBe(0);
    const configPath = join(dir, "ecs-stack.config.json");
    const config = JSON.parse(await readFile(configPath, "utf8"));
    config.services[0].port = 8081;
    await writeFile(configPath, JSON.stringify(config));
    const result = await runCli(["check"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("--- a/src/Api/Dockerfile");
    expect(result.stdout).toContain("+++ b/src/Api/Dockerfile");
    expect(result.stdout).toContain("-EXPOSE 8080");
    expect(result.stdout).toContain("+EXPOSE 8081");
    expect(result.stderr).toContain("ecs-stack.config.json changed since the last generate");

    const json = await runCli(["check", "--json"], { cwd: dir });
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.inSync).toBe(false);
    expect(parsed.changes.map((c: { path: string }) => c.path)).toContain("src/Api/Dockerfile");

    const diff = await runCli(["diff"], { cwd: dir });
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain("+EXPOSE 8081");
  });

  it("exits 1 before the first generate (no lock)", async () => {
    const dir = await prepareFixture("dotnet-api");
    const result = await runCli(["check"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no .ecs-stack/lock.json");
  });
});

describe("generate", () => {
  it("never overwrites a file the user edited when the config changes it: both are merged", async () => {
    const dir = await prepareFixture("dotnet-api");
    await runCli(["generate"], { cwd: dir });
    const dockerfile = join(dir, "src/Api/Dockerfile");
    const edited = `${await readFile(dockerfile, "utf8")}# my edit\n`;
    await writeFile(dockerfile, edited);
    const configPath = join(dir, "ecs-stack.config.json");
    const config = JSON.parse(await readFile(configPath, "utf8"));
    config.services[0].port = 9090;
    await writeFile(configPath, JSON.stringify(config));

    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/merged with your edit\s+src\/Api\/Dockerfile/);
    const merged = await readFile(dockerfile, "utf8");
    expect(merged).toContain("# my edit\n");
    expect(merged).toContain("EXPOSE 9090");
    expect(merged).not.toContain("EXPOSE 8080");
  });

  it("keeps an edit when the generated content did not change", async () => {
    const dir = await prepareFixture("dotnet-api");
    await runCli(["generate"], { cwd: dir });
    const ignore = join(dir, ".dockerignore");
    await writeFile(ignore, `${await readFile(ignore, "utf8")}secrets/\n`);
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("kept your edit");
    expect(await readFile(ignore, "utf8")).toContain("secrets/\n");
  });

  it("--dry-run writes nothing", async () => {
    const dir = await prepareFixture("rails-sidekiq");
    const before = await readTree(dir);
    const result = await runCli(["generate", "--dry-run"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("would create");
    expect(await readTree(dir)).toEqual(before);
  });

  it("a second run changes nothing, so git stays clean", async () => {
    const dir = await prepareFixture("node-monorepo");
    await runCli(["generate"], { cwd: dir });
    const first = await readTree(dir);
    const again = await runCli(["generate"], { cwd: dir });
    expect(again.stdout).toBe("Everything is up to date.\n");
    expect(await readTree(dir)).toEqual(first);
  });
});

describe("the project folder is a boundary", () => {
  it("refuses to write through a symlink that leads outside the project (exit 2, nothing written)", async () => {
    const dir = await prepareFixture("dotnet-api");
    const outside = await mkdtemp(join(tmpdir(), "ecs-stack-outside-"));
    await rm(join(dir, "src"), { recursive: true });
    await mkdir(join(outside, "Api"));
    await symlink(outside, join(dir, "src"));
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("leads outside the project folder");
    expect(await readdir(join(outside, "Api"))).toEqual([]);
    expect((await readTree(dir)).has("docker-compose.yml")).toBe(false);
  });
});

describe("usage", () => {
  it("an unknown command or option exits 2 with one message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-usage-"));
    expect((await runCli(["deploy"], { cwd: dir })).code).toBe(2);
    const option = await runCli(["generate", "--force"], { cwd: dir });
    expect(option.code).toBe(2);
    expect(option.stderr).not.toMatch(/\n\s+at /);
  });

  it("generate without a config exits 2 and says to run init", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-noconfig-"));
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("create-ecs-stack init");
  });
});
