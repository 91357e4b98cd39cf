// Finds the Docker engine the real-run suite needs (scripts/real-run/engine.sh starts it and writes its
// environment to <run dir>/env.sh) and says what is missing when it is not there.
import { existsSync, readFileSync } from "node:fs";
import { execa } from "execa";
import { IMAGES } from "../../../src/plan/versions.js";

/**
 * Images the generated files name; scripts/real-run/base-images.sh makes them, since none can be pulled. The proxy's
 * base under its tag only: the test copy of its Dockerfile drops the digest (dockerfile-copy.ts).
 */
export const BASE_IMAGES = [
  "node:24-slim",
  "postgres:17",
  "redis:8",
  "valkey/valkey:8",
  `${IMAGES.nginxProxy.image}:${IMAGES.nginxProxy.tag}`,
];

export interface Engine {
  /** The environment for every docker command: DOCKER_HOST, DOCKER_CONFIG (CLI plugins), PATH. */
  env: Record<string, string>;
}

const RUN_DIR = process.env.ECS_STACK_RUN ?? "/run/create-ecs-stack";

/** env.sh's `export NAME=value` lines, with `$PATH` expanded against this process's PATH. */
function engineEnv(): Record<string, string> {
  const file = `${RUN_DIR}/env.sh`;
  if (process.env.DOCKER_HOST || !existsSync(file)) {
    const { DOCKER_HOST, DOCKER_CONFIG, PATH } = process.env;
    return Object.fromEntries(Object.entries({ DOCKER_HOST, DOCKER_CONFIG, PATH }).filter(([, v]) => v)) as Record<
      string,
      string
    >;
  }
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) env[m[1]] = m[2].replace("$PATH", process.env.PATH ?? "");
  }
  return env;
}

/** What the suite lacks on this machine: empty when the engine, buildx, compose and base images are there. */
export async function findEngine(): Promise<{ engine: Engine; missing: string[] }> {
  const engine = { env: engineEnv() };
  const docker = (...args: string[]) => execa("docker", args, { env: engine.env, reject: false, stdin: "ignore" });
  const missing: string[] = [];
  const server = await docker("version", "--format", "{{.Server.Version}}").catch(() => null);
  if (!server || server.exitCode !== 0) {
    missing.push("a Docker engine answering (run scripts/real-run/engine.sh as root)");
    return { engine, missing };
  }
  if ((await docker("buildx", "version")).exitCode !== 0) missing.push("the docker buildx plugin (engine.sh)");
  if ((await docker("compose", "version")).exitCode !== 0) missing.push("the docker compose v2 plugin (engine.sh)");
  for (const image of BASE_IMAGES)
    if ((await docker("image", "inspect", image)).exitCode !== 0)
      missing.push(`the base image ${image} (run scripts/real-run/base-images.sh)`);
  return { engine, missing };
}

/**
 * The engine, or null with the reason printed. Under CI the suite must not pass without having run: a
 * missing engine throws, and the test file fails with the list of what is missing.
 */
export async function requireEngine(): Promise<Engine | null> {
  const { engine, missing } = await findEngine();
  if (missing.length === 0) return engine;
  const reason = `real-run suite: missing ${missing.join("; ")}`;
  if (process.env.CI) throw new Error(`${reason}. CI must run scripts/real-run/engine.sh and base-images.sh first.`);
  console.warn(`${reason}. Skipping.`);
  return null;
}
