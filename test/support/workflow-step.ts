// Runs a generated workflow step's `run:` script with bash, as a GitHub runner would, over a
// stand-in `aws` that prints a fixed answer and exit code, so the step's own logic is what is
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
  /** The arguments the step passed to `aws`. */
  awsArgs: string;
}

/** Runs `script` with `bash -e` and an `aws` on the PATH that prints `answer` and exits with `code`. */
export async function runStep(
  script: string,
  aws: { answer: string; code: number },
  env: Record<string, string> = {},
): Promise<StepRun> {
  const dir = await mkdtemp(join(tmpdir(), "ecs-stack-step-"));
  await writeFile(join(dir, "answer"), aws.answer);
  await writeFile(
    join(dir, "aws"),
    `#!/bin/sh\necho "$*" > "${dir}/aws-args"\ncat "${dir}/answer"\nexit ${aws.code}\n`,
  );
  await chmod(join(dir, "aws"), 0o755);
  await writeFile(join(dir, "output"), "");
  const result = await execa("bash", ["-e", "-c", script], {
    reject: false,
    env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: join(dir, "output"), ...env },
  });
  return {
    code: result.exitCode ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    output: await readFile(join(dir, "output"), "utf8"),
    awsArgs: await readFile(join(dir, "aws-args"), "utf8").catch(() => ""),
  };
}
