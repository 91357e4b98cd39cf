// The per-environment cost options (`spot`, `schedule`): bad input exits 2 with one message naming
// the field, and good input becomes Terraform that the AWS provider schema, the reference checks and
// `terraform fmt` accept, with the estimate following the same plan.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigValue } from "../src/config/load.js";
import { configWarnings } from "../src/config/rules.js";
import { estimateCost } from "../src/cost/estimate.js";
import type { UserError } from "../src/errors.js";
import { planSchedule } from "../src/plan/schedule.js";
import { createStack } from "../src/stack.js";
import { prepareFixture, readTree } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";
import { spotAndSchedule } from "./support/sample-configs.js";
import { checkTerraformDir } from "./support/validators/terraform.js";

/** Edits the node-microservices fixture's config, runs generate, and reports what was written. */
async function generateWith(edit: (config: any) => void) {
  const dir = await prepareFixture("node-microservices");
  const path = join(dir, "ecs-stack.config.json");
  const config = JSON.parse(await readFile(path, "utf8"));
  edit(config);
  await writeFile(path, JSON.stringify(config, null, 2));
  const before = await readTree(dir);
  const result = await runCli(["generate"], { cwd: dir });
  return { ...result, unchanged: JSON.stringify([...(await readTree(dir))]) === JSON.stringify([...before]) };
}

describe("bad cost options", () => {
  const cases: [string, (c: any) => void, RegExp][] = [
    [
      "Fargate Spot with ARM64",
      (c) => Object.assign(c, { architecture: "ARM64", environments: { dev: { spot: "workers" } } }),
      /environments\.dev\.spot: Fargate Spot runs x86_64 tasks only and architecture is "ARM64"; set spot to "none" or architecture to "X86_64"/,
    ],
    [
      "Spot for every service in prod",
      (c) => (c.environments = { prod: { spot: "all", allowPlainHttp: true } }),
      /environments\.prod\.spot: "all" puts the web services on Spot[^\n]*use "workers" in prod/,
    ],
    [
      "an unknown spot mode",
      (c) => (c.environments.dev.spot = true),
      /environments\.dev\.spot: must be one of "none", "workers", "all"; got boolean true/,
    ],
    [
      "a stop before the start",
      (c) => (c.environments.dev.schedule = { start: "20:00", stop: "08:00" }),
      /environments\.dev\.schedule\.stop: "08:00" is not after start "20:00"/,
    ],
    [
      "a time that is not HH:MM",
      (c) => (c.environments.dev.schedule = { start: "8am" }),
      /environments\.dev\.schedule\.start: must be a 24-hour time such as "08:00"; got string "8am"/,
    ],
    [
      "a time zone that does not exist",
      (c) => (c.environments.dev.schedule = { timezone: "Europe/Atlantis" }),
      /environments\.dev\.schedule\.timezone: must be an IANA time zone[^\n]*got string "Europe\/Atlantis"/,
    ],
    [
      "a day that is not a weekday name",
      (c) => (c.environments.dev.schedule = { days: ["MON", "FRIDAY"] }),
      /environments\.dev\.schedule\.days\[1\]: must be one of "MON"/,
    ],
    [
      "a day listed twice",
      (c) => (c.environments.dev.schedule = { days: ["MON", "MON"] }),
      /environments\.dev\.schedule\.days: "MON" is listed twice/,
    ],
  ];

  it.each(cases)("%s: exit 2, one message naming the field, nothing written", async (_name, edit, message) => {
    const result = await generateWith(edit);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.match(/^\s+- /gm)).toHaveLength(1);
    expect(result.stdout).toBe("");
    expect(result.unchanged).toBe(true);
  });
});

describe("prod on working hours", () => {
  it("is allowed for an app that may be offline at night, and warned of at every generate", () => {
    const config = parseConfigValue(
      {
        project: "shop",
        stack: "node",
        aws: { accountId: "123456789012" },
        services: [{ name: "web" }],
        environments: { prod: { schedule: { timezone: "America/Los_Angeles" }, allowPlainHttp: true } },
      },
      "test",
    );
    expect(configWarnings(config)).toContain(
      "environments.prod.schedule: prod runs only MON,TUE,WED,THU,FRI 08:00-20:00 America/Los_Angeles and its load balancer answers 503 outside those hours; remove schedule to keep prod up",
    );
  });
});

