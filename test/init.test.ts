// init's questions without a terminal: a scripted prompter stands in for inquirer (the real
// prompts run through a pseudo-terminal in test/interactive.test.ts). Which questions are asked,
// their defaults, their validation, the feed choices, and what reaches the disk.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../src/commands/context.js";
import type { Prompter, PromptSpec } from "../src/commands/init-questions.js";
import { initCommand } from "../src/commands/init.js";
import { parseConfigValue } from "../src/config/load.js";
import { feedStrategyIsAvailable } from "../src/config/rules.js";
import { FEED_STRATEGIES } from "../src/config/schema.js";
import { CancelledError } from "../src/errors.js";
import { FIXTURES_DIR, readTree } from "./support/fixtures.js";

interface Scripted extends Prompter {
  asked: PromptSpec[];
  confirmed: string[];
}

/** Answers by field; a field without an answer takes the prompt's default, as Enter would. */
function scripted(answers: Record<string, string> = {}, confirm = true): Scripted {
  const asked: PromptSpec[] = [];
  const confirmed: string[] = [];
  return {
    asked,
    confirmed,
    async ask(spec) {
      asked.push(spec);
      const value = answers[spec.key] ?? spec.default;
      if (value === undefined) throw new Error(`no answer scripted for ${spec.key}`);
      const valid = spec.validate?.(value) ?? true;
      if (valid !== true) throw new Error(`${spec.key}: the scripted answer "${value}" is invalid: ${valid}`);
      if (spec.choices && !spec.choices.some((c) => c.value === value)) throw new Error(`${value} is not a choice`);
      return value;
    },
    async confirm(message) {
      confirmed.push(message);
      return confirm;
    },
  };
}

function context(cwd: string, interactive = true) {
  const out = { stdout: "", stderr: "" };
  const ctx: CommandContext = {
    cwd,
    stdout: { write: (t) => void (out.stdout += t) },
    stderr: { write: (t) => void (out.stderr += t) },
    env: {},
    interactive,
  };
  return { ctx, out };
}

async function copyOf(path: string, origin?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ecs-stack-init-"));
  await cp(path, dir, { recursive: true });
  if (origin) {
    await mkdir(join(dir, ".git"));
    await writeFile(join(dir, ".git", "config"), `[remote "origin"]\n\turl = ${origin}\n`);
  }
  return dir;
}

/** The .NET solution without its old workflow, so the AWS account and region are open. */
async function shop(): Promise<string> {
  const dir = await copyOf(join(FIXTURES_DIR, "detect", "dotnet-solution"), "git@github.com:acme/shop.git");
  await rm(join(dir, ".github"), { recursive: true });
  return dir;
}

const readConfig = async (dir: string) => JSON.parse(await readFile(join(dir, "ecs-stack.config.json"), "utf8"));

/** What the availability rule accepts for a stack: what the feed question may offer. */
function acceptedStrategies(stack: "dotnet" | "node"): string[] {
  const entry = stack === "dotnet" ? { entry: "App/App.csproj" } : {};
  return FEED_STRATEGIES.filter((strategy) => {
    const config = parseConfigValue(
      { project: "probe", stack, aws: { accountId: "123456789012" }, services: [{ name: "web", ...entry }] },
      "probe",
    );
    return feedStrategyIsAvailable({ ...config, feed: { ...config.feed, strategy } }).length === 0;
  });
}

