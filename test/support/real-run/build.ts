// Builds one image exactly as a BuildSpec says (context, file, target, named contexts, secrets), with BuildKit
// through buildx and host networking, from the test copy of the Dockerfile.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BuildSpec } from "./build-specs.js";
import { docker } from "./docker.js";
import { dockerfileTestCopy } from "./dockerfile-copy.js";
import type { Engine } from "./engine.js";

export interface BuildOptions {
  tag: string;
  /** Secret id -> value; a secret the spec names but this omits is left out of the build. */
  secrets?: Record<string, string>;
  /** A mutation of the test copy (the seeded-mistake tests). */
  edit?: (dockerfile: string) => string;
  target?: string | null;
  /** Run every step again: a cached install step would not show what a missing or wrong secret does. */
  noCache?: boolean;
}

export interface BuildResult {
  ok: boolean;
  seconds: number;
  output: string;
  changes: string[];
}

/** Where the test copy goes: beside the original, which .dockerignore keeps out of the context (Dockerfile*). */
export function testCopyPath(file: string): string {
  return `${file}.real-run`;
}

export async function writeTestCopy(projectDir: string, file: string, edit?: (text: string) => string) {
  const copy = dockerfileTestCopy(await readFile(join(projectDir, file), "utf8"));
  await writeFile(join(projectDir, testCopyPath(file)), edit ? edit(copy.text) : copy.text);
  return copy.changes;
}

export async function buildImage(
  engine: Engine,
  projectDir: string,
  spec: BuildSpec,
  options: BuildOptions,
): Promise<BuildResult> {
  const changes = await writeTestCopy(projectDir, spec.file, options.edit);
  const args = ["buildx", "build", "--network", "host", "--load", "--progress", "plain", "-t", options.tag];
  args.push("-f", join(projectDir, testCopyPath(spec.file)));
  const target = options.target === undefined ? spec.target : options.target;
  if (target) args.push("--target", target);
  if (options.noCache) args.push("--no-cache");
  for (const [name, folder] of Object.entries(spec.buildContexts))
    args.push("--build-context", `${name}=${join(projectDir, folder)}`);
  const env: Record<string, string> = {};
  for (const id of spec.secrets) {
    const value = options.secrets?.[id];
    if (value === undefined) continue;
    // Given through the environment, as CI's secret-envs does: the value never touches a file or argv.
    env[`REAL_RUN_SECRET_${id}`] = value;
    args.push("--secret", `id=${id},env=REAL_RUN_SECRET_${id}`);
  }
  args.push(join(projectDir, spec.context));
  const started = Date.now();
  const result = await docker(engine, args, { env });
  return {
    ok: result.exitCode === 0,
    seconds: (Date.now() - started) / 1000,
    output: String(result.all),
    changes,
  };
}
