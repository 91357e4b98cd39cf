// The scheduler kind (issue 17 item 7): a scheduler with schedules runs each job as one task per
// run from an EventBridge Scheduler schedule, with no ECS service; one without keeps its own clock
// and runs exactly one replica. Bad schedules exit 2 naming the field; the Terraform, the deploy
// job and the estimate describe the same jobs.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runsPerMonth, scheduleExpressionProblem } from "../src/config/schedule-expression.js";
import { estimateCost } from "../src/cost/estimate.js";
import { parseConfigValue } from "../src/config/load.js";
import { FIXTURES_DIR, prepareFixture, readTree } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";
import { attributesOf, blocksOf, scanHcl } from "./support/validators/hcl-scan.js";

const expected = (path: string) => readFile(join(FIXTURES_DIR, "node-microservices", "expected", path), "utf8");

/** Edits node-microservices' scheduler (services[2]), runs generate, and returns the result and whether anything was written. */
async function generateWith(edit: (scheduler: any, config: any) => void) {
  const dir = await prepareFixture("node-microservices");
  const path = join(dir, "ecs-stack.config.json");
  const config = JSON.parse(await readFile(path, "utf8"));
  edit(config.services[2], config);
  await writeFile(path, JSON.stringify(config, null, 2));
  const before = await readTree(dir);
  const result = await runCli(["generate"], { cwd: dir });
  return { ...result, unchanged: JSON.stringify([...(await readTree(dir))]) === JSON.stringify([...before]) };
}

