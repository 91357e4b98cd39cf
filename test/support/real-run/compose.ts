// Brings a project's generated compose stack up on the suite's engine, from test copies of its compose files:
// host networking instead of published ports (the suite never makes a bridge), service names resolved to
// 127.0.0.1, builds on the host network from the Dockerfiles' test copies. CONTRIBUTING.md lists these changes.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { execa } from "execa";
import { join } from "node:path";
import { stringify } from "yaml";
import { testCopyPath, writeTestCopy } from "./build.js";
import { readCompose, type ComposeFile } from "./build-specs.js";

export type { ComposeFile };
import { docker, dockerOk } from "./docker.js";
import type { Engine } from "./engine.js";

export const COMPOSE_BASE = "docker-compose.yml";
export const COMPOSE_OVERRIDE = "docker-compose.override.yml";

function testCopyOf(compose: ComposeFile, allServices: string[]): ComposeFile {
  const services = Object.fromEntries(
    Object.entries(compose.services).map(([name, service]) => {
      const { ports: _ports, networks: _networks, ...rest } = service;
      const copy: Record<string, unknown> = {
        ...rest,
        network_mode: "host",
        extra_hosts: allServices.map((s) => `${s}:127.0.0.1`),
      };
      if (service.build) {
        const build = { ...service.build, network: "host" };
        if (service.build.dockerfile) build.dockerfile = testCopyPath(service.build.dockerfile);
        copy.build = build;
      }
      return [name, copy];
    }),
  );
  const { networks: _networks, ...top } = compose;
  return { ...top, services };
}

export interface Stack {
  project: string;
  files: string[];
  env: Record<string, string>;
}

/** Writes the compose test copies (and the Dockerfile test copies they build) and a .env from .env.example. */
export async function composeTestCopy(
  projectDir: string,
  name: string,
  withOverride: boolean,
  env: Record<string, string> = {},
  /** A mutation of a file's test copy (the seeded-mistake tests). */
  edit?: (file: string, copy: ComposeFile) => void,
  /** The generated pair's names: compose.ecs-stack(.override).yml beside a repository's own compose file. */
  names: readonly [string, string] = [COMPOSE_BASE, COMPOSE_OVERRIDE],
): Promise<Stack> {
  const base = await readCompose(projectDir, names[0]);
  const allServices = Object.keys(base.services);
  const files: string[] = [];
  for (const file of withOverride ? names : [names[0]]) {
    const copy = testCopyOf(await readCompose(projectDir, file), allServices);
    edit?.(file, copy);
    const out = `${file}.real-run.yml`;
    await writeFile(join(projectDir, out), stringify(copy));
    files.push(out);
  }
  for (const service of Object.values(base.services))
    if (service.build?.dockerfile) await writeTestCopy(projectDir, service.build.dockerfile);
  const example = join(projectDir, ".env.example");
  if (existsSync(example)) {
    // .env.example leaves real secrets empty; any value works for a local stack.
    const dotenv = (await readFile(example, "utf8")).replace(/^([A-Z_][A-Z0-9_]*)=$/gm, "$1=real-run-local");
    await writeFile(join(projectDir, ".env"), dotenv);
  }
  // Development containers run as the developer (DEV_UID, default 1000), who owns the checkout they
  // mount; the project's temporary copy belongs to root with mode 0700, so hand it to that user first.
  if (withOverride) await execa("chown", ["-R", "1000:1000", projectDir]);
  return { project: `real-run-${name}-${withOverride ? "dev" : "prod"}`.toLowerCase(), files, env };
}

function composeArgs(stack: Stack, ...args: string[]): string[] {
  return ["compose", "-p", stack.project, ...stack.files.flatMap((f) => ["-f", f]), ...args];
}

export async function composeUp(
  engine: Engine,
  projectDir: string,
  stack: Stack,
): Promise<{ ok: boolean; output: string; seconds: number }> {
  const started = Date.now();
  const result = await docker(engine, composeArgs(stack, "up", "-d", "--build", "--pull", "never"), {
    cwd: projectDir,
    env: stack.env,
  });
  return { ok: result.exitCode === 0, output: String(result.all), seconds: (Date.now() - started) / 1000 };
}

export async function composeDown(engine: Engine, projectDir: string, stack: Stack) {
  await docker(engine, composeArgs(stack, "down", "-v", "--remove-orphans", "-t", "5"), {
    cwd: projectDir,
    env: stack.env,
  });
}

export async function composeLogs(engine: Engine, projectDir: string, stack: Stack, service: string): Promise<string> {
  return String(
    (await docker(engine, composeArgs(stack, "logs", "--tail", "40", service), { cwd: projectDir, env: stack.env }))
      .all,
  );
}

/** The container of one service, for isRunning / exec / health. */
export async function serviceContainer(
  engine: Engine,
  projectDir: string,
  stack: Stack,
  service: string,
): Promise<string> {
  const id = (
    await dockerOk(engine, composeArgs(stack, "ps", "-aq", service), { cwd: projectDir, env: stack.env })
  ).trim();
  if (!id) throw new Error(`compose made no container for ${service}`);
  return id;
}

/** Waits for a service's compose healthcheck to report healthy. */
export async function waitHealthy(engine: Engine, container: string, timeoutMs = 90_000) {
  const started = Date.now();
  let status = "";
  while (Date.now() - started < timeoutMs) {
    status = (
      await dockerOk(engine, [
        "inspect",
        "-f",
        "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}",
        container,
      ])
    ).trim();
    if (status === "healthy" || status === "none") return status;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${container} is ${status} after ${timeoutMs} ms`);
}
