// The Start environment workflow's steps, run by bash over stand-ins for aws and sleep as a runner
// would run them: cost-lean's dev job sets the ranges, waits for each service to want a task and
// then to be stable, fails with a reason when a service never wants one, and says where dev answers.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answers, jobSteps, runStep, type Step } from "./support/workflow-step.js";

const steps = () => jobSteps("cost-lean", "start-environment.yml", "start-dev");
const step = (all: Step[], name: string) => all.find((s) => s.name === name)!.run!;

/** An aws stand-in whose describe-services answers `counts` in turn (then the last), and whose waits succeed. */
const desiredCounts = (dir: string, counts: number[]) => `
n=$(cat "${dir}/n" 2>/dev/null || echo 0)
case "$*" in
  "ecs describe-services"*)
    set -- ${counts.join(" ")}
    i=0; for c in "$@"; do last=$c; if [ $i -eq $n ]; then break; fi; i=$((i + 1)); done
    echo $((n + 1)) > "${dir}/n"
    echo "$last" ;;
esac
exit 0
`;

describe("cost-lean: Start environment, dev", () => {
  it("sets both services' ranges, frontend then backend", async () => {
    const run = await runStep(step(await steps(), "Set the working-hours task ranges"), { aws: answers("{}") });
    expect(run.code, run.stderr).toBe(0);
    expect(run.calls.aws).toEqual(
      ["frontend", "backend"].map(
        (s) =>
          `application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/durable-dev/${s} --min-capacity 1 --max-capacity 1`,
      ),
    );
  });

  it("waits until each service wants a task, then until it is stable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-start-"));
    const run = await runStep(step(await steps(), "Wait until the services are stable"), {
      aws: desiredCounts(dir, [0, 0, 1]),
      sleep: "exit 0",
    });
    expect(run.code, run.stderr).toBe(0);
    const calls = run.calls.aws!.map((c) => c.replace(/ --query .*/, ""));
    expect(calls).toEqual([
      "ecs describe-services --cluster durable-dev --services frontend",
      "ecs describe-services --cluster durable-dev --services frontend",
      "ecs describe-services --cluster durable-dev --services frontend",
      "ecs wait services-stable --cluster durable-dev --services frontend",
      "ecs describe-services --cluster durable-dev --services backend",
      "ecs wait services-stable --cluster durable-dev --services backend",
    ]);
    expect(run.calls.sleep).toHaveLength(2);
  });

  it("fails, naming the service and where to look, when a service still wants no task after two minutes", async () => {
    const run = await runStep(step(await steps(), "Wait until the services are stable"), {
      aws: answers("0"),
      sleep: "exit 0",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::frontend still wants no task 2 minutes after its range was set");
    expect(run.stdout).toContain("aws application-autoscaling describe-scaling-activities");
    expect(run.calls.aws!.filter((c) => c.startsWith("ecs describe-services"))).toHaveLength(24);
    expect(run.calls.aws!.some((c) => c.startsWith("ecs wait"))).toBe(false);
  });

  it("says where dev answers and until when, in the log and the run's summary", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-start-"));
    const summary = join(dir, "summary.md");
    const run = await runStep(step(await steps(), "Where to reach dev"), {}, { GITHUB_STEP_SUMMARY: summary });
    expect(run.code, run.stderr).toBe(0);
    const line =
      "dev is up at https://dev.durable-code.example.com until its next scheduled stop (MON-FRI at 20:00 America/New_York).";
    expect(run.stdout).toContain(line);
    expect(await readFile(summary, "utf8")).toContain(line);
  });
});
