// One way to call the docker CLI against the suite's engine; output captured, never thrown on exit codes.
import { execa, type Result } from "execa";
import type { Engine } from "./engine.js";

export interface DockerOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
  timeout?: number;
}

export async function docker(engine: Engine, args: string[], options: DockerOptions = {}): Promise<Result> {
  return execa("docker", args, {
    cwd: options.cwd,
    env: { ...engine.env, ...options.env },
    input: options.input,
    stdin: options.input === undefined ? "ignore" : undefined,
    reject: false,
    all: true,
    timeout: options.timeout ?? 600_000,
  });
}

/** Like docker(), but a non-zero exit is an error that carries the command's output. */
export async function dockerOk(engine: Engine, args: string[], options: DockerOptions = {}): Promise<string> {
  const result = await docker(engine, args, options);
  if (result.exitCode !== 0)
    throw new Error(`docker ${args.join(" ")} exited ${result.exitCode}:\n${String(result.all).slice(-4000)}`);
  return String(result.stdout);
}
