// The Start environment workflow (start-environment.yml) and the deploy role statement it uses:
// an environment that is off outside working hours starts by hand until its next scheduled stop.
// The override must be exactly what the schedule's start action does (the service module's
// scalable target range), so the next stop undoes it and the next start changes nothing; and the
// deploy role may set that range on its own environment's scheduled services only.
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { takeOverOwnFiles } from "../src/commands/init-own-files.js";
import { parseConfigValue } from "../src/config/load.js";
import { estimateCost } from "../src/cost/estimate.js";
import { createStack } from "../src/stack.js";
import type { FileTree } from "../src/tree/tree.js";
import { evaluate } from "./support/iam-evaluate.js";
import { Ref } from "./support/rules/hcl-values.js";
import { strings, roles, type Role } from "./support/rules/tf-iam-model.js";
import { TfModel } from "./support/rules/tf-model.js";
import { FIXTURES_DIR } from "./support/fixtures.js";

const WORKFLOW = ".github/workflows/start-environment.yml";
const REGISTER = "application-autoscaling:RegisterScalableTarget";

/** cost-lean (dev and staging scheduled, prod always on), edited. */
function config(edit: (c: any) => void = () => {}) {
  const c = JSON.parse(readFileSync(join(FIXTURES_DIR, "cost-lean", "ecs-stack.config.json"), "utf8"));
  edit(c);
  return parseConfigValue(c, "test");
}

const stack = async (edit?: (c: any) => void) => createStack(config(edit));

/** dev's backend autoscales 1-4 from 2 tasks: the start action's range is 1-4, not the desired count. */
const autoscaledBackend = (c: any) => {
  c.environments.dev.services = { backend: { desiredCount: 2, autoscaling: { min: 1, max: 4, cpuTarget: 70 } } };
};

/** A root's `module "service_<name>"` blocks: the attributes the start action's range is made of. */
function serviceModules(mainTf: string): Map<string, { desired: number; autoscaling: string }> {
  const modules = new Map<string, { desired: number; autoscaling: string }>();
  for (const [, name, body] of mainTf.matchAll(/module "service_([\w-]+)" \{\n([\s\S]*?)\n\}/g)) {
    if (!/schedule\s+= local\.schedule/.test(body!)) continue;
    modules.set(name!, {
      desired: Number(/desired_count\s+= (\d+)/.exec(body!)![1]),
      autoscaling: /autoscaling\s+= (.+)/.exec(body!)![1]!,
    });
  }
  return modules;
}

/** The range modules/service gives a scalable target at the start action (its locals min_capacity, max_capacity). */
function startActionRange(module: { desired: number; autoscaling: string }): string {
  if (module.autoscaling === "null") return `${module.desired}-${module.desired}`;
  const [, min, max] = /min = (\d+), max = (\d+)/.exec(module.autoscaling)!;
  return `${min}-${max}`;
}

/** The ranges a job of the workflow sets: service -> "min-max". */
function rangesSet(job: any): Map<string, string> {
  const step = job.steps.find((s: any) => s.name === "Set the working-hours task ranges");
  return new Map(
    [
      ...(step.run as string).matchAll(
        /--resource-id service\/[\w-]+\/([\w-]+) --min-capacity (\d+) --max-capacity (\d+)/g,
      ),
    ].map(([, service, min, max]) => [service!, `${min}-${max}`]),
  );
}

function deployRole(tree: FileTree, env: string): Role {
  const m = new TfModel(new Map(tree.entries().filter(([path]) => path.startsWith("infra/") && path.endsWith(".tf"))));
  const role = roles(m).find((r) => r.b.dir.endsWith("modules/deploy-role") && r.i.ctx.env === env);
  if (!role) throw new Error(`no deploy role for ${env}`);
  return role;
}

