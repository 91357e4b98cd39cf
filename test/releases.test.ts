// Safe releases: the strategy each service gets where (canary for web services in prod, rolling
// elsewhere, overrides per service and environment), and the deploy job that waits for a
// traffic-shifting release to end, smoke-checks it during the bake time and fails on a rollback.
// Fixtures: node-monorepo and rails-sidekiq release canary in prod (the default), rails-sidekiq's
// staging blue/green, cost-lean's prod backend linear.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deploymentSchema, type Service } from "../src/config/schema.js";
import { planDeployment } from "../src/plan/deployment.js";
import { jobSteps, runStep, type Step } from "./support/workflow-step.js";
import { readFile } from "node:fs/promises";

const web = { name: "api", kind: "web", deployment: null } as unknown as Service;
const worker = { name: "jobs", kind: "worker", deployment: null } as unknown as Service;

describe("the release strategy of a service", () => {
  it("is canary for web services in prod and rolling everywhere else", () => {
    expect(planDeployment("prod", web, undefined, true)).toMatchObject({
      strategy: "canary",
      ecsStrategy: "CANARY",
      canary: { percent: 10, minutes: 5 },
      bakeMinutes: 5,
      shiftMinutes: 10,
    });
    expect(planDeployment("staging", web, undefined, true).strategy).toBe("rolling");
    expect(planDeployment("prod", worker, undefined, false).strategy).toBe("rolling");
  });

  it("follows the service's own choice, and an environment's override over it", () => {
    const blueGreen = { ...web, deployment: deploymentSchema.parse({ strategy: "blue-green" }) };
    expect(planDeployment("dev", blueGreen, undefined, true)).toMatchObject({ ecsStrategy: "BLUE_GREEN" });
    const linear = deploymentSchema.parse({ strategy: "linear", stepPercent: 20, stepMinutes: 3 });
    // 20% steps: five shifts, four waits of 3 minutes, then the default 5 minutes of bake time.
    expect(planDeployment("prod", blueGreen, linear, true)).toMatchObject({ ecsStrategy: "LINEAR", shiftMinutes: 17 });
    expect(planDeployment("prod", web, deploymentSchema.parse({ strategy: "rolling" }), true).alarms).toEqual([]);
  });

  it("watches the 5xx rate and unhealthy tasks, and p99 latency only where the config gives a threshold", () => {
    const kinds = (d: object) =>
      planDeployment("prod", web, deploymentSchema.parse({ strategy: "blue-green", ...d }), true).alarms.map(
        (a) => a.kind,
      );
    expect(kinds({})).toEqual(["error-rate", "unhealthy-hosts"]);
    expect(kinds({ p99LatencyMs: 900 })).toEqual(["error-rate", "unhealthy-hosts", "p99-latency"]);
  });
});

const ARN = "arn:aws:ecs:us-east-1:123456789012:service-deployment/slugger-prod/frontend/abc";

/**
 * An aws stand-in for the release step: the service's current deployment, its task count, and the
 * deployment's status and lifecycle stage, one line of `states` per look.
 */
async function ecs(states: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ecs-stack-release-"));
  await writeFile(join(dir, "states"), states.join("\n") + "\n");
  return `case "$*" in
  *currentServiceDeployment*) echo "${ARN}" ;;
  *desiredCount*) echo 2 ;;
  *statusReason*) echo "alarm slugger-prod-frontend-5xx-rate in ALARM" ;;
  *describe-service-deployments*)
    n=$(($(cat "${dir}/n" 2>/dev/null || echo 0) + 1)); echo "$n" > "${dir}/n"
    sed -n "\${n}p" "${dir}/states" ;;
  *stop-service-deployment*) echo "{}" ;;
esac
`;
}

async function releaseStep(fixture: string, job: string, service: string): Promise<{ deploy: Step; release: Step }> {
  const steps = await jobSteps(fixture, "deploy.yml", job);
  const deploy = steps.find((s) => s.name === `Deploy ${service}`)!;
  const release = steps.find((s) => s.name === `Release ${service}`)!;
  expect(steps.indexOf(release)).toBe(steps.indexOf(deploy) + 1);
  return { deploy, release };
}

