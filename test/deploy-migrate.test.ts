// Database migrations run once per deploy, as a one-off task of the new task definition, before any
// service takes it (docs/rules.md DF-RAILS-09: a one-off task rather than on every web task's boot). The
// step's own script is run with bash over a stand-in `aws` that answers each call as the AWS CLI
// does, so what is tested is the step's logic: register, run, wait, read the exit code, and fail
// the job unless it is 0.
import { describe, expect, it } from "vitest";
import { createStack } from "../src/stack.js";
import { parseConfigValue } from "../src/config/load.js";
import { jobSteps, runStep, type Step } from "./support/workflow-step.js";
import { parse } from "yaml";

const TASK = "arn:aws:ecs:us-east-2:123456789012:task/storefront-staging/0f1e2d3c";
const NETWORK =
  '{"awsvpcConfiguration":{"subnets":["subnet-1"],"securityGroups":["sg-1"],"assignPublicIp":"DISABLED"}}';

/** A stand-in `aws` answering by subcommand; `exitCode` is what describe-tasks reports for the container. */
function aws(exitCode: string, taskArn = TASK): string {
  return `case "$2" in
  register-task-definition) echo "arn:aws:ecs:us-east-2:123456789012:task-definition/storefront-staging-web:8" ;;
  describe-services) echo '${NETWORK}' ;;
  run-task) echo "${taskArn}" ;;
  wait) exit 0 ;;
  describe-tasks) case "$*" in *stoppedReason*) echo "Essential container in task exited" ;; *) echo "${exitCode}" ;; esac ;;
esac
`;
}

const ENV = {
  TASK_DEFINITION: "/tmp/task-definition.json",
  CLUSTER: "storefront-staging",
  SERVICE: "web",
  OVERRIDES: '{"containerOverrides":[{"name":"web","command":["bin/rails","db:migrate"]}]}',
};

const stagingSteps = () => jobSteps("rails-sidekiq", "deploy.yml", "deploy-staging");
const migrateStep = (steps: Step[]) => steps.find((s) => s.name?.startsWith("Migrate the database"));

describe("the deploy job of a Rails app with a database (rails-sidekiq)", () => {
  it("migrates with bin/rails db:migrate in the web container, after rendering and before every service deploy", async () => {
    const steps = await stagingSteps();
    const names = steps.map((s) => s.name ?? s.uses ?? "");
    const migrate = names.indexOf("Migrate the database (web)");
    // After every render of the task definition: the app's image, then its nginx proxy's.
    expect(migrate).toBeGreaterThan(names.indexOf("Render web's nginx"));
    expect(names.indexOf("Render web's nginx")).toBeGreaterThan(names.indexOf("Render web"));
    for (const deploy of names.filter((n) => n.startsWith("Deploy ")))
      expect(migrate).toBeLessThan(names.indexOf(deploy));
    const step = steps[migrate]!;
    expect(step.env).toMatchObject({
      TASK_DEFINITION: "${{ steps.render-web-nginx.outputs.task-definition }}",
      CLUSTER: "storefront-staging",
      SERVICE: "web",
    });
    expect(JSON.parse(step.env!.OVERRIDES!)).toEqual({
      containerOverrides: [{ name: "web", command: ["bin/rails", "db:migrate"] }],
    });
  });
});

describe("the migration step's script", async () => {
  const script = migrateStep(await stagingSteps())!.run!;

  it("continues when the migration task's container exits 0", async () => {
    const run = await runStep(script, { aws: aws("0") }, ENV);
    expect(run.code, run.stderr).toBe(0);
    const calls = run.calls.aws!;
    expect(calls[0]).toBe(
      "ecs register-task-definition --cli-input-json file:///tmp/task-definition.json --query taskDefinition.taskDefinitionArn --output text",
    );
    expect(calls[2]).toContain(
      "ecs run-task --cluster storefront-staging --task-definition arn:aws:ecs:us-east-2:123456789012:task-definition/storefront-staging-web:8 --launch-type FARGATE",
    );
    expect(calls[2]).toContain(`--network-configuration ${NETWORK}`);
    expect(calls[2]).toContain(`--overrides ${ENV.OVERRIDES}`);
    expect(calls[3]).toBe(`ecs wait tasks-stopped --cluster storefront-staging --tasks ${TASK}`);
    expect(calls[4]).toContain(`ecs describe-tasks --cluster storefront-staging --tasks ${TASK}`);
    expect(calls[4]).toContain("containers[?name=='web'].exitCode");
  });

  it("fails the deploy when the migration exits non-zero, saying why", async () => {
    const run = await runStep(script, { aws: aws("1") }, ENV);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::The migration exited with 1 (Essential container in task exited)");
  });

  it("fails the deploy when the container never ran (no exit code)", async () => {
    expect((await runStep(script, { aws: aws("None") }, ENV)).code).toBe(1);
  });

  it("fails the deploy when the task does not start", async () => {
    const run = await runStep(script, { aws: aws("0", "None") }, ENV);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::The migration task did not start.");
    expect(run.calls.aws!.some((c) => c.startsWith("ecs wait"))).toBe(false);
  });
});

describe("which services migrate", () => {
  const base = {
    project: "shop",
    aws: { region: "us-east-1", accountId: "123456789012" },
    github: { repository: "shop/shop" },
    environments: { dev: {} },
  };
  const deploySteps = async (config: object) => {
    const tree = await createStack(parseConfigValue(config, "test"));
    return parse(tree.get(".github/workflows/deploy.yml")!).jobs["deploy-dev"].steps as Step[];
  };

  it("Rails without a database: none", async () => {
    const steps = await deploySteps({ ...base, stack: "rails", services: [{ name: "web" }] });
    expect(migrateStep(steps)).toBeUndefined();
  });

  it("Node with a database: none unless configured (no tool is guessed)", async () => {
    const services = [{ name: "api", framework: "express" }];
    const config = { ...base, stack: "node", database: { engine: "postgres" }, services };
    expect(migrateStep(await deploySteps(config))).toBeUndefined();
  });

  it("a configured command, on the service that names it, which deploys first", async () => {
    const services = [
      { name: "api", framework: "express" },
      { name: "jobs", kind: "worker", framework: "node", migrate: { command: ["npm", "run", "migrate"] } },
    ];
    const steps = await deploySteps({ ...base, stack: "node", services });
    const names = steps.map((s) => s.name ?? "");
    expect(names.indexOf("Migrate the database (jobs)")).toBeLessThan(names.indexOf("Deploy api"));
    expect(JSON.parse(migrateStep(steps)!.env!.OVERRIDES!).containerOverrides[0].command).toEqual([
      "npm",
      "run",
      "migrate",
    ]);
  });

  it("a Rails app that opts out with migrate: null gets none", async () => {
    const services = [{ name: "web", migrate: null }];
    const steps = await deploySteps({ ...base, stack: "rails", database: { engine: "postgres" }, services });
    expect(migrateStep(steps)).toBeUndefined();
  });
});
