// "Re-run all jobs" of the deploy workflow: the commit's image is already in ECR, whose tags are
// immutable, so the images job must find it and skip the build instead of failing on push. The
// check step's own script is run with bash over a stand-in `aws` that answers as the AWS CLI does.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";
import { answers, jobSteps, runStep } from "./support/workflow-step.js";

const imagesSteps = (fixture: string) => jobSteps(fixture, "deploy.yml", "images");
const runCheck = (script: string, answer: string, code: number) =>
  runStep(script, { aws: answers(answer, code) }, { REPOSITORY: "shop/api", TAG: "0123abc" });

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
    expect(run.calls.aws).toEqual(["ecr describe-images --repository-name shop/api --image-ids imageTag=0123abc"]);
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