describe("the Start environment workflow", () => {
  it("sets every scheduled service to the range the schedule's start action sets, autoscaling range included", async () => {
    const tree = await stack(autoscaledBackend);
    // The module's rule, which startActionRange restates: a change there must change this test.
    expect(tree.get("infra/modules/service/main.tf")).toContain(
      "min_capacity = var.autoscaling != null ? var.autoscaling.min : var.desired_count\n  max_capacity = var.autoscaling != null ? var.autoscaling.max : var.desired_count",
    );
    expect(tree.get("infra/modules/service/main.tf")).toMatch(
      /"start" \{[\s\S]*?min_capacity = local\.min_capacity\n\s+max_capacity = local\.max_capacity/,
    );
    const workflow = parse(tree.get(WORKFLOW)!);
    for (const env of ["dev", "staging"]) {
      const modules = serviceModules(tree.get(`infra/environments/${env}/main.tf`)!);
      expect([...modules.keys()].sort(), env).toEqual(["backend", "frontend"]);
      const expected = new Map([...modules].map(([name, m]) => [name, startActionRange(m)]));
      expect(rangesSet(workflow.jobs[`start-${env}`]), env).toEqual(expected);
    }
    expect(rangesSet(workflow.jobs["start-dev"]).get("backend")).toBe("1-4");
  });

  it("offers the scheduled environments only, one job each, with the deploy job's role, environment, pins and minimal permissions", async () => {
    const tree = await stack();
    const workflow = parse(tree.get(WORKFLOW)!);
    const deploy = parse(tree.get(".github/workflows/deploy.yml")!);
    expect(Object.keys(workflow.on)).toEqual(["workflow_dispatch"]);
    expect(workflow.on.workflow_dispatch.inputs.environment).toMatchObject({
      type: "choice",
      options: ["dev", "staging"],
    });
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(Object.keys(workflow.jobs)).toEqual(["start-dev", "start-staging"]);
    for (const env of ["dev", "staging"]) {
      const job = workflow.jobs[`start-${env}`];
      expect(job.if).toBe(`inputs.environment == '${env}'`);
      expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
      expect(job.concurrency).toEqual({ group: `start-${env}`, "cancel-in-progress": false });
      expect(job.environment).toEqual(deploy.jobs[`deploy-${env}`].environment);
      const signIn = (steps: any[]) =>
        steps.find((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials"));
      expect(signIn(job.steps)).toEqual(signIn(deploy.jobs[`deploy-${env}`].steps));
      expect(signIn(job.steps).with["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
    }
  });

  it("offers prod too when prod runs on working hours, behind prod's own environment and role", async () => {
    const tree = await stack((c) => (c.environments.prod.schedule = { timezone: "America/New_York" }));
    const workflow = parse(tree.get(WORKFLOW)!);
    expect(workflow.on.workflow_dispatch.inputs.environment.options).toEqual(["dev", "staging", "prod"]);
    expect(workflow.jobs["start-prod"].environment).toEqual({ name: "prod", url: "https://durable-code.example.com" });
    expect(tree.get("infra/environments/prod/main.tf")).toContain("scheduled_scalable_target_arns");
  });

  it("waits for a task where the range starts one, then for stability, and prints where the environment answers", async () => {
    const tree = await stack((c) => {
      c.environments.dev.services = { backend: { autoscaling: { min: 0, max: 2, cpuTarget: 70 } } };
    });
    const run = (env: string, name: string) =>
      parse(tree.get(WORKFLOW)!).jobs[`start-${env}`].steps.find((s: any) => s.name === name).run as string;
    const wait = run("dev", "Wait until the services are stable");
    expect(wait).toContain("started frontend\n");
    expect(wait).not.toContain("started backend");
    for (const service of ["frontend", "backend"])
      expect(wait).toContain(`aws ecs wait services-stable --cluster durable-dev --services ${service}\n`);
    expect(run("dev", "Where to reach dev")).toContain(
      "dev is up at https://dev.durable-code.example.com until its next scheduled stop (MON-FRI at 20:00 America/New_York).",
    );
  });

  it("is not generated, and the deploy role gets no statement, where no environment has a schedule", async () => {
    const tree = await stack((c) => {
      delete c.environments.dev.schedule;
      delete c.environments.staging.schedule;
    });
    expect(tree.get(WORKFLOW)).toBeUndefined();
    expect(tree.get("infra/environments/dev/main.tf")).not.toContain("scheduled_scalable_target_arns");
    expect(tree.get("docs/DEPLOY.md")).not.toContain("Start environment");
    expect(evaluate(deployRole(tree, "dev"), { action: REGISTER, resource: "*" })).toBe("implicit deny");
  });
});

describe("the deploy role's StartOutOfHours statement", () => {
  it("allows RegisterScalableTarget on its environment's scheduled scalable targets and nothing else", async () => {
    const tree = await stack();
    const dev = deployRole(tree, "dev");
    const granted = dev.inline.filter((s) => strings(s.actions).includes(REGISTER));
    expect(granted).toHaveLength(1);
    expect(strings(granted[0]!.actions)).toEqual([REGISTER]);
    // The scalable targets' ARNs, as the root passes them from the service modules.
    expect(granted[0]!.resources).toEqual([
      new Ref("module.service_frontend.scheduled_scalable_target_arn"),
      new Ref("module.service_backend.scheduled_scalable_target_arn"),
    ]);
    expect(evaluate(dev, { action: REGISTER, resource: "module.service_backend.scheduled_scalable_target_arn" })).toBe(
      "allow",
    );
    expect(evaluate(dev, { action: REGISTER, resource: "*" })).toBe("implicit deny");
    expect(
      evaluate(dev, {
        action: REGISTER,
        resource: "arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0123456789abcdef",
      }),
    ).toBe("implicit deny");
    for (const action of [
      "application-autoscaling:DeregisterScalableTarget",
      "application-autoscaling:PutScheduledAction",
    ])
      expect(evaluate(dev, { action, resource: "*" }), action).toBe("implicit deny");
    // prod has no schedule: its deploy role may not change a range at all.
    expect(deployRole(tree, "prod").inline.some((s) => strings(s.actions).includes(REGISTER))).toBe(false);
  });

  it("is passed exactly the scheduled services' scalable targets", async () => {
    const tree = await stack();
    const dev = tree.get("infra/environments/dev/main.tf")!;
    expect(dev).toContain(
      "  scheduled_scalable_target_arns = [\n    module.service_frontend.scheduled_scalable_target_arn,\n    module.service_backend.scheduled_scalable_target_arn,\n  ]\n",
    );
    expect(tree.get("infra/environments/prod/main.tf")).not.toContain("scheduled_scalable_target_arns");
    expect(tree.get("infra/modules/service/outputs.tf")).toContain(
      "value = one(aws_appautoscaling_target.scheduled[*].arn)",
    );
  });
});

describe("DEPLOY.md and the estimate", () => {
  it("say how to start an environment, until when, and that each start adds hours", async () => {
    const tree = await stack();
    const doc = tree.get("docs/DEPLOY.md")!;
    expect(doc).toContain("gh workflow run start-environment.yml --ref main -f environment=dev");
    expect(doc).toContain("stays up until its next scheduled stop");
    expect(doc).toContain("--resource-id service/durable-dev/frontend --min-capacity 0 --max-capacity 0");
    const scheduled = estimateCost(config()).assumptions.join("\n");
    expect(scheduled).toContain(
      "each start out of hours (the Start environment workflow) runs that environment's tasks",
    );
    const alwaysOn = estimateCost(
      config((c) => {
        delete c.environments.dev.schedule;
        delete c.environments.staging.schedule;
      }),
    ).assumptions.join("\n");
    expect(alwaysOn).not.toContain("Start environment");
  });
});

describe("a repository's own start-environment.yml", () => {
  it("moves the tool's workflows beside it, as for its own ci.yml", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-own-start-"));
    await mkdir(join(dir, ".github", "workflows"), { recursive: true });
    await writeFile(join(dir, ".github", "workflows", "start-environment.yml"), "name: theirs\n");
    const out = await takeOverOwnFiles(dir, config(), null, async () => "adopt");
    expect(out.config.besideOwnFiles?.workflows).toBe(true);
    expect(
      (await stack((c) => (c.besideOwnFiles = { compose: false, workflows: true }))).get(
        ".github/workflows/ecs-stack-start-environment.yml",
      ),
    ).toBeDefined();
  });
});
