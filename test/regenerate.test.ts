// Regenerating after the user edited, deleted or discarded files, and `check` in every state.
// Each scenario runs on a temporary git repository made from a fixture, the way a team uses it.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProjectConfig } from "../src/commands/load-project.js";
import type { Config } from "../src/config/normalise.js";
import type { WriteFs } from "../src/reconcile/apply.js";
import { basePath, hashContent, LOCK_PATH } from "../src/reconcile/lock.js";
import { needsAttention } from "../src/reconcile/reconcile.js";
import { applyRun, planRun, type PlannedRun } from "../src/reconcile/run.js";
import { createStack } from "../src/stack.js";
import { FileTree } from "../src/tree/tree.js";
import * as nodeFs from "node:fs/promises";
import { prepareFixture, readTree } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";

const DOCKERFILE = "src/Api/Dockerfile";

/** The fixture, generated and committed: the state a team starts every scenario from. */
async function repo(name = "dotnet-api"): Promise<string> {
  const dir = await prepareFixture(name);
  const generate = await runCli(["generate"], { cwd: dir });
  expect(generate.code, generate.stderr).toBe(0);
  await git(dir, "init", "-q");
  await commit(dir, "generated");
  return dir;
}

async function git(dir: string, ...args: string[]): Promise<string> {
  const env = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t" };
  return (await execa("git", args, { cwd: dir, env: { ...env, GIT_COMMITTER_EMAIL: "t@example.com" } })).stdout;
}

async function commit(dir: string, message: string): Promise<void> {
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "-m", message);
}

async function edit(dir: string, path: string, from: string, to: string): Promise<void> {
  const text = await readFile(join(dir, path), "utf8");
  expect(text).toContain(from);
  await writeFile(join(dir, path), text.replace(from, to));
}

async function setConfig(dir: string, change: (config: any) => void): Promise<void> {
  const path = join(dir, "ecs-stack.config.json");
  const config = JSON.parse(await readFile(path, "utf8"));
  change(config);
  await writeFile(path, JSON.stringify(config, null, 2));
}

const setPort = (port: number) => (c: any) => void (c.services[0].port = port);
const read = (dir: string, path: string) => readFile(join(dir, path), "utf8");
const exitOf = async (dir: string, ...args: string[]) => (await runCli(args, { cwd: dir })).code;

/**
 * Another release of the tool: today's output with the Dockerfile's template changed as `change`
 * says. It renders both today's output and, when a base must be re-rendered, last time's.
 */
const release =
  (change: (dockerfile: string) => string) =>
  async (config: Config): Promise<FileTree> => {
    const tree = new FileTree();
    for (const [path, text] of (await createStack(config)).entries())
      tree.add(path, path === DOCKERFILE ? change(text) : text);
    return tree;
  };

/** `generate` run by that release: the command's own steps, and its exit code (needsAttention). */
async function generateWith(
  dir: string,
  render: ReturnType<typeof release>,
): Promise<{ code: number; run: PlannedRun }> {
  const run = await planRun(dir, await loadProjectConfig(dir), { render });
  await applyRun(dir, run);
  return { code: run.changes.some(needsAttention) ? 1 : 0, run };
}

const changeOf = (run: PlannedRun, path: string) => run.changes.find((c) => c.path === path)!;

