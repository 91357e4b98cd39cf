// Deploy and Terraform run on the same push: a task definition that reads a new secret or IAM grant
// must wait until Terraform has applied it to that environment. The wait step's script runs with
// bash over a stand-in `gh` that answers as the GitHub CLI does, one answer per call.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIXTURES_DIR } from "./support/fixtures.js";
import { jobSteps, runStep } from "./support/workflow-step.js";

/** A `gh` whose n-th `run view` prints the n-th state; `run list` prints `runId`. */
function gh(runId: string, states: string[]): string {
  const views = states.map((s, i) => `    ${i + 1}) echo "${s}" ;;`).join("\n");
  return `case "$1 $2" in
  "run list") echo "${runId}" ;;
  "run view")
    n=$(( $(cat "$0.n" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$0.n"
    case "$n" in
${views}
    esac ;;
esac
`;
}

describe.each(["dev", "prod"])("node-monorepo: deploy to %s", (env) => {
  const waitStep = async () => {
    const steps = await jobSteps("node-monorepo", "deploy.yml", `deploy-${env}`);
    expect(steps[0]!.name).toBe(`Wait for Terraform (apply ${env})`);
    expect(steps[0]!.env).toMatchObject({ APPLY_JOB: `apply ${env}` });
    return { script: steps[0]!.run!, env: { APPLY_JOB: `apply ${env}`, GITHUB_REPOSITORY: "o/r", GITHUB_SHA: "abc" } };
  };

  it("waits for terraform.yml's job of that name, before anything else", async () => {
    const path = join(FIXTURES_DIR, "node-monorepo", "expected", ".github", "workflows", "terraform.yml");
    const terraform = parse(await readFile(path, "utf8"));
    expect(terraform.jobs[`apply-${env}`].name).toBe(`apply ${env}`);
    await waitStep();
  });

  it("goes ahead at once when the commit has no Terraform run", async () => {
    const { script, env: vars } = await waitStep();
    const run = await runStep(script, { gh: gh("", []), sleep: "exit 0" }, vars);
    expect(run.code).toBe(0);
    expect(run.calls.gh).toEqual([
      "run list --repo o/r --workflow terraform.yml --commit abc --event push --limit 1 --json databaseId --jq .[0].databaseId // empty",
    ]);
  });

  it("polls until the apply job succeeds", async () => {
    const { script, env: vars } = await waitStep();
    const run = await runStep(
      script,
      { gh: gh("42", ["", "in_progress ", "completed success"]), sleep: "exit 0" },
      vars,
    );
    expect(run.code).toBe(0);
    expect((run.calls.gh ?? []).filter((c) => c.startsWith("run view 42"))).toHaveLength(3);
    expect(run.calls.sleep).toEqual(["20", "20"]);
  });

  it("fails the deploy when the apply job failed or was skipped", async () => {
    const { script, env: vars } = await waitStep();
    for (const conclusion of ["failure", "skipped", "cancelled"]) {
      const run = await runStep(script, { gh: gh("42", [`completed ${conclusion}`]), sleep: "exit 0" }, vars);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`::error::Terraform's "apply ${env}" ended ${conclusion}`);
    }
  });
});
