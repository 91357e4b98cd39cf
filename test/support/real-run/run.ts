// Runs an image the way ECS would run the task definition's container, on the host network (the suite never
// makes a bridge), and talks to it on 127.0.0.1 only.
import type { Engine } from "./engine.js";
import { docker, dockerOk } from "./docker.js";

export interface Running {
  name: string;
  logs: () => Promise<string>;
}

export async function runContainer(
  engine: Engine,
  image: string,
  name: string,
  env: Record<string, string>,
): Promise<Running> {
  await docker(engine, ["rm", "-f", name]);
  // --init: the task definition sets initProcessEnabled; --pull never: no registry is reachable.
  const args = ["run", "-d", "--pull", "never", "--network", "host", "--init", "--name", name];
  for (const key of Object.keys(env)) args.push("-e", key);
  await dockerOk(engine, [...args, image], { env });
  return { name, logs: async () => String((await docker(engine, ["logs", "--tail", "60", name])).all) };
}

export async function isRunning(engine: Engine, name: string): Promise<boolean> {
  const state = await docker(engine, ["inspect", "-f", "{{.State.Running}}", name]);
  return String(state.stdout).trim() === "true";
}

/** Polls http://127.0.0.1:<port><path> until it answers 2xx; fails early when the container exits. */
export async function waitForHttp(
  engine: Engine,
  container: Running,
  port: number,
  path: string,
  timeoutMs = 90_000,
): Promise<{ status: number; body: string; seconds: number }> {
  const started = Date.now();
  let last = "no answer";
  while (Date.now() - started < timeoutMs) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      if (response.ok) return { status: response.status, body, seconds: (Date.now() - started) / 1000 };
      last = `HTTP ${response.status}: ${body.slice(0, 200)}`;
    } catch (error) {
      last = String(error);
    }
    if (!(await isRunning(engine, container.name)))
      throw new Error(`${container.name} exited before answering ${path}:\n${await container.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `${container.name} did not answer ${path} with 2xx in ${timeoutMs} ms (${last}):\n${await container.logs()}`,
  );
}

export async function execIn(engine: Engine, name: string, command: string[]) {
  const result = await docker(engine, ["exec", name, ...command], { timeout: 30_000 });
  return { exitCode: result.exitCode ?? -1, output: String(result.all) };
}

/** `docker stop` with a 10 s grace period, timed: an app that handles SIGTERM is gone well before it. */
export async function stopTimed(engine: Engine, name: string): Promise<number> {
  const started = Date.now();
  await docker(engine, ["stop", "-t", "10", name]);
  const seconds = (Date.now() - started) / 1000;
  await docker(engine, ["rm", "-f", name]);
  return seconds;
}
