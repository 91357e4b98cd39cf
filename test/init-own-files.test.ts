// init on repositories that already have a Dockerfile, a compose file, workflows, .env.example and
// .dockerignore of their own (fixtures/detect/rails-own-dockerfile, node-own-compose): `init --yes`
// exits 0, `check` right after exits 0, the user's files keep their text and their meaning, and
// every generated file agrees with the Dockerfile that will be built.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../src/commands/context.js";
import type { Prompter } from "../src/commands/init-question-types.js";
import { initCommand } from "../src/commands/init.js";
import { FIXTURES_DIR, readTree } from "./support/fixtures.js";
import { checkComposeRules } from "./support/rules/compose-rules.js";
import { runCli } from "./support/run-cli.js";
import { actionlint } from "./support/validators/actionlint.js";
import { composeConfig } from "./support/validators/compose-config.js";

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

async function copyOf(detectCase: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `ecs-stack-own-${detectCase}-`));
  made.push(dir);
  await cp(join(FIXTURES_DIR, "detect", detectCase), dir, { recursive: true });
  return dir;
}

const ACCOUNT = ["--aws-account-id", "123456789012"];
const read = (dir: string, path: string) => readFile(join(dir, path), "utf8");
const readJson = async (dir: string, path: string) => JSON.parse(await read(dir, path));

