// An environment that runs only in working hours has no task outside them: the deploy job must
// not fail its smoke check then, or every environment after it (prod included) is skipped at
// night, hotfixes too. cost-lean runs dev and staging on a schedule and prod always.
import { describe, expect, it } from "vitest";
import { answers, jobSteps, runStep } from "./support/workflow-step.js";

describe.each(["dev", "staging"])("cost-lean: deploy to %s (working hours only)", (env) => {
  it("counts the running tasks first and smoke-checks only when there are some", async () => {
    const steps = await jobSteps("cost-lean", "deploy.yml", `deploy-${env}`);
    const running = steps.find((s) => s.id === "running")!;
    const smoke = steps.find((s) => s.name === "Smoke check")!;
    expect(steps.indexOf(running)).toBeLessThan(steps.indexOf(smoke));
    expect(smoke.if).toBe("steps.running.outputs.tasks != '0'");

    const night = await runStep(running.run!, { aws: answers("0") });
    expect(night).toMatchObject({ code: 0, output: "tasks=0\n" });
    expect(night.stdout).toContain(`::notice::${env} is scaled to zero outside working hours`);
    expect(night.calls.aws?.[0]).toMatch(
      new RegExp(
        `^ecs describe-services --cluster durable-${env} --services frontend --query sum\\(services\\[\\]\\.desiredCount\\)`,
      ),
    );
    expect(await runStep(running.run!, { aws: answers("2") })).toMatchObject({ code: 0, output: "tasks=2\n" });
  });
});

describe("cost-lean: deploy to prod (always on)", () => {
  it("always smoke-checks", async () => {
    const steps = await jobSteps("cost-lean", "deploy.yml", "deploy-prod");
    expect(steps.find((s) => s.id === "running")).toBeUndefined();
    expect(steps.find((s) => s.name === "Smoke check")?.if).toBeUndefined();
  });
});