describe("regenerating over the user's edits", () => {
  it("an edited Dockerfile line survives a port change, and the port changes", async () => {
    const dir = await repo();
    await edit(dir, DOCKERFILE, "COPY . .\n", "COPY src/ src/\n");
    await setConfig(dir, setPort(9090));
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const text = await read(dir, DOCKERFILE);
    expect(text).toContain("COPY src/ src/\n");
    expect(text).toContain("EXPOSE 9090\n");
    expect(text).not.toContain("8080");
    // Now in sync; the edit is listed as kept, and fails only with --strict.
    const check = await runCli(["check"], { cwd: dir });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain(`kept edit: ${DOCKERFILE}`);
    expect(await exitOf(dir, "check", "--strict")).toBe(1);
  });

  it("an edit to the line the config changes conflicts: markers, exit 1, other files written; resolving clears it", async () => {
    const dir = await repo();
    await edit(dir, DOCKERFILE, "EXPOSE 8080\n", "EXPOSE 8080 8443\n");
    await setConfig(dir, setPort(9090));
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(DOCKERFILE);
    const text = await read(dir, DOCKERFILE);
    expect(text).toContain("<<<<<<< yours\nENV ASPNETCORE_HTTP_PORTS=8080\nEXPOSE 8080 8443\n||||||| last generated\n");
    expect(text).toContain("=======\nENV ASPNETCORE_HTTP_PORTS=9090\nEXPOSE 9090\n>>>>>>> from config\n");
    expect(await read(dir, "docker-compose.override.yml")).toContain("9090");
    const lock = JSON.parse(await read(dir, LOCK_PATH));
    expect(lock.conflicts.map((c: { path: string }) => c.path)).toEqual([DOCKERFILE]);
    expect(lock.config.services[0].port).toBe(9090);

    // Running again does not nest markers: the file is reported, untouched.
    const again = await runCli(["generate"], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("UNRESOLVED");
    expect(await read(dir, DOCKERFILE)).toBe(text);
    expect(await exitOf(dir, "check")).toBe(1);

    const resolved = text.replace(
      /<<<<<<< yours[\s\S]*>>>>>>> from config\n/,
      "ENV ASPNETCORE_HTTP_PORTS=9090\nEXPOSE 9090 8443\n",
    );
    await writeFile(join(dir, DOCKERFILE), resolved);
    const after = await runCli(["generate"], { cwd: dir });
    expect(after.code, after.stderr).toBe(0);
    expect(await read(dir, DOCKERFILE)).toBe(resolved);
    expect(JSON.parse(await read(dir, LOCK_PATH))).not.toHaveProperty("conflicts");
    expect(await exitOf(dir, "check")).toBe(0);
  });

  it("a conflicted merge discarded with git checkout is merged again, not silently accepted", async () => {
    const dir = await repo();
    await edit(dir, DOCKERFILE, "EXPOSE 8080\n", "EXPOSE 8080 8443\n");
    await commit(dir, "my edit");
    await setConfig(dir, setPort(9090));
    expect(await exitOf(dir, "generate")).toBe(1);
    await git(dir, "checkout", "--", DOCKERFILE);
    expect(await read(dir, DOCKERFILE)).not.toContain("<<<<<<<");

    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("CONFLICT");
    expect(await read(dir, DOCKERFILE)).toContain(">>>>>>> from config\n");
  });

  it("--conflict=sidecar leaves the file alone and writes the merge beside it", async () => {
    const dir = await repo();
    await edit(dir, DOCKERFILE, "EXPOSE 8080\n", "EXPOSE 8080 8443\n");
    const mine = await read(dir, DOCKERFILE);
    await setConfig(dir, setPort(9090));
    expect(await exitOf(dir, "generate", "--conflict=sidecar")).toBe(1);
    expect(await read(dir, DOCKERFILE)).toBe(mine);
    const sidecar = await read(dir, `${DOCKERFILE}.ecs-stack-new`);
    expect(sidecar).toContain(">>>>>>> from config\n");
    expect(await exitOf(dir, "generate")).toBe(1); // still open while the sidecar is there

    await writeFile(join(dir, DOCKERFILE), mine.replaceAll("8080", "9090"));
    await rm(join(dir, `${DOCKERFILE}.ecs-stack-new`));
    expect(await exitOf(dir, "generate")).toBe(0);
    expect(await exitOf(dir, "check")).toBe(0);
    expect(await exitOf(dir, "generate", "--conflict=diff")).toBe(2);
  });

  it("when nothing matches the lock's hash (no intact copy, no equal re-render) an edited file conflicts as a whole", async () => {
    const dir = await repo();
    await edit(dir, DOCKERFILE, "COPY . .\n", "COPY src/ src/\n");
    const lock = JSON.parse(await read(dir, LOCK_PATH));
    lock.files[DOCKERFILE].hash = `sha256:${"0".repeat(64)}`;
    await writeFile(join(dir, LOCK_PATH), JSON.stringify(lock));
    await setConfig(dir, setPort(9090));
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("last generated version is unknown");
    const text = await read(dir, DOCKERFILE);
    expect(text.startsWith("<<<<<<< yours\n")).toBe(true);
    expect(text).toContain("||||||| last generated\n=======\n");
  });

  it("a glob policy applies: **/Dockerfile managed replaces the edit", async () => {
    const dir = await repo();
    await edit(dir, DOCKERFILE, "COPY . .\n", "COPY src/ src/\n");
    await setConfig(dir, (c) => void (c.files = { "**/Dockerfile": "managed" }));
    expect(await exitOf(dir, "generate")).toBe(0);
    expect(await read(dir, DOCKERFILE)).toContain("COPY . .\n");
  });
});

describe("an upgrade whose templates changed a file you edited", () => {
  // Release B adds a line far from the user's edit, or rewrites the line the user edited.
  const addsHealthcheck = release((t) => t.replace("USER $APP_UID\n", "USER $APP_UID\nHEALTHCHECK NONE\n"));
  const linksCopy = release((t) => t.replace("COPY . .\n", "COPY --link . .\n"));

  it("merges from the stored copy: your edit stays, the template change arrives (exit 0)", async () => {
    const dir = await repo();
    expect(await read(dir, basePath(DOCKERFILE))).toBe(await read(dir, DOCKERFILE));
    await edit(dir, DOCKERFILE, "COPY . .\n", "COPY src/ src/\n");
    await commit(dir, "my edit");

    const { code, run } = await generateWith(dir, addsHealthcheck);
    expect(code).toBe(0);
    expect(changeOf(run, DOCKERFILE)).toMatchObject({ action: "merge", reason: "your edit and the change merged" });
    const text = await read(dir, DOCKERFILE);
    expect(text).toContain("COPY src/ src/\n");
    expect(text).toContain("USER $APP_UID\nHEALTHCHECK NONE\n");
    // The copy is now release B's pristine output, the one the lock records.
    const copy = await read(dir, basePath(DOCKERFILE));
    expect(copy).toContain("COPY . .\nRUN");
    expect(copy).toContain("HEALTHCHECK NONE\n");
    expect(JSON.parse(await read(dir, LOCK_PATH)).files[DOCKERFILE].hash).toBe(hashContent(copy));

    // Running release B again changes nothing, and the repository stays clean.
    await commit(dir, "upgraded");
    const again = await generateWith(dir, addsHealthcheck);
    expect(again.code).toBe(0);
    expect(changeOf(again.run, DOCKERFILE).action).toBe("keep-edit");
    expect(again.run.base).toEqual({ writes: [], deletes: [], repaired: [] });
    expect(await git(dir, "status", "--porcelain")).toBe("");
  });

  it("a template change to the line you edited conflicts, with the usual markers (exit 1)", async () => {
    const dir = await repo();
    await edit(dir, DOCKERFILE, "COPY . .\n", "COPY src/ src/\n");
    const { code, run } = await generateWith(dir, linksCopy);
    expect(code).toBe(1);
    expect(changeOf(run, DOCKERFILE).action).toBe("conflict");
    expect(changeOf(run, DOCKERFILE).reason).not.toContain("unknown");
    const text = await read(dir, DOCKERFILE);
    expect(text).toContain(
      "<<<<<<< yours\nCOPY src/ src/\n||||||| last generated\nCOPY . .\n=======\nCOPY --link . .\n>>>>>>> from config\n",
    );
    // Only that hunk conflicts: the rest of the file is not wrapped in markers.
    expect(text.startsWith("# syntax=docker/dockerfile:1\n")).toBe(true);
    const lock = JSON.parse(await read(dir, LOCK_PATH));
    expect(lock.conflicts.map((c: { path: string }) => c.path)).toEqual([DOCKERFILE]);
    expect(await read(dir, basePath(DOCKERFILE))).toContain("COPY --link . .\n");
  });

  it("a copy you deleted or edited is not trusted: the base is re-rendered from the lock's config instead", async () => {
    // Same release, config change: the re-render equals last time's output, so the merge is clean,
    // the reason says where the base came from, and the copy is written again.
    const dir = await repo();
    await rm(join(dir, basePath(DOCKERFILE)));
    await edit(dir, DOCKERFILE, "COPY . .\n", "COPY src/ src/\n");
    await setConfig(dir, setPort(9090));
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`re-rendered from the lock's config: ${basePath(DOCKERFILE)} is missing`);
    expect(await read(dir, DOCKERFILE)).toContain("COPY src/ src/\nRUN");
    expect(await read(dir, DOCKERFILE)).toContain("EXPOSE 9090\n");
    expect(await read(dir, basePath(DOCKERFILE))).toContain("EXPOSE 9090\n");

    // After an upgrade the re-render is today's templates, which is not what was generated: with
    // the copy edited by hand the base is unknown, and the edited file conflicts as a whole.
    const upgraded = await repo();
    await edit(upgraded, basePath(DOCKERFILE), "COPY . .\n", "COPY ./src ./src\n");
    await edit(upgraded, DOCKERFILE, "COPY . .\n", "COPY src/ src/\n");
    const { code, run } = await generateWith(upgraded, addsHealthcheck);
    expect(code).toBe(1);
    expect(changeOf(run, DOCKERFILE).reason).toContain(
      `last generated version is unknown: ${basePath(DOCKERFILE)} is missing or does not match the lock`,
    );
    expect((await read(upgraded, DOCKERFILE)).startsWith("<<<<<<< yours\n")).toBe(true);
    expect(await read(upgraded, basePath(DOCKERFILE))).toContain("HEALTHCHECK NONE\n");
  });
});