describe("a Rails app with its own Dockerfile (multi-stage, USER 1000:1000, EXPOSE 80, Thruster)", () => {
  it("init --yes adopts it, says so, warns about port 80, and check passes right after", async () => {
    const dir = await copyOf("rails-own-dockerfile");
    const before = await read(dir, "Dockerfile");
    const init = await runCli(["init", "--yes", ...ACCOUNT], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(
      "note: found your Dockerfile: 3 stages (base, build, an unnamed last one; the last is built); EXPOSE 80; USER 1000:1000; runs /rails/bin/docker-entrypoint ./bin/thrust ./bin/rails server",
    );
    expect(init.stdout).toContain("note: Dockerfile: adopted;");
    expect(init.stderr).toMatch(/warning: services\[0\]\.port: the Dockerfile listens on 80; ECS lets only root bind/);
    expect(init.stdout).not.toContain("runs as root");
    expect(await read(dir, "Dockerfile")).toBe(before);

    const config = await readJson(dir, "ecs-stack.config.json");
    expect(config.services[0]).toMatchObject({ port: 80, dockerfile: { path: "Dockerfile", adopted: true } });
    const task = await readJson(dir, "infra/task-definitions/dev/web.json");
    expect(task.containerDefinitions[0].portMappings).toEqual([{ containerPort: 80, protocol: "tcp" }]);
    // The image may not have curl: the load balancer's check on /up is the one.
    expect(task.containerDefinitions[0].healthCheck).toBeUndefined();
    expect(await read(dir, "infra/environments/dev/main.tf")).toMatch(/health_check_path\s*=\s*"\/up"/);
    // Every build names the adopted file and no stage of ours: the last stage is built.
    const override = await read(dir, "docker-compose.override.yml");
    expect(override).not.toMatch(/target:|volumes:|entrypoint:/);
    const validated = await composeConfig(dir);
    expect(validated.ok, validated.output).toBe(true);
    expect(checkComposeRules(await read(dir, "docker-compose.yml"), override)).toEqual([]);
    for (const workflow of [".github/workflows/ci.yml", ".github/workflows/deploy.yml"]) {
      const text = await read(dir, workflow);
      expect(text).toContain("dockerfile: Dockerfile");
      expect(text).not.toContain("target:");
    }
    // Rails ships a .dockerignore with its Dockerfile: it stays the build's filter, untouched.
    expect(config.files).toEqual({ ".dockerignore": "ignore" });
    expect(await read(dir, ".dockerignore")).toBe(
      await read(join(FIXTURES_DIR, "detect", "rails-own-dockerfile"), ".dockerignore"),
    );
    expect(await read(dir, "docs/DEPLOY.md")).toMatch(/\| `Dockerfile` +\| yours, adopted/);

    const check = await runCli(["check"], { cwd: dir });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it("a person may replace it: the tool's Dockerfile is written and theirs is kept as Dockerfile.orig", async () => {
    const dir = await copyOf("rails-own-dockerfile");
    const before = await read(dir, "Dockerfile");
    const asked: string[] = [];
    const prompter: Prompter = {
      async ask(spec) {
        asked.push(spec.key);
        if (spec.key === "dockerfile:Dockerfile") return "replace";
        if (spec.key === "aws.accountId") return "123456789012";
        return spec.default ?? "";
      },
      confirm: async () => true,
    };
    const out = { stdout: "", stderr: "" };
    const ctx: CommandContext = {
      cwd: dir,
      stdout: { write: (t) => void (out.stdout += t) },
      stderr: { write: (t) => void (out.stderr += t) },
      env: {},
      interactive: true,
    };
    const code = await initCommand(ctx, { yes: false, configFile: null, prompter: async () => prompter });
    expect(code, out.stderr).toBe(0);
    expect(asked).toContain("dockerfile:Dockerfile");
    expect(out.stdout).toContain("note: Dockerfile: replaced by the tool's; yours is kept as Dockerfile.orig");
    expect(await read(dir, "Dockerfile.orig")).toBe(before);
    const ours = await read(dir, "Dockerfile");
    expect(ours).toContain("generated by create-ecs-stack");
    const config = await readJson(dir, "ecs-stack.config.json");
    expect(config.services[0].dockerfile).toBeUndefined();
    expect(config.services[0].port).toBe(3000);
    // The tool's image builds with the tool's filter patterns added to the repository's own.
    expect(await read(dir, ".dockerignore")).toMatch(/^\/\.git\/\n[\s\S]*# Added by create-ecs-stack/m);

    const check = await runCli(["check"], { cwd: dir });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it("--dockerfile replace does the same without a terminal, never over an earlier copy; a bad value exits 2 before anything is written", async () => {
    const dir = await copyOf("rails-own-dockerfile");
    const before = await read(dir, "Dockerfile");
    await writeFile(join(dir, "Dockerfile.orig"), "FROM an-earlier-copy\n");
    const bad = await runCli(["init", "--yes", ...ACCOUNT, "--dockerfile", "keep"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--dockerfile: must be "adopt" or "replace"; got "keep"');
    expect((await readTree(dir)).has("ecs-stack.config.json")).toBe(false);

    const init = await runCli(["init", "--yes", ...ACCOUNT, "--dockerfile", "replace"], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("note: Dockerfile: replaced by the tool's; yours is kept as Dockerfile.orig.2");
    expect(await read(dir, "Dockerfile.orig")).toBe("FROM an-earlier-copy\n");
    expect(await read(dir, "Dockerfile.orig.2")).toBe(before);
    expect(await read(dir, "Dockerfile")).toContain("generated by create-ecs-stack");
    expect((await runCli(["check"], { cwd: dir })).code).toBe(0);
  });

  it("a root image and a missing EXPOSE are warned about; without a .dockerignore the tool's is written", async () => {
    const dir = await copyOf("rails-own-dockerfile");
    await writeFile(
      join(dir, "Dockerfile"),
      'FROM ruby:3.4\nWORKDIR /rails\nCOPY . .\nCMD ["./bin/rails", "server"]\n',
    );
    await rm(join(dir, ".dockerignore"));
    const init = await runCli(["init", "--yes", ...ACCOUNT], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    // `COPY . .` without a filter would put .env and .git in the image: ours is written, and said.
    expect(init.stdout).toContain("note: the repository has no .dockerignore: the tool writes one");
    expect(await read(dir, ".dockerignore")).toContain("generated by create-ecs-stack");
    expect(init.stdout).toContain("warning: Dockerfile runs as root (no USER)");
    expect(init.stdout).toContain("warning: Dockerfile EXPOSEs no port; web is taken to listen on 3000");
    expect((await runCli(["check"], { cwd: dir })).code).toBe(0);
  });
});

describe("a Node app with its own Dockerfile, docker-compose.yml, .env.example and .dockerignore", () => {
  it("init --yes writes beside them under the tool's names and check passes right after", async () => {
    const dir = await copyOf("node-own-compose");
    const fixture = join(FIXTURES_DIR, "detect", "node-own-compose");
    const init = await runCli(["init", "--yes", ...ACCOUNT], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(
      "note: the repository has its own docker-compose.yml: the tool's are compose.ecs-stack.yml and compose.ecs-stack.override.yml, run with `docker compose -f compose.ecs-stack.yml -f compose.ecs-stack.override.yml up`",
    );
    const files = await readTree(dir);
    // Compose would read a docker-compose.override.yml of ours into the repository's own file.
    expect(files.has("docker-compose.override.yml")).toBe(false);
    expect(files.has("compose.ecs-stack.yml")).toBe(true);
    expect(files.has("compose.ecs-stack.override.yml")).toBe(true);
    for (const own of ["docker-compose.yml", "Dockerfile", ".dockerignore"])
      expect(await read(dir, own), own).toBe(await read(fixture, own));
    // Their .env.example keeps every line; nothing of ours was missing (the adopted image runs as its own USER).
    expect(await read(dir, ".env.example")).toBe(await read(fixture, ".env.example"));
    const compose = await read(dir, "compose.ecs-stack.yml");
    expect(compose).toContain("dockerfile: Dockerfile");
    const config = await readJson(dir, "ecs-stack.config.json");
    expect(config.besideOwnFiles).toEqual({ compose: true, workflows: false });
    expect(config.services[0]).toMatchObject({ port: 3000, dockerfile: { path: "Dockerfile", adopted: true } });

    // The tool's pair is valid compose on its own names (docs/rules.md CMP-*), and so is the user's file alone.
    const ours = ["compose.ecs-stack.yml", "compose.ecs-stack.override.yml"] as const;
    const validated = await composeConfig(dir, { files: ours });
    expect(validated.ok, validated.output).toBe(true);
    expect(checkComposeRules(await read(dir, ours[0]), await read(dir, ours[1]))).toEqual([]);

    expect((await runCli(["check"], { cwd: dir })).code).toBe(0);
    const generate = await runCli(["generate"], { cwd: dir });
    expect(generate.code, generate.stderr).toBe(0);
    expect(generate.stdout).not.toMatch(/created|updated|merged/);
  });

  it("their .env.example gets the variables a database needs, and later changes merge into it", async () => {
    const dir = await copyOf("node-own-compose");
    const init = await runCli(["init", "--yes", ...ACCOUNT, "--set", "database.engine=postgres"], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    const env = await read(dir, ".env.example");
    expect(env.startsWith("# Copy to .env for docker compose.\nPORT=3000\nCOUNTER_LABEL=visits\n")).toBe(true);
    expect(env).toMatch(
      /# Added by create-ecs-stack[^\n]*\n# Password of the local Postgres container\nPOSTGRES_PASSWORD=/,
    );
    expect(init.stdout).toContain(
      "note: .env.example: yours, with the variables the stack needs added at the end: POSTGRES_PASSWORD",
    );
    expect((await runCli(["check"], { cwd: dir })).code).toBe(0);

    // A secret added later reaches their file through the three-way merge, their lines kept.
    const config = await readJson(dir, "ecs-stack.config.json");
    config.services[0].secrets = [{ name: "API_TOKEN", from: "ssm:/tally/api-token" }];
    await writeFile(join(dir, "ecs-stack.config.json"), JSON.stringify(config, null, 2));
    const generate = await runCli(["generate"], { cwd: dir });
    expect(generate.code, generate.stderr).toBe(0);
    const merged = await read(dir, ".env.example");
    expect(merged).toContain("COUNTER_LABEL=visits");
    expect(merged).toContain("POSTGRES_PASSWORD=");
    expect(merged).toContain("API_TOKEN=");
    expect((await runCli(["check"], { cwd: dir })).code).toBe(0);
  });

  it("workflows of the same names: the tool's are ecs-stack-*.yml, theirs untouched", async () => {
    const dir = await copyOf("node-own-compose");
    await mkdir(join(dir, ".github", "workflows"), { recursive: true });
    const theirs =
      "name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n";
    await writeFile(join(dir, ".github", "workflows", "ci.yml"), theirs);
    const init = await runCli(["init", "--yes", ...ACCOUNT], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(
      "note: the repository has its own .github/workflows/ci.yml: the tool's workflows are named .github/workflows/ecs-stack-ci.yml",
    );
    const files = await readTree(dir);
    expect(await read(dir, ".github/workflows/ci.yml")).toBe(theirs);
    for (const name of ["ecs-stack-ci", "ecs-stack-deploy", "ecs-stack-terraform"])
      expect(files.has(`.github/workflows/${name}.yml`), name).toBe(true);
    expect(await read(dir, "docs/DEPLOY.md")).toContain("`.github/workflows/ecs-stack-ci.yml`");
    for (const name of ["ecs-stack-ci", "ecs-stack-deploy"]) {
      const path = `.github/workflows/${name}.yml`;
      expect(await actionlint(path, await read(dir, path))).toEqual([]);
    }
    expect((await runCli(["check"], { cwd: dir })).code).toBe(0);
  });
});

describe("the port rule", () => {
  it("a port below 1024 without an adopted Dockerfile is refused, naming the field; nothing is written", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-own-port-"));
    made.push(dir);
    const service = { name: "web", port: 80 };
    const config = { project: "tally", stack: "node", aws: { accountId: "123456789012" }, services: [service] };
    await writeFile(join(dir, "ecs-stack.config.json"), JSON.stringify(config));
    const refused = await runCli(["generate"], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "services[0].port: must be 1024 or above: Fargate containers run non-root; got 80",
    );
    expect([...(await readTree(dir)).keys()]).toEqual(["ecs-stack.config.json"]);
    // The same port with the repository's own Dockerfile adopted is the Dockerfile's, with a warning.
    await writeFile(join(dir, "Dockerfile"), "FROM node:22\nUSER node\nEXPOSE 80\n");
    const adopted = { ...config, services: [{ ...service, dockerfile: { path: "Dockerfile", adopted: true } }] };
    await writeFile(join(dir, "ecs-stack.config.json"), JSON.stringify(adopted));
    const generated = await runCli(["generate"], { cwd: dir });
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stderr).toContain("warning: services[0].port: the Dockerfile listens on 80");
  });
});

describe("services[].dockerfile.target", () => {
  it("builds the named stage everywhere the image is built: compose, CI and deploy (null: the last stage)", async () => {
    const dir = await copyOf("rails-own-dockerfile");
    expect((await runCli(["init", "--yes", ...ACCOUNT], { cwd: dir })).code).toBe(0);
    const config = await readJson(dir, "ecs-stack.config.json");
    expect(config.services[0].dockerfile).toEqual({ path: "Dockerfile", adopted: true, target: null });
    config.services[0].dockerfile.target = "build";
    await writeFile(join(dir, "ecs-stack.config.json"), JSON.stringify(config, null, 2));
    const generate = await runCli(["generate"], { cwd: dir });
    expect(generate.code, generate.stderr).toBe(0);
    expect(await read(dir, "docker-compose.yml")).toMatch(/dockerfile: Dockerfile\n\s+target: build\n/);
    for (const path of [".github/workflows/ci.yml", ".github/workflows/deploy.yml"]) {
      const text = await read(dir, path);
      expect(text, path).toMatch(/dockerfile: Dockerfile\n\s+target: build\n/);
      expect(text, path).toContain("target: ${{ matrix.target }}");
      expect(await actionlint(path, text)).toEqual([]);
    }
    expect((await runCli(["check"], { cwd: dir })).code).toBe(0);
  });
});