describe("init asks only what is open", () => {
  it("detected services, stack and framework are not asked; the rest is, with the detected defaults", async () => {
    const dir = await shop();
    const prompter = scripted({ "aws.accountId": "123456789012", project: "webshop", "feed.strategy": "none" });
    const { ctx, out } = context(dir);
    const code = await initCommand(ctx, { yes: false, configFile: null, prompter: async () => prompter });
    expect(code, out.stderr).toBe(0);
    const keys = prompter.asked.map((s) => s.key);
    expect(keys.filter((k) => k !== "feed.strategy")).toEqual([
      "project",
      "aws.accountId",
      "aws.region",
      "github.repository",
      "github.ownerId",
    ]);
    const defaults = Object.fromEntries(prompter.asked.map((s) => [s.key, s.default]));
    expect(defaults).toMatchObject({ project: "shop", "aws.region": "us-east-1", "github.repository": "acme/shop" });
    expect(defaults["aws.accountId"]).toBeUndefined();
    // Findings come first, then the summary and the file list, then the one confirmation.
    expect(out.stdout.indexOf("found a solution of 5 projects in Shop.sln")).toBeLessThan(
      out.stdout.indexOf("Summary:"),
    );
    expect(out.stdout).toMatch(/services\s+api\s+web, port 8080, src\/Shop\.Api\/Shop\.Api\.csproj/);
    expect(out.stdout).toMatch(/would create\s+ecs-stack\.config\.json/);
    expect(out.stdout).toMatch(/would create\s+src\/Shop\.Worker\/Dockerfile/);
    expect(prompter.confirmed).toEqual(["Write these files?"]);
    const config = await readConfig(dir);
    expect(config).toMatchObject({
      project: "webshop",
      stack: "dotnet",
      runtimeVersion: "10.0",
      aws: { accountId: "123456789012", region: "us-east-1" },
      github: { repository: "acme/shop" },
      database: { engine: "postgres" },
      cache: { engine: "valkey" },
    });
    expect(config.services.map((s: { name: string }) => s.name)).toEqual(["api", "worker"]);
    expect((await readTree(dir)).has("src/Shop.Api/Dockerfile")).toBe(true);
  });

  it("a flag or the config file closes its question", async () => {
    const dir = await shop();
    await writeFile(join(dir, "answers.json"), JSON.stringify({ github: { repository: null } }));
    const prompter = scripted({ "aws.accountId": "123456789012" });
    const { ctx, out } = context(dir);
    const code = await initCommand(ctx, {
      yes: false,
      configFile: null,
      flags: { project: "shop", region: "eu-west-1", feed: "none", githubRepository: "" },
      prompter: async () => prompter,
    });
    expect(code, out.stderr).toBe(0);
    expect(prompter.asked.map((s) => s.key)).toEqual(["aws.accountId"]);
    expect((await readConfig(dir)).github.repository).toBeNull();
  });

  it("asks the repository's ids, and the roles then trust its id form as well as its name", async () => {
    const dir = await shop();
    const prompter = scripted({
      "aws.accountId": "123456789012",
      "feed.strategy": "none",
      "github.ownerId": "5123456",
      "github.repositoryId": "1034567890",
    });
    const { ctx, out } = context(dir);
    const code = await initCommand(ctx, { yes: false, configFile: null, prompter: async () => prompter });
    expect(code, out.stderr).toBe(0);
    const spec = prompter.asked.find((s) => s.key === "github.ownerId")!;
    expect(spec.message).toContain("gh api repos/acme/shop --jq '.owner.id, .id'");
    expect(spec.validate!("abc")).not.toBe(true);
    expect(spec.validate!("")).toBe(true);
    expect((await readConfig(dir)).github).toMatchObject({
      repository: "acme/shop",
      ownerId: 5123456,
      repositoryId: 1034567890,
    });
    const global = await readFile(join(dir, "infra/global/main.tf"), "utf8");
    expect(global).toContain('repositories      = ["acme/shop", "acme@5123456/shop@1034567890"]');
  });

  it("an empty owner id keeps the name form and does not ask for the repository's", async () => {
    const dir = await shop();
    const prompter = scripted({ "aws.accountId": "123456789012", "feed.strategy": "none" });
    await initCommand(context(dir).ctx, { yes: false, configFile: null, prompter: async () => prompter });
    expect(prompter.asked.map((s) => s.key)).not.toContain("github.repositoryId");
    expect((await readConfig(dir)).github).toMatchObject({ ownerId: null, repositoryId: null });
  });

  it("a prompt validates with the field's schema", async () => {
    const dir = await shop();
    const prompter = scripted({ "aws.accountId": "123456789012", "feed.strategy": "none" });
    await initCommand(context(dir).ctx, { yes: false, configFile: null, prompter: async () => prompter });
    const spec = (key: string) => prompter.asked.find((s) => s.key === key)!;
    expect(spec("aws.accountId").validate!("1234")).toBe("must be the 12-digit AWS account id");
    expect(spec("aws.region").validate!("mars")).toBe('must be an AWS region such as "us-east-1"');
    expect(spec("project").validate!("Shop!")).toMatch(/lowercase letters, digits and hyphens/);
    expect(spec("github.repository").validate!("not a repo")).toBe('must be "owner/repository"');
    expect(spec("github.repository").validate!("")).toBe(true);
  });

  it("declining the summary cancels with nothing written", async () => {
    const dir = await shop();
    const before = await readTree(dir);
    const prompter = scripted({ "aws.accountId": "123456789012" }, false);
    await expect(
      initCommand(context(dir).ctx, { yes: false, configFile: null, prompter: async () => prompter }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(await readTree(dir)).toEqual(before);
  });
});

describe("the feed question", () => {
  it("offers exactly the strategies the config rules accept, each explained, when the repository names a private source", async () => {
    const accepted = acceptedStrategies("dotnet");
    const dir = await shop();
    const prompter = scripted({ "aws.accountId": "123456789012", "feed.strategy": "none" });
    await initCommand(context(dir).ctx, { yes: false, configFile: null, prompter: async () => prompter });
    const feed = prompter.asked.find((s) => s.key === "feed.strategy");
    if (accepted.length < 2) {
      // Nothing to choose between: the question is not asked at all.
      expect(feed).toBeUndefined();
      return;
    }
    expect(feed!.choices!.map((c) => c.value)).toEqual(accepted);
    expect(feed!.choices!.every((c) => (c.description ?? "").length > 10)).toBe(true);
    expect(feed!.message).toContain("https://nuget.pkg.github.com/acme/index.json");
    // nuget.pkg.github.com suggests github-packages, when this version offers it.
    expect(feed!.default).toBe(accepted.includes("github-packages") ? "github-packages" : "none");
  });

  it("is not asked when no private source is configured", async () => {
    const dir = await copyOf(join(FIXTURES_DIR, "node-monorepo", "app"));
    const prompter = scripted({ "aws.accountId": "123456789012" });
    await initCommand(context(dir).ctx, { yes: false, configFile: null, prompter: async () => prompter });
    expect(prompter.asked.map((s) => s.key)).not.toContain("feed.strategy");
    expect((await readConfig(dir)).feed.strategy).toBe("none");
  });

  it("asks what the chosen strategy still needs, worded by the rules; --yes names the --set flag instead", async () => {
    expect(acceptedStrategies("dotnet")).toContain("codeartifact");
    const dir = await shop();
    const own = await readFile(join(dir, "nuget.config"), "utf8");
    const prompter = scripted({
      "aws.accountId": "123456789012",
      "feed.domain": "acme",
      "feed.repository": "internal",
    });
    const { ctx, out } = context(dir);
    const flags = { feed: "codeartifact", githubRepository: "acme/shop" };
    const code = await initCommand(ctx, { yes: false, configFile: null, flags, prompter: async () => prompter });
    expect(code, out.stderr).toBe(0);
    expect(prompter.asked.map((s) => s.key)).toEqual(expect.arrayContaining(["feed.domain", "feed.repository"]));
    expect((await readConfig(dir)).feed).toMatchObject({
      strategy: "codeartifact",
      domain: "acme",
      repository: "internal",
      // The app keeps its own nuget.config; the image build's goes beside the Dockerfiles.
      configFile: "docker/nuget.config",
    });
    expect(out.stdout).toContain(
      "the repository has its own nuget.config; the image build's goes to docker/nuget.config",
    );
    expect(await readFile(join(dir, "nuget.config"), "utf8")).toBe(own);
    expect(await readFile(join(dir, "docker", "nuget.config"), "utf8")).toContain("%FEED_TOKEN%");
    expect(await readFile(join(dir, "src", "Shop.Api", "Dockerfile"), "utf8")).toContain(
      "COPY docker/nuget.config nuget.config",
    );

    const again = await shop();
    const script = context(again, false);
    const yes = await initCommand(script.ctx, {
      yes: true,
      configFile: null,
      flags: { ...flags, awsAccountId: "123456789012" },
    }).catch((e: Error & { problems?: string[] }) => e);
    expect(yes).toBeInstanceOf(Error);
    expect((yes as { problems: string[] }).problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^feed\.domain: .*; pass --set feed\.domain=VALUE$/)]),
    );
  });
});

