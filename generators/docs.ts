// docs/DEPLOY.md: what was generated and why, a diagram, the first deploy step by step, rollback,
// the feed strategy and the monthly estimate, all computed here from the config so the page says
// what this stack is, with its own names. The template only places the values.
import type { Config } from "../src/config/normalise.js";
import { planEnvironments, INFRA_DIR, type EnvironmentPlan } from "../src/plan/environments.js";
import type { Generator } from "../src/plan/types.js";
import { costView } from "./docs-cost.js";
import { architectureDiagram } from "./docs-diagram.js";
import { feedSection } from "./docs-feed.js";
import { proxySection } from "./docs-proxy.js";
import { generatedRows } from "./docs-files.js";
import { smokeChecks } from "./workflow-smoke.js";

export const DEPLOY_DOC = "docs/DEPLOY.md";

export const docsGenerator: Generator = {
  name: "docs",
  description: "docs/DEPLOY.md: what was generated, a diagram, the first deploy, rollback and the monthly cost",
  plan(config) {
    const environments = planEnvironments(config);
    return [
      {
        path: DEPLOY_DOC,
        template: "docs/DEPLOY.md.hbs",
        view: {
          project: config.project,
          region: config.aws.region,
          generated: generatedRows(config),
          // Next.js services whose image runs next start: what standalone output would save.
          nextStart: config.services
            .filter((s) => s.framework === "next" && s.standalone === false)
            .map((s) => ({ name: s.name, path: s.path === "." ? "next.config" : `${s.path}/next.config` })),
          diagram: architectureDiagram(config, environments),
          environments: environments.map(environmentRow),
          runbook: runbookView(config, environments),
          scheduled: scheduledView(environments),
          rollback: rollbackView(environments),
          feed: feedSection(config),
          proxy: proxySection(config),
          cost: costView(config),
        },
      },
    ];
  },
};

const EGRESS = { "per-az": "a NAT gateway per AZ", single: "one NAT gateway", none: "VPC endpoints, no internet" };

function environmentRow(env: EnvironmentPlan) {
  const tasks = env.services.map(({ service: s }) => {
    const scaling = s.autoscaling ? ` (autoscaling ${s.autoscaling.min}-${s.autoscaling.max})` : "";
    const count = s.autoscaling ? Math.max(s.desiredCount, s.autoscaling.min) : s.desiredCount;
    return `${s.name} ${count}${scaling}`;
  });
  const spot = env.services.filter((d) => d.capacityProvider === "FARGATE_SPOT").map((d) => d.service.name);
  return {
    name: env.name,
    url: env.domain ? `https://${env.domain}` : "the load balancer's name (`terraform output url`)",
    egress: EGRESS[env.nat],
    tasks: tasks.join(", "),
    spot: spot.length > 0 ? spot.join(", ") : "none",
    hours: env.schedule ? env.schedule.description : "always on",
  };
}

function runbookView(config: Config, environments: EnvironmentPlan[]) {
  const bucket = config.terraform.stateBucket ?? "YOUR-STATE-BUCKET";
  const backend = config.terraform.stateBucket === null ? ` -backend-config="bucket=${bucket}"` : "";
  const repository = config.github.repository === null ? " -var github_repository=OWNER/REPO" : "";
  const stateVar = config.terraform.stateBucket === null ? ` -var state_bucket=${bucket}` : "";
  const region = config.aws.region;
  return {
    bucket,
    bucketInConfig: config.terraform.stateBucket !== null,
    stateVariable: config.terraform.stateBucket === null ? `gh variable set TF_STATE_BUCKET --body ${bucket}` : null,
    createBucket: `aws s3api create-bucket --bucket ${bucket} --region ${region}${region === "us-east-1" ? "" : ` --create-bucket-configuration LocationConstraint=${region}`}`,
    globalInit: `terraform -chdir=${INFRA_DIR}/global init${backend}`,
    globalApply: `terraform -chdir=${INFRA_DIR}/global apply${repository}${stateVar}`,
    environments: environments.map((env) => {
      const root = `${INFRA_DIR}/environments/${env.name}`;
      return {
        name: env.name,
        init: `terraform -chdir=${root} init${backend}`,
        apply: `terraform -chdir=${root} apply${repository}`,
        deployRole: `gh variable set AWS_DEPLOY_ROLE_ARN --env ${env.name} --body "$(terraform -chdir=${root} output -raw deploy_role_arn)"`,
        appUrl: smokeChecks(env).needsAppUrl
          ? `gh variable set APP_URL --env ${env.name} --body "$(terraform -chdir=${root} output -raw url)"`
          : null,
      };
    }),
  };
}

function scheduledView(environments: EnvironmentPlan[]) {
  const env = environments.find((e) => e.schedule !== null);
  if (!env) return null;
  const { service } = env.services[0]!;
  const count = service.autoscaling ? Math.max(service.desiredCount, service.autoscaling.min) : service.desiredCount;
  const byHours = new Map<string, string[]>();
  for (const e of environments.filter((e) => e.schedule))
    byHours.set(e.schedule!.description, [...(byHours.get(e.schedule!.description) ?? []), e.name]);
  return {
    hours: [...byHours].map(([hours, names]) => `${names.join(" and ")}: ${hours}`),
    wake: `aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/${env.prefix}/${service.name} --min-capacity ${count} --max-capacity ${service.autoscaling?.max ?? count}`,
  };
}

function rollbackView(environments: EnvironmentPlan[]) {
  const env = environments.find((e) => e.prod) ?? environments[0];
  if (!env) return null;
  const deployed = env.services[0]!;
  return {
    env: env.name,
    list: `aws ecs list-task-definitions --family-prefix ${deployed.family} --sort DESC --max-items 5`,
    update: `aws ecs update-service --cluster ${env.prefix} --service ${deployed.service.name} --task-definition ${deployed.family}:REVISION`,
  };
}