describe("node-monorepo: the canary release of frontend in prod", () => {
  const run = async (states: string[], curl = "exit 0") => {
    const { release } = await releaseStep("node-monorepo", "deploy-prod", "frontend");
    return runStep(
      release.run!,
      { aws: await ecs(states), curl, sleep: "exit 0" },
      {
        ...release.env,
        APP_URL: "http://slugger-prod.example",
      },
    );
  };

  it("leaves the wait to the release step, which reads the service deployment ECS started", async () => {
    const { deploy, release } = await releaseStep("node-monorepo", "deploy-prod", "frontend");
    expect(deploy.with?.["wait-for-service-stability"]).toBe(false);
    expect(release.env).toMatchObject({ CLUSTER: "slugger-prod", SERVICE: "frontend" });
  });

  it("waits through the shift and the bake time, smoke-checks during the bake time, and passes", async () => {
    const result = await run([
      "IN_PROGRESS\tSCALE_UP",
      "IN_PROGRESS\tPRODUCTION_TRAFFIC_SHIFT",
      "IN_PROGRESS\tBAKE_TIME",
      "IN_PROGRESS\tBAKE_TIME",
      "SUCCESSFUL\tCLEAN_UP",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("frontend released.");
    expect(result.calls.curl).toEqual([expect.stringContaining("http://slugger-prod.example/")]);
    expect(result.calls.aws!.filter((c) => c.startsWith("ecs describe-service-deployments"))).toHaveLength(5);
    expect(result.calls.aws!.some((c) => c.includes("stop-service-deployment"))).toBe(false);
  });

  it("fails when ECS rolled the release back, saying why", async () => {
    const result = await run([
      "IN_PROGRESS\tPRODUCTION_TRAFFIC_SHIFT",
      "ROLLBACK_IN_PROGRESS\tPRODUCTION_TRAFFIC_SHIFT",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "::error::The release of frontend ended ROLLBACK_IN_PROGRESS (alarm slugger-prod-frontend-5xx-rate in ALARM)",
    );
  });

  it("rolls back when the smoke check fails during the bake time", async () => {
    const result = await run(["IN_PROGRESS\tBAKE_TIME"], "exit 22");
    expect(result.code).toBe(1);
    expect(result.calls.aws).toContain(
      `ecs stop-service-deployment --service-deployment-arn ${ARN} --stop-type ROLLBACK`,
    );
    expect(result.stdout).toContain("ECS is rolling back to the previous revision");
  });

  it("gives up, failing, after the strategy's minutes and the start-up allowance", async () => {
    const result = await run(Array(200).fill("IN_PROGRESS\tSCALE_UP"));
    expect(result.code).toBe(1);
    expect(result.calls.aws!.filter((c) => c.startsWith("ecs describe-service-deployments"))).toHaveLength(120);
    expect(result.stdout).toContain("did not finish within 30 minutes");
  });
});

describe("rolling services keep waiting for a stable service", () => {
  it.each([
    ["node-monorepo", "deploy-dev", "frontend"],
    ["rails-sidekiq", "deploy-prod", "worker"],
  ])("%s %s %s", async (fixture, job, service) => {
    const steps = await jobSteps(fixture, "deploy.yml", job);
    expect(steps.find((s) => s.name === `Deploy ${service}`)?.with?.["wait-for-service-stability"]).toBe(true);
    expect(steps.find((s) => s.name === `Release ${service}`)).toBeUndefined();
  });
});

describe("the Terraform of each strategy", () => {
  const root = (fixture: string, env: string) =>
    readFile(
      join(import.meta.dirname, "..", "fixtures", fixture, "expected", "infra", "environments", env, "main.tf"),
      "utf8",
    );

  it.each([
    ["node-monorepo", "prod", "frontend", 'strategy = "CANARY", bake_time_in_minutes = 5, canary_percent = 10'],
    [
      "rails-sidekiq",
      "staging",
      "web",
      'strategy = "BLUE_GREEN", bake_time_in_minutes = 10, error_rate_percent = 5, p99_latency_ms = 1500',
    ],
    [
      "cost-lean",
      "prod",
      "backend",
      'strategy = "LINEAR", bake_time_in_minutes = 5, step_percent = 25, step_bake_time_in_minutes = 2',
    ],
  ])("%s %s: %s releases with the load balancer's second target group", async (fixture, env, service, strategy) => {
    const text = await root(fixture, env);
    expect(text).toContain(strategy);
    expect(text).toContain(`traffic_shift        = module.alb.traffic_shifts["${service}"]`);
    expect(text).toMatch(new RegExp(`\\n    ${service} += \\{[^\\n]*shift_traffic = true \\}`));
  });

  it("keeps rolling services as they were, with no traffic shift", async () => {
    const text = await root("rails-sidekiq", "prod");
    expect(text).toMatch(/module "service_worker" \{(?:(?!\n\}).)*\n\}/s);
    expect(text.match(/module "service_worker" \{(?:(?!\n\}).)*\n\}/s)![0]).not.toContain("traffic_shift");
  });
});
