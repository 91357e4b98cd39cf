// Runs a generated workflow step's `run:` script with bash, as a GitHub runner would, over a
// stand-in for each command it calls (aws, gh), so the step's own logic is what is
// tested: what it writes to $GITHUB_OUTPUT, and whether it fails the job.
import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { parse } from "yaml";
import { FIXTURES_DIR } from "./fixtures.js";

export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

/** The steps of one job of a fixture's generated workflow. */
export async function jobSteps(fixture: string, workflow: string, job: string): Promise<Step[]> {
  const path = join(FIXTURES_DIR, fixture, "expected", ".github", "workflows", workflow);
  return parse(await readFile(path, "utf8")).jobs[job].steps;
}

export interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  /** What the step appended to $GITHUB_OUTPUT. */
  output: string;
  /** Each stand-in's calls, one line of arguments per call. */
  calls: Record<string, string[]>;
}

/** A stand-in command that prints `answer` and exits with `code`, whatever it is asked. */
export const answers = (answer: string, code = 0) => `cat <<'ANSWER'\n${answer}\nANSWER\nexit ${code}\n`;

/**
 * Runs `script` with `bash -e`, with stand-ins on the PATH: `tools` maps a command name (aws, gh,
 * sleep) to the body of a sh script that answers for it; every call's arguments are recorded.
 */
export async function runStep(
  script: string,
  tools: Record<string, string>,
  env: Record<string, string> = {},
): Promise<StepRun> {
  const dir = await mkdtemp(join(tmpdir(), "ecs-stack-step-"));
  for (const [name, body] of Object.entries(tools)) {
    await writeFile(join(dir, name), `#!/bin/sh\necho "$*" >> "${dir}/${name}.calls"\n${body}`);
    await chmod(join(dir, name), 0o755);
  }
  await writeFile(join(dir, "output"), "");
  const result = await execa("bash", ["-e", "-c", script], {
    reject: false,
    env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: join(dir, "output"), ...env },
  });
  const calls: Record<string, string[]> = {};
  for (const name of Object.keys(tools))
    calls[name] = (await readFile(join(dir, `${name}.calls`), "utf8").catch(() => "")).split("\n").filter(Boolean);
  return {
    code: result.exitCode ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    output: await readFile(join(dir, "output"), "utf8"),
    calls,
  };
}
