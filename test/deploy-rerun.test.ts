// "Re-run all jobs" of the deploy workflow: the commit's image is already in ECR, whose tags are
// immutable, so the images job must find it and skip the build instead of failing on push. The
// check step's own script is run with bash over a stand-in `aws` that answers as the AWS CLI does.
import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

async function imagesSteps(fixture: string): Promise<Step[]> {
  const text = await readFile(join(FIXTURES_DIR, fixture, "expected", ".github", "workflows", "deploy.yml"), "utf8");
  return parse(text).jobs.images.steps;
}

/** Runs the check step with an `aws` that prints `answer` and exits with `code`. */
async function runCheck(script: string, answer: string, code: number) {
  const dir = await mkdtemp(join(tmpdir(), "ecs-stack-rerun-"));
  await writeFile(join(dir, "aws"), `#!/bin/sh\necho "$*" > "${dir}/aws-args"\necho '${answer}'\nexit ${code}\n`);
  await chmod(join(dir, "aws"), 0o755);
  await writeFile(join(dir, "output"), "");
  const result = await execa("bash", ["-e", "-c", script], {
    reject: false,
    env: {
      PATH: `${dir}:${process.env.PATH}`,
      GITHUB_OUTPUT: join(dir, "output"),
      REPOSITORY: "shop/api",
      TAG: "0123abc",
    },
  });
  return {
    code: result.exitCode,
    stderr: result.stderr,
    output: await readFile(join(dir, "output"), "utf8"),
    args: await readFile(join(dir, "aws-args"), "utf8").catch(() => ""),
  };
}

const IMAGE_FOUND = '{"imageDetails":[{"imageTags":["0123abc"]}]}';
const NOT_FOUND =
  "An error occurred (ImageNotFoundException) when calling the DescribeImages operation: The image with imageId {imageDigest:'null', imageTag:'0123abc'} does not exist";
const DENIED =
  "An error occurred (AccessDeniedException) when calling the DescribeImages operation: not authorized to perform: ecr:DescribeImages";

describe.each(fixtureNames())("deploy workflow of %s, run again for the same commit", (fixture) => {
  it("looks the tag up first and builds only when it is missing", async () => {
    const steps = await imagesSteps(fixture);
    const check = steps.findIndex((s) => s.id === "pushed");
    const build = steps.findIndex((s) => s.name === "Build and push");
    expect(check).toBeGreaterThan(-1);
    expect(check).toBeLessThan(build);
    expect(steps[check]!.env).toEqual({ REPOSITORY: "${{ matrix.repository }}", TAG: "${{ github.sha }}" });
    expect(steps[build]!.if).toBe("steps.pushed.outputs.exists != 'true'");
    expect(steps[build]!.with).toMatchObject({
      tags: expect.stringContaining("${{ matrix.repository }}:${{ github.sha }}"),
    });
  });
});

describe("the check step's script", async () => {
  const script = (await imagesSteps("node-microservices")).find((s) => s.id === "pushed")!.run!;

  it("says exists=true when ECR has the tag", async () => {
    const run = await runCheck(script, IMAGE_FOUND, 0);
    expect(run).toMatchObject({ code: 0, output: "exists=true\n" });
    expect(run.args).toBe("ecr describe-images --repository-name shop/api --image-ids imageTag=0123abc\n");
  });

  it("says exists=false when ECR answers ImageNotFoundException", async () => {
    expect(await runCheck(script, NOT_FOUND, 254)).toMatchObject({ code: 0, output: "exists=false\n" });
  });

  it("fails the job on any other error, instead of building and failing later on push", async () => {
    const run = await runCheck(script, DENIED, 254);
    expect(run.code).toBe(1);
    expect(run.output).toBe("");
    expect(run.stderr).toContain("AccessDeniedException");
  });
});

describe("the images role", () => {
  it.each(fixtureNames())("%s: may describe images in the repositories it pushes to", async (fixture) => {
    const oidc = await readFile(
      join(FIXTURES_DIR, fixture, "expected", "infra", "modules", "github-oidc", "main.tf"),
      "utf8",
    );
    const push = /sid = "Push"[\s\S]*?resources = var\.repository_arns/.exec(oidc)?.[0] ?? "";
    expect(push).toContain('"ecr:DescribeImages"');
  });
});
