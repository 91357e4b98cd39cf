// The built bin, as npx runs it: a real process, real exit codes, no terminal.
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, prepareFixture } from "./support/fixtures.js";

const BIN = join(import.meta.dirname, "..", "bin", "create-ecs-stack.js");
const run = (args: string[]) => execa("node", [BIN, ...args], { reject: false, env: { CI: "true" }, stdin: "ignore" });

describe("bin/create-ecs-stack.js", () => {
  it("init --yes, check (0), a config change, check (1), a bad config (2)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-bin-"));
    await cp(join(FIXTURES_DIR, "rails-sidekiq", "app"), dir, { recursive: true });
    await writeFile(join(dir, "answers.json"), JSON.stringify({ aws: { accountId: "123456789012" } }));

    const init = await run(["init", "--yes", "--config", "answers.json", "--cwd", dir]);
    expect(init.exitCode, init.stderr).toBe(0);
    expect((await run(["check", "--cwd", dir])).exitCode).toBe(0);

    const path = join(dir, "ecs-stack.config.json");
    const config = JSON.parse(await readFile(path, "utf8"));
    config.services[0].port = 3100;
    await writeFile(path, JSON.stringify(config, null, 2));
    const drift = await run(["check", "--cwd", dir]);
    expect(drift.exitCode).toBe(1);
    expect(drift.stdout).toContain("+++ b/Dockerfile");

    config.services[0].memory = 3;
    await writeFile(path, JSON.stringify(config, null, 2));
    const bad = await run(["generate", "--cwd", dir]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("services[0].memory: 512 CPU units allow 1024, 2048, 3072 or 4096 MiB; got 3");
  });

  it("init without --yes and without a terminal exits 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-bin-"));
    await cp(join(FIXTURES_DIR, "dotnet-api", "app"), dir, { recursive: true });
    const result = await run(["--cwd", dir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("pass --yes");
  });

  it("a reader that closes the pipe early (diff | head) leaves diff's exit code 0 and prints no stack trace", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-bin-"));
    await cp(join(FIXTURES_DIR, "rails-sidekiq", "app"), dir, { recursive: true });
    await writeFile(join(dir, "answers.json"), JSON.stringify({ aws: { accountId: "123456789012" } }));
    expect((await run(["init", "--yes", "--config", "answers.json", "--cwd", dir])).exitCode).toBe(0);
    const path = join(dir, "ecs-stack.config.json");
    const config = JSON.parse(await readFile(path, "utf8"));
    config.services[0].port = 3100;
    await writeFile(path, JSON.stringify(config, null, 2));

    // The diff is many KiB; head takes one line and closes the pipe while the CLI is still writing.
    const piped = (command: string) =>
      execa("bash", ["-c", `node "${BIN}" ${command} --cwd "${dir}" | head -n 1; exit \${PIPESTATUS[0]}`], {
        reject: false,
        env: { CI: "true" },
        stdin: "ignore",
      });
    const diff = await piped("diff");
    expect(diff.stderr).toBe("");
    expect(diff.exitCode).toBe(0);
    const check = await piped("check");
    expect(check.stderr).toContain("Out of sync:");
    expect(check.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(check.exitCode).toBe(1);
  });

  it("an unknown flag: one line naming it, the nearest real flag, exit 2", async () => {
    const typo = await run(["--dryrun"]);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toBe('Unknown option "--dryrun".\n  - did you mean --dry-run? see --help for the options');
    const unknown = await run(["generate", "--frobnicate=1"]);
    expect(unknown.stderr).toBe('Unknown option "--frobnicate".\n  - see --help for the options');
    const missing = await run(["check", "--cwd"]);
    expect(missing.stderr).toBe("--cwd needs a value.\n  - --cwd: see --help for what it takes");
  });

  it("cost runs from the bundle (its own chunk): the same JSON, exit 2 for an unknown --env", async () => {
    const project = await prepareFixture("node-microservices");
    const json = await run(["cost", "--json", "--cwd", project]);
    expect(json.exitCode, json.stderr).toBe(0);
    expect(`${json.stdout}\n`).toBe(
      await readFile(join(FIXTURES_DIR, "node-microservices", "expected-cost.json"), "utf8"),
    );
    const unknown = await run(["cost", "--env", "qa", "--cwd", project]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('--env: "qa" is not an environment of this stack');
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, "..", "package.json"), "utf8"));
    expect((await run(["--version"])).stdout).toBe(pkg.version);
  });
});