describe("bad schedules: exit 2, the field named, nothing written", () => {
  const job = { name: "nightly", expression: "cron(0 3 * * ? *)" };
  const cases: [string, (s: any, c: any) => void, RegExp][] = [
    [
      "a five-field (crontab) cron",
      (s) => void (s.schedules = [{ ...job, expression: "cron(0 3 * * *)" }]),
      /services\[2\]\.schedules\[0\]\.expression: a cron expression has 6 fields \(the last is the year, e\.g\. "\*"\); got 5/,
    ],
    [
      "a crontab line without cron()",
      (s) => void (s.schedules = [{ ...job, expression: "0 3 * * *" }]),
      /services\[2\]\.schedules\[0\]\.expression: must be a cron or rate expression; use "cron\(minutes hours/,
    ],
    [
      "both day fields set",
      (s) => void (s.schedules = [{ ...job, expression: "cron(0 3 * * MON *)" }]),
      /services\[2\]\.schedules\[0\]\.expression: set exactly one of day-of-month and day-of-week to "\?"/,
    ],
    [
      "an hour out of range",
      (s) => void (s.schedules = [{ ...job, expression: "cron(0 24 * * ? *)" }]),
      /services\[2\]\.schedules\[0\]\.expression: "24" is not a valid hours field \(0-23/,
    ],
    [
      "a plural unit for 1",
      (s) => void (s.schedules = [{ ...job, expression: "rate(1 hours)" }]),
      /services\[2\]\.schedules\[0\]\.expression: use "hour" with 1/,
    ],
    [
      "an unknown time zone",
      (s) => void (s.schedules = [{ ...job, timezone: "Mars/Olympus" }]),
      /services\[2\]\.schedules\[0\]\.timezone: must be an IANA time zone/,
    ],
    [
      "two schedules with one name",
      (s) => void (s.schedules = [job, { ...job, expression: "rate(1 hour)" }]),
      /services\[2\]\.schedules\[1\]\.name: "nightly" is already used by schedules\[0\]; rename one/,
    ],
    [
      "schedules on a worker",
      (s) => void Object.assign(s, { kind: "worker" }),
      /services\[2\]\.schedules: only a scheduler runs on schedules; set kind to "scheduler" or remove schedules/,
    ],
    [
      "autoscaling on a scheduled job",
      (s) => void (s.autoscaling = { min: 1, max: 2, cpuTarget: 70 }),
      /services\[2\]: each schedule starts exactly one task, so desiredCount and autoscaling do not apply; remove them/,
    ],
    [
      "a clock-keeping scheduler with two replicas",
      (s) => void Object.assign(s, { schedules: [], desiredCount: 2 }),
      /services\[2\]\.desiredCount: a scheduler that keeps its own clock runs every job once per replica; set it to 1/,
    ],
    [
      "a clock-keeping scheduler with autoscaling",
      (s) => void Object.assign(s, { schedules: [], autoscaling: { min: 1, max: 10, cpuTarget: 70 } }),
      /services\[2\]\.autoscaling: a scheduler that keeps its own clock must not scale out/,
    ],
    [
      "an environment that scales a clock-keeping scheduler out",
      (s, c) => {
        s.schedules = [];
        c.environments.dev.services = { scheduler: { desiredCount: 3 } };
      },
      /environments\.dev\.services\.scheduler\.desiredCount: a scheduler that keeps its own clock/,
    ],
    [
      "a migration on a scheduled job",
      (s) => void (s.migrate = { command: ["npm", "run", "migrate"] }),
      /services\[2\]\.migrate: a scheduled job has no service deploy to run it before/,
    ],
  ];

  it.each(cases)("%s", async (_name, edit, message) => {
    const result = await generateWith(edit);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
    expect(result.unchanged).toBe(true);
  });

  it("a clock-keeping scheduler with one replica is fine", async () => {
    expect((await generateWith((s) => void (s.schedules = []))).code).toBe(0);
  });
});

describe("schedule expressions", () => {
  it.each([
    ["cron(0 3 * * ? *)", 30.44],
    ["cron(0/15 8-17 ? * MON-FRI *)", 4 * 10 * 5 * (365.25 / 12 / 7)],
    ["cron(0 9 1 * ? *)", 1],
    ["cron(0 9 ? * 6L *)", 1],
    ["cron(0 0 1 JAN,JUL ? *)", 2 / 12],
    ["rate(5 minutes)", (365.25 / 12) * 288],
    ["rate(1 day)", 365.25 / 12],
  ])("%s is valid and fires %f times a month", (expression, runs) => {
    expect(scheduleExpressionProblem(expression)).toBeNull();
    expect(runsPerMonth(expression)).toBeCloseTo(runs, 1);
  });
});

describe("node-microservices: the scheduler's two jobs", () => {
  it("have EventBridge Scheduler schedules on the family's latest revision, in the private subnets with the tasks' security group", async () => {
    const text = await expected("infra/modules/service/schedules.tf");
    const body = scanHcl(text).body;
    const schedule = blocksOf(body, "resource").find((b) => b.labels[0] === "aws_scheduler_schedule")!;
    const attrs = Object.fromEntries(attributesOf(schedule.body).map((a) => [a.name, a.expr]));
    expect(attrs).toMatchObject({
      for_each: "{ for job in var.schedules : job.name => job }",
      schedule_expression: "each.value.expression",
      schedule_expression_timezone: "each.value.timezone",
    });
    const target = blocksOf(schedule.body, "target")[0]!;
    const ecs = blocksOf(target.body, "ecs_parameters")[0]!;
    const ecsAttrs = Object.fromEntries(attributesOf(ecs.body).map((a) => [a.name, a.expr]));
    // No revision: RunTask runs the latest ACTIVE one, the one the deploy registered last.
    expect(ecsAttrs.task_definition_arn).toBe("local.family_arn");
    expect(text).toMatch(/family_arn = "arn:\$\{[^"]+\}:task-definition\/\$\{var\.task_definition\.family\}"/);
    expect(ecsAttrs.task_count).toBe("1");
    const network = Object.fromEntries(
      attributesOf(blocksOf(ecs.body, "network_configuration")[0]!.body).map((a) => [a.name, a.expr]),
    );
    expect(network).toEqual({
      subnets: "var.subnet_ids",
      security_groups: "[aws_security_group.this.id]",
      assign_public_ip: "var.public_ip",
    });
    // The module's default: a public address only where the environment's root asks for one (nat "public").
    expect(await expected("infra/modules/service/variables.tf")).toMatch(
      /variable "public_ip" \{[^}]*type\s+= bool\n\s+default\s+= false/,
    );
    expect(await expected("infra/environments/dev/main.tf")).not.toContain("public_ip");
  });

  it("run with a role that may only RunTask this family in this cluster and pass its two roles", async () => {
    const text = await expected("infra/modules/service/schedules.tf");
    const policy = blocksOf(scanHcl(text).body, "data").find((b) => b.labels[1] === "scheduler")!;
    const [runTask, passRole] = blocksOf(policy.body, "statement");
    const attrs = (b: typeof runTask) => Object.fromEntries(attributesOf(b!.body).map((a) => [a.name, a.expr]));
    expect(attrs(runTask)).toMatchObject({
      actions: '["ecs:RunTask"]',
      resources: '[local.family_arn, "${local.family_arn}:*"]',
    });
    expect(attrs(blocksOf(runTask!.body, "condition")[0])).toMatchObject({ variable: '"ecs:cluster"' });
    expect(attrs(passRole)).toMatchObject({
      actions: '["iam:PassRole"]',
      resources: "[aws_iam_role.execution.arn, aws_iam_role.task.arn]",
    });
  });

  it("the environment passes the jobs, with no long-running replicas, and the service is not created for them", async () => {
    const root = await expected("infra/environments/dev/main.tf");
    const scheduler = root.slice(root.indexOf('module "service_scheduler"')).split("\n}\n")[0]!;
    expect(scheduler).toMatch(/desired_count\s+= 0/);
    expect(scheduler).toMatch(/autoscaling\s+= null/);
    expect(scheduler).toContain(
      '{ name = "daily-report", expression = "cron(0 6 ? * MON-FRI *)", timezone = "America/New_York", command = ["node", "dist/scheduler.js", "daily-report"] },',
    );
    const service = await expected("infra/modules/service/main.tf");
    expect(service).toContain('resource "aws_ecs_service" "this" {\n  count = length(var.schedules) == 0 ? 1 : 0');
    expect(service).toMatch(/moved \{\n\s+from = aws_ecs_service\.this\n\s+to\s+= aws_ecs_service\.this\[0\]/);
    // The deploy role updates only real services.
    expect(root).toMatch(
      /service_names\s+= \[module\.service_api\.service_name, module\.service_worker\.service_name\]/,
    );
  });

  it("the deploy job registers the job's new revision (what the next run takes) and deploys no service for it", async () => {
    const workflow = parse(await expected(".github/workflows/deploy.yml"));
    const steps: { name?: string; with?: Record<string, string> }[] = workflow.jobs["deploy-dev"].steps;
    const register = steps.find((s) => s.name === "Register scheduler")!;
    expect(register.with).toEqual({ "task-definition": "${{ steps.render-scheduler.outputs.task-definition }}" });
    expect(steps.some((s) => s.name === "Deploy scheduler")).toBe(false);
  });

  it("the estimate prices runs, not a replica around the clock", async () => {
    const config = parseConfigValue(
      JSON.parse(await readFile(join(FIXTURES_DIR, "node-microservices", "ecs-stack.config.json"), "utf8")),
      "test",
    );
    const estimate = estimateCost(config);
    const job = estimate.environments[0]!.lines.find((l) => l.item.startsWith("scheduler"))!;
    // 8766 five-minute runs of 1 min + 21.7 weekday runs of 3 min = 147.2 task-hours of 0.5 vCPU / 1 GB.
    const taskHours = ((365.25 / 12) * 288) / 60 + ((365.25 / 12 / 7) * 5 * 3) / 60;
    expect(job.monthly).toBeCloseTo(taskHours * (0.5 * 0.04048 + 1 * 0.004445), 2);
    const scheduler = estimate.shared.lines.find((l) => l.item === "EventBridge Scheduler")!;
    expect(scheduler.monthly).toBe(0); // 8,788 invocations, under the 14 million free
  });
});
