// The real prompts, end to end: the built bin in a tmux pseudo-terminal, answered with keystrokes.
// The run's transcript is kept in .tmp/init-transcript.txt for reading.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfigValue } from "../src/config/load.js";
import { feedStrategyIsAvailable } from "../src/config/rules.js";
import { FEED_STRATEGIES } from "../src/config/schema.js";
import { FIXTURES_DIR, readTree } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";
import { hasTmux, Terminal } from "./support/terminal.js";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "create-ecs-stack.js");

if (!hasTmux) console.warn("SKIPPED test/interactive.test.ts: tmux is not installed (bash .ci/run installs it)");

/** The .NET solution, with a GitHub origin and without the workflow that names the AWS account. */
async function shop(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ecs-stack-tty-"));
  await cp(join(FIXTURES_DIR, "detect", "dotnet-solution"), dir, { recursive: true });
  await rm(join(dir, ".github"), { recursive: true });
  await mkdir(join(dir, ".git"));
  await writeFile(join(dir, ".git", "config"), '[remote "origin"]\n\turl = git@github.com:acme/shop.git\n');
  return dir;
}

/** Whether this version offers a choice of feed strategy for .NET (the question is asked only then). */
function feedChoice(): boolean {
  const base = parseConfigValue(
    {
      project: "probe",
      stack: "dotnet",
      aws: { accountId: "123456789012" },
      services: [{ name: "web", entry: "A/A.csproj" }],
    },
    "probe",
  );
  const offered = FEED_STRATEGIES.filter(
    (strategy) => feedStrategyIsAvailable({ ...base, feed: { ...base.feed, strategy } }).length === 0,
  );
  return offered.length > 1;
}

// CI unset: the bin treats CI as "nobody at the keyboard".
const command = (dir: string) => `env -u CI node ${BIN} --cwd ${dir}`;

describe.skipIf(!hasTmux)("init in a terminal", () => {
  let terminal: Terminal | null = null;
  afterEach(() => terminal?.close());

  it(
    "asks the open questions with their defaults, shows the summary and files, and writes what was answered",
    { timeout: 90_000 },
    async () => {
      const dir = await shop();
      terminal = Terminal.start(command(dir), dir);

      await terminal.waitFor("Project name");
      terminal.type("webshop");
      terminal.keys("Enter");

      await terminal.waitFor("AWS account id");
      terminal.type("1234");
      terminal.keys("Enter");
      await terminal.waitFor("must be the 12-digit AWS account id");
      terminal.keys("C-u");
      terminal.type("123456789012");
      terminal.keys("Enter");

      await terminal.waitFor("AWS region");
      terminal.type("eu-west-1");
      terminal.keys("Enter");

      // The origin remote is the default: Enter takes it.
      await terminal.waitFor(/GitHub repository.*\(acme\/shop\)/);
      terminal.keys("Enter");

      // No ids: the roles trust the repository by name.
      await terminal.waitFor("GitHub owner id");
      terminal.keys("Enter");

      if (feedChoice()) {
        await terminal.waitFor("How does the image build get the private packages");
        // The first choice is "none"; a digit jumps to it.
        terminal.keys("1");
        await new Promise((r) => setTimeout(r, 300));
        terminal.keys("Enter");
      }

      const summary = await terminal.waitFor("Write these files?");
      expect(summary).toMatch(/AWS\s+account 123456789012, region eu-west-1/);
      expect(summary).toMatch(/would create\s+src\/Shop\.Api\/Dockerfile/);
      terminal.keys("Enter");

      const transcript = await terminal.waitFor(/\[exit \d+\]/);
      await mkdir(join(ROOT, ".tmp"), { recursive: true });
      await writeFile(join(ROOT, ".tmp", "init-transcript.txt"), transcript.replaceAll(dir, "/work/shop"));
      expect(transcript).toContain("[exit 0]");
      expect(transcript.indexOf("found a solution of 5 projects in Shop.sln")).toBeLessThan(
        transcript.indexOf("Project name"),
      );
      expect(transcript).not.toContain("Which app runs on ECS?");

      const config = JSON.parse(await readFile(join(dir, "ecs-stack.config.json"), "utf8"));
      expect(config).toMatchObject({
        project: "webshop",
        stack: "dotnet",
        aws: { accountId: "123456789012", region: "eu-west-1" },
        github: { repository: "acme/shop" },
        feed: { strategy: "none" },
      });
      const files = await readTree(dir);
      for (const file of [
        "src/Shop.Api/Dockerfile",
        "src/Shop.Worker/Dockerfile",
        "docker-compose.yml",
        ".ecs-stack/lock.json",
      ])
        expect(files.has(file), file).toBe(true);
      expect((await runCli(["check"], { cwd: dir })).code).toBe(0);
    },
  );

  it("Ctrl-C at a prompt exits 130 and writes nothing", { timeout: 60_000 }, async () => {
    const dir = await shop();
    const before = await readTree(dir);
    terminal = Terminal.start(command(dir), dir);
    await terminal.waitFor("Project name");
    terminal.keys("C-c");
    const screen = await terminal.waitFor(/\[exit \d+\]/);
    expect(screen).toContain("Cancelled; nothing was written.");
    expect(screen).toContain("[exit 130]");
    expect(await readTree(dir)).toEqual(before);
  });
});
