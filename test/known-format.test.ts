// A run formats only what it cannot know: when a file's raw render has the fingerprint the lock
// recorded, its formatted text is taken from the file (or its base copy) and prettier is not
// called. These runs count the formatter's calls (an injected one; nothing here is timed) and
// hold every file's output to a full createStack, so no entry in the lock, damaged or not, can
// make a run write something prettier would not.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProjectConfig } from "../src/commands/load-project.js";
import { formatContent, type FormatContent } from "../src/format/format.js";
import { basePath, hashContent, LOCK_PATH, type Lock } from "../src/reconcile/lock.js";
import { applyRun, planRun, type PlannedRun } from "../src/reconcile/run.js";
import { createStack } from "../src/stack.js";
import { prepareFixture } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";

const WORKFLOW = ".github/workflows/ci.yml";
const DEPLOY_DOC = "docs/DEPLOY.md";

/** The fixture generated once, as a team has it after `generate`. */
async function generated(): Promise<string> {
  const dir = await prepareFixture("node-microservices");
  const result = await runCli(["generate"], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return dir;
}

/** planRun with a formatter that records which paths' raw renders it was asked to format. */
async function plan(dir: string): Promise<{ run: PlannedRun; formatted: string[] }> {
  const formatted: string[] = [];
  const format: FormatContent = (content, parser) => {
    formatted.push(parser);
    return formatContent(content, parser);
  };
  const run = await planRun(dir, await loadProjectConfig(dir), { format });
  return { run, formatted };
}

/** Every file the run records has the hash of what prettier makes of today's config. */
async function expectFaithful(dir: string, run: PlannedRun): Promise<void> {
  const full = await createStack(await loadProjectConfig(dir));
  for (const [path, content] of full.entries()) expect(run.lock.files[path]?.hash, path).toBe(hashContent(content));
}

const readLockFile = async (dir: string): Promise<Lock> => JSON.parse(await readFile(join(dir, LOCK_PATH), "utf8"));
const writeLockFile = (dir: string, lock: Lock) =>
  writeFile(join(dir, LOCK_PATH), `${JSON.stringify(lock, null, 2)}\n`);

describe("formatting only what changed", () => {
  it("a run whose raw renders are all recorded formats nothing, changes nothing, and records the same lock", async () => {
    const dir = await generated();
    const lock = await readLockFile(dir);
    const fingerprinted = Object.entries(lock.files).filter(([, f]) => typeof f.raw === "string");
    expect(fingerprinted.map(([path]) => path)).toEqual(expect.arrayContaining([WORKFLOW, DEPLOY_DOC]));
    const { run, formatted } = await plan(dir);
    expect(formatted).toEqual([]);
    expect(run.changes.every((c) => c.action === "unchanged")).toBe(true);
    expect(run.lockChanged).toBe(false);
    await expectFaithful(dir, run);
    await rm(dir, { recursive: true, force: true });
  });

  it("a config change formats only the files whose raw render changed", async () => {
    const dir = await generated();
    const path = join(dir, "ecs-stack.config.json");
    const config = JSON.parse(await readFile(path, "utf8"));
    config.services[0].port += 1;
    await writeFile(path, JSON.stringify(config, null, 2));
    const { run, formatted } = await plan(dir);
    const fingerprinted = Object.values(run.lock.files).filter((f) => f.raw !== undefined).length;
    expect(formatted.length).toBeGreaterThan(0);
    expect(formatted.length).toBeLessThan(fingerprinted);
    await expectFaithful(dir, run);
    await rm(dir, { recursive: true, force: true });
  });

  it("an edited file is taken from its base copy; without the copy it is formatted, and the edit is kept", async () => {
    const dir = await generated();
    const text = await readFile(join(dir, WORKFLOW), "utf8");
    await writeFile(join(dir, WORKFLOW), `# ours\n${text}`);
    const fromCopy = await plan(dir);
    expect(fromCopy.formatted).toEqual([]);
    await rm(join(dir, basePath(WORKFLOW)));
    const { run, formatted } = await plan(dir);
    expect(formatted).toEqual(["yaml"]);
    expect(run.changes.find((c) => c.path === WORKFLOW)?.action).toBe("keep-edit");
    await expectFaithful(dir, run);
    await rm(dir, { recursive: true, force: true });
  });

  it("a tampered, damaged or mismatched lock entry is formatted again, and generate records it right", async () => {
    const dir = await generated();
    const lock = await readLockFile(dir);
    const tampered = structuredClone(lock);
    // Another fingerprint; a fingerprint that is not a string; a hash changed apart from its
    // fingerprint (as a careless merge of the lock could leave it).
    tampered.files[WORKFLOW]!.raw = hashContent("something else");
    (tampered.files[DEPLOY_DOC] as { raw: unknown }).raw = 42;
    tampered.files["docker-compose.yml"]!.hash = hashContent("another output");
    await writeLockFile(dir, tampered);
    const { run, formatted } = await plan(dir);
    expect(formatted.sort()).toEqual(["markdown", "yaml", "yaml"]);
    await expectFaithful(dir, run);
    await applyRun(dir, run);
    expect(await readLockFile(dir)).toEqual(lock);
    expect((await plan(dir)).formatted).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});