describe("the copies in .ecs-stack/base/", () => {
  it("a regenerate without changes leaves git clean; check fails on a missing or edited copy until generate restores it", async () => {
    const dir = await repo();
    const again = await runCli(["generate"], { cwd: dir });
    expect(again.stdout).toBe("Everything is up to date.\n");
    expect(await git(dir, "status", "--porcelain")).toBe("");

    await rm(join(dir, basePath(DOCKERFILE)));
    await edit(dir, basePath(".dockerignore"), ".git\n", "");
    const check = await runCli(["check"], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${basePath(DOCKERFILE)}: would be restored`);
    expect(check.stderr).toContain(`${basePath(".dockerignore")}: would be restored`);
    const restore = await runCli(["generate"], { cwd: dir });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`restored                   ${basePath(DOCKERFILE)}`);
    expect(await git(dir, "status", "--porcelain")).toBe("");
    expect(await exitOf(dir, "check")).toBe(0);
  });

  it("a lock from a release that recorded raw-render fingerprints: check is in sync, the next generate drops them", async () => {
    const dir = await repo();
    const lock = JSON.parse(await readFile(join(dir, LOCK_PATH), "utf8"));
    for (const entry of Object.values(lock.files) as { raw?: string }[]) entry.raw = `sha256:${"0".repeat(64)}`;
    await writeFile(join(dir, LOCK_PATH), `${JSON.stringify(lock, null, 2)}\n`);
    await commit(dir, "a lock with fingerprints");
    expect(await exitOf(dir, "check")).toBe(0);
    const generate = await runCli(["generate"], { cwd: dir });
    expect(generate.code, generate.stderr).toBe(0);
    expect(await git(dir, "status", "--porcelain")).toBe(` M ${LOCK_PATH}`);
    expect(await readFile(join(dir, LOCK_PATH), "utf8")).not.toContain('"raw"');
  });

  it("only files with policy merge have one, and a copy goes with its file or its merge policy", async () => {
    const dir = await repo("node-monorepo");
    expect(await read(dir, basePath("backend/Dockerfile"))).toBe(await read(dir, "backend/Dockerfile"));
    await setConfig(dir, (c) => {
      c.services = c.services.filter((s: any) => s.name !== "backend");
      for (const env of Object.values<any>(c.environments ?? {})) delete env?.services?.backend;
      c.files = { "**/Dockerfile": "managed", ".dockerignore": "once" };
    });
    expect(await exitOf(dir, "generate")).toBe(0);
    const copies = [...(await readTree(dir)).keys()].filter((p) => p.startsWith(".ecs-stack/base/"));
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.some((p) => p.endsWith("Dockerfile") || p.endsWith(".dockerignore"))).toBe(false);
    expect(copies.some((p) => p.includes("backend"))).toBe(false);
    expect(existsSync(join(dir, ".ecs-stack/base/backend")), "emptied folders go too").toBe(false);
    const lock = JSON.parse(await read(dir, LOCK_PATH));
    const merged = Object.keys(lock.files).filter((p) => lock.files[p].policy === "merge");
    expect(copies).toEqual(merged.map(basePath).sort((a, b) => a.localeCompare(b)));
    expect(await exitOf(dir, "check")).toBe(0);
  });

  it("a symlink in .ecs-stack/base/, even to a folder inside the project, is refused (exit 2)", async () => {
    const dir = await repo();
    await rm(join(dir, ".ecs-stack/base/src"), { recursive: true });
    await symlink(join(dir, "src"), join(dir, ".ecs-stack/base/src"));
    await edit(dir, DOCKERFILE, "COPY . .\n", "COPY src/ src/\n");
    const mine = await read(dir, DOCKERFILE);
    await setConfig(dir, setPort(9090));
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is a symbolic link in create-ecs-stack's own folder");
    expect(await read(dir, DOCKERFILE)).toBe(mine);
  });
});

describe("files that leave the config, and files the user deleted", () => {
  it("removing a service deletes its files, except one the user edited", async () => {
    const plain = await repo("node-monorepo");
    const edited = await repo("node-monorepo");
    await edit(edited, "backend/Dockerfile", "FROM ", "# mine\nFROM ");
    for (const dir of [plain, edited]) {
      await setConfig(dir, (c) => {
        c.services = c.services.filter((s: any) => s.name !== "backend");
        delete c.environments.prod.services.backend;
      });
      expect(await exitOf(dir, "generate")).toBe(0);
      expect(await read(dir, "docker-compose.yml")).not.toContain("backend:");
      expect(await read(dir, "frontend/Dockerfile")).toBeTruthy();
    }
    expect((await readTree(plain)).has("backend/Dockerfile")).toBe(false);
    expect(await read(edited, "backend/Dockerfile")).toContain("# mine\n");
    // The lock forgets both, so neither keeps a copy.
    for (const dir of [plain, edited]) expect((await readTree(dir)).has(basePath("backend/Dockerfile"))).toBe(false);
  });

  it("a deleted generated file stays deleted; --restore brings it back", async () => {
    const dir = await repo();
    await rm(join(dir, ".dockerignore"));
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("kept deleted");
    expect((await readTree(dir)).has(".dockerignore")).toBe(false);
    expect(await exitOf(dir, "check")).toBe(0);
    expect(await exitOf(dir, "check", "--strict")).toBe(1);
    expect(await exitOf(dir, "generate", "--restore")).toBe(0);
    expect((await readTree(dir)).has(".dockerignore")).toBe(true);
    expect(await git(dir, "status", "--porcelain")).toBe("");
  });
});

describe("check exit codes", () => {
  it("0 in sync, 1 on drift, another tool version or an open conflict, 2 on a bad config or lock", async () => {
    const dir = await repo();
    expect(await exitOf(dir, "check")).toBe(0);
    await setConfig(dir, setPort(9090));
    expect(await exitOf(dir, "check")).toBe(1);
    const json = JSON.parse((await runCli(["check", "--json"], { cwd: dir })).stdout);
    expect(json.changes.map((c: { path: string }) => c.path)).toContain(DOCKERFILE);
    await git(dir, "checkout", "--", ".");

    const lock = await read(dir, LOCK_PATH);
    await writeFile(join(dir, LOCK_PATH), lock.replace(/"toolVersion": "[^"]+"/, '"toolVersion": "0.0.1"'));
    expect(await exitOf(dir, "check")).toBe(1);
    await writeFile(join(dir, LOCK_PATH), "{ not json");
    expect(await exitOf(dir, "check")).toBe(2);
    await git(dir, "checkout", "--", ".");

    await writeFile(join(dir, "ecs-stack.config.json"), '{ "project": ');
    expect(await exitOf(dir, "check")).toBe(2);
    await git(dir, "checkout", "--", ".");

    await edit(dir, DOCKERFILE, "EXPOSE 8080\n", "EXPOSE 8080 8443\n");
    await setConfig(dir, setPort(9090));
    expect(await exitOf(dir, "generate")).toBe(1);
    const conflicted = JSON.parse((await runCli(["check", "--json"], { cwd: dir })).stdout);
    expect(conflicted.inSync).toBe(false);
    expect(conflicted.changes).toContainEqual(expect.objectContaining({ path: DOCKERFILE, action: "unresolved" }));
  });
});

describe("failures and the project boundary", () => {
  it.each([
    ["the second rename", (_to: string, n: number) => n === 2],
    ["the lock's rename (the last one)", (to: string) => to.endsWith(LOCK_PATH)],
  ])("a write failure at %s leaves the old tree, copies included, intact and the lock consistent", async (_, fails) => {
    const dir = await repo("node-monorepo");
    await setConfig(dir, (c) => {
      c.services[0].port = 4000;
      c.services[1].port = 4001;
    });
    const before = await readTree(dir);
    const run = await planRun(dir, await loadProjectConfig(dir));
    expect(run.changes.filter((c) => c.action === "update").length).toBeGreaterThan(1);
    expect(run.base.writes.length).toBeGreaterThan(1);
    let renames = 0;
    const failing: WriteFs = {
      ...(nodeFs as unknown as WriteFs),
      rename: async (from, to) => {
        // Fails as a full disk would: the renames before it are already in place.
        if (fails(to, ++renames))
          throw Object.assign(new Error("no space left on device"), { code: "ENOSPC", path: to });
        await nodeFs.rename(from, to);
      },
    };
    await expect(applyRun(dir, run, [], failing)).rejects.toThrow(/ENOSPC/);
    expect(await readTree(dir)).toEqual(before);
    expect(await git(dir, "status", "--porcelain")).toBe(" M ecs-stack.config.json");
  });

  it("a folder that is a file in the way fails before anything is written (exit 2)", async () => {
    const dir = await repo("node-monorepo");
    await writeFile(join(dir, "worker"), "not a folder\n");
    await setConfig(dir, (c) => {
      c.services[0].port = 4000;
      c.services.push({ ...c.services[1], name: "worker", path: "worker", port: 4002 });
    });
    const before = await readTree(dir);
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("nothing was changed");
    expect(await readTree(dir)).toEqual(before);
  });

  it("a generated file replaced by a symlink to outside the project is refused", async () => {
    const dir = await repo();
    const outside = await mkdtemp(join(tmpdir(), "ecs-stack-outside-"));
    await writeFile(join(outside, "Dockerfile"), "FROM scratch\n");
    await rm(join(dir, DOCKERFILE));
    await symlink(join(outside, "Dockerfile"), join(dir, DOCKERFILE));
    await setConfig(dir, setPort(9090));
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("leads outside the project folder");
    expect(await readFile(join(outside, "Dockerfile"), "utf8")).toBe("FROM scratch\n");
  });
});