describe("time zones", () => {
  // The schema looks the usual names up in a list before it asks Intl.DateTimeFormat (whose first
  // use is slow); links, "UTC" spellings and other casings must still pass as Intl accepts them.
  const withZone = (timezone: string) =>
    parseConfigValue(
      {
        project: "zones",
        stack: "node",
        aws: { accountId: "123456789012" },
        services: [{ name: "api", framework: "express", entry: "index.js" }],
        environments: { dev: { schedule: { timezone } } },
      },
      "test",
    );
  it.each(["UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Asia/Calcutta", "US/Eastern", "europe/berlin"])(
    "accepts %s",
    (zone) => expect(withZone(zone).environments.dev!.schedule!.timezone).toBe(zone),
  );
  it.each(["Europe/Atlantis", "", "UTC+1"])("rejects %j", (zone) => {
    const problems = (() => {
      try {
        withZone(zone);
        return [];
      } catch (error) {
        return (error as UserError).problems;
      }
    })();
    expect(problems).toEqual([
      expect.stringMatching(/^environments\.dev\.schedule\.timezone: must be an IANA time zone/),
    ]);
  });
});

describe("planSchedule", () => {
  it("writes Application Auto Scaling cron in the schedule's days and counts the hours", () => {
    const weekdays = planSchedule({
      timezone: "UTC",
      days: ["MON", "TUE", "WED", "THU", "FRI"],
      start: "08:00",
      stop: "20:00",
    });
    expect(weekdays).toMatchObject({
      startCron: "cron(0 8 ? * MON-FRI *)",
      stopCron: "cron(0 20 ? * MON-FRI *)",
      hoursPerWeek: 60,
    });
    const odd = planSchedule({ timezone: "UTC", days: ["SUN", "MON", "WED", "SAT"], start: "07:30", stop: "19:00" });
    // Cron's week starts on SUN (1), so no range wraps round to it.
    expect(odd.startCron).toBe("cron(30 7 ? * MON,WED,SAT,SUN *)");
    expect(odd.hoursPerWeek).toBe(46);
    const everyDay = planSchedule({
      timezone: "UTC",
      days: ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"],
      start: "06:00",
      stop: "22:00",
    });
    expect(everyDay.stopCron).toBe("cron(0 22 ? * * *)");
    expect(everyDay.description).toBe("every day 06:00-22:00 UTC");
  });
});

describe("Terraform with Spot and a schedule", () => {
  const raw = spotAndSchedule;

  // terraform fmt over the same Terraform: terraform-fmt.test.ts (it runs the terraform binary).
  it("passes the provider schema and the reference checks", async () => {
    const tree = await createStack(parseConfigValue(raw(), "test"));
    const tf = new Map([...tree.entries()].filter(([path]) => path.endsWith(".tf")));
    expect(await checkTerraformDir(tf)).toEqual([]);
  });

  it("puts only the worker on FARGATE_SPOT and schedules every dev service, prod none", async () => {
    const tree = await createStack(parseConfigValue(raw(), "test"));
    const dev = tree.get("infra/environments/dev/main.tf")!;
    const prod = tree.get("infra/environments/prod/main.tf")!;
    const block = (text: string, name: string) =>
      text.slice(text.indexOf(`module "service_${name}"`)).split("\n}\n")[0]!;
    expect(block(dev, "api")).not.toContain("spot");
    expect(block(dev, "worker")).toMatch(/^\s+spot\s+= true$/m);
    expect(block(prod, "worker")).toMatch(/^\s+spot\s+= true$/m);
    for (const name of ["api", "worker"]) expect(block(dev, name)).toMatch(/^\s+schedule\s+= local\.schedule$/m);
    expect(prod).not.toContain("schedule");
    expect(dev).toContain('start    = "cron(0 8 ? * MON-FRI *)"');
    expect(dev).toContain('timezone = "Europe/Berlin"');
    const service = tree.get("infra/modules/service/main.tf")!;
    expect(service).toMatch(/resource "aws_appautoscaling_scheduled_action" "stop"/);
    expect(service).toContain(`capacity_provider = var.spot ? "FARGATE_SPOT" : "FARGATE"`);
  });

  it("an environment without the options reads as before: no spot, no schedule lines", async () => {
    const config = raw();
    config.environments = { dev: {} };
    const dev = (await createStack(parseConfigValue(config, "test"))).get("infra/environments/dev/main.tf")!;
    expect(dev).not.toMatch(/spot|schedule/);
  });

  it("the estimate prices the same plan: Spot for the worker, working hours in dev only", () => {
    const estimate = estimateCost(parseConfigValue(raw(), "test"));
    const items = (name: string) => estimate.environments.find((e) => e.name === name)!.lines.map((l) => l.item);
    expect(items("dev")).toEqual(expect.arrayContaining(["api on Fargate", "worker on Fargate Spot"]));
    const devApi = estimate.environments[0]!.lines[0]!;
    expect(devApi.formula).toMatch(/× 260\.7 h$/);
    const prodApi = estimate.environments[1]!.lines[0]!;
    expect(prodApi.formula).toMatch(/× 730 h$/);
  });
});