describe("--yes and a private registry", () => {
  it("takes the strategy the source suggests, with the owner and scope its address gives away", async () => {
    expect(acceptedStrategies("node")).toContain("github-packages");
    const dir = await copyOf(join(FIXTURES_DIR, "detect", "node-workspaces"));
    const { ctx, out } = context(dir, false);
    const code = await initCommand(ctx, { yes: true, configFile: null, flags: { awsAccountId: "123456789012" } });
    // The app's own .npmrc stays; the image build's goes to docker/.npmrc.
    expect(code, out.stderr).toBe(0);
    expect((await readConfig(dir)).feed).toMatchObject({
      strategy: "github-packages",
      owner: "acme",
      scope: "@acme",
      configFile: "docker/.npmrc",
    });
  });
});

describe("what detection could not settle", () => {
  it("two apps: the stack is asked, and the answer brings that stack's services", async () => {
    const dir = await copyOf(join(FIXTURES_DIR, "rails-sidekiq", "app"));
    await writeFile(
      join(dir, "package.json"),
      JSON.stringify({ name: "assets", scripts: { start: "node server.js" } }),
    );
    const prompter = scripted({ stack: "node", "aws.accountId": "123456789012" });
    const { ctx, out } = context(dir);
    expect(await initCommand(ctx, { yes: false, configFile: null, prompter: async () => prompter }), out.stderr).toBe(
      0,
    );
    const stack = prompter.asked.find((s) => s.key === "stack")!;
    expect(stack.default).toBe("rails");
    expect(stack.choices!.map((c) => c.value)).toEqual(["rails", "node"]);
    const config = await readConfig(dir);
    expect(config.stack).toBe("node");
    expect(config.services).toMatchObject([{ name: "assets", entry: "server.js" }]);
  });

  it("no service found: the service is asked (project file from the candidates); --yes refuses, naming --service", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-init-"));
    await mkdir(join(dir, "src", "Jobs"), { recursive: true });
    await writeFile(
      join(dir, "src", "Jobs", "Jobs.csproj"),
      '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>',
    );
    const yes = await initCommand(context(dir, false).ctx, {
      yes: true,
      configFile: null,
      flags: { awsAccountId: "123456789012" },
    }).catch((e: { problems?: string[] }) => e);
    expect((yes as { problems: string[] }).problems[0]).toMatch(
      /^services\.entry: no service to run was found .*; pass --service /,
    );

    const prompter = scripted({ "aws.accountId": "123456789012", "services.kind": "worker" });
    const { ctx, out } = context(dir);
    expect(await initCommand(ctx, { yes: false, configFile: null, prompter: async () => prompter }), out.stderr).toBe(
      0,
    );
    const entry = prompter.asked.find((s) => s.key === "services.entry")!;
    expect(entry.choices!.map((c) => c.value)).toEqual(["src/Jobs/Jobs.csproj"]);
    expect((await readConfig(dir)).services).toMatchObject([
      { name: "jobs", kind: "worker", path: "src/Jobs", entry: "src/Jobs/Jobs.csproj" },
    ]);
  });
});
