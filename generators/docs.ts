// docs/DEPLOY.md: what was generated and why, a diagram, the first deploy step by step, rollback,
// the feed strategy and the monthly estimate, all computed here from the config so the page says
// what this stack is, with its own names. The template only places the values.
import type { Config } from "../src/config/normalise.js";
import { prodOnPlainHttp, runsOnSchedules } from "../src/config/derived.js";
import {
  repositoryName,
  scheduledServices,
  setTaskRangeCommand,
  startableEnvironments,
  tasksInPublicSubnets,
  INFRA_DIR,
  type EnvironmentPlan,
} from "../src/plan/environments.js";
import { NAT_GATEWAY_MONTHLY, TASK_ADDRESS_MONTHLY } from "../src/cost/estimate-network.js";
import { subjectRepositories, terraformEnvironment } from "../src/plan/github.js";
import { environmentNeedsAppUrl } from "../src/plan/smoke-checks.js";
import { workflowPath } from "../src/plan/output-names.js";
import { formatUsd, plural } from "../src/cost/money.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import { documentedFile, type Generator } from "../src/plan/types.js";
import { costView } from "./docs-cost.js";
import { architectureDiagram } from "./docs-diagram.js";
import { feedSection } from "./docs-feed.js";
import { proxySection } from "./docs-proxy.js";
import { DEPLOY_DOC, DEPLOY_DOC_WHY, generatedRows } from "./docs-files.js";
import { jobsSection, migrationsSection } from "./docs-jobs.js";
import { connectionCredentials, hostedZones, secretCommands } from "./docs-secrets.js";
import { releasesSection } from "./docs-releases.js";

export { DEPLOY_DOC } from "./docs-files.js";

export const docsGenerator: Generator = {
  name: "docs",
  description: "docs/DEPLOY.md: what was generated, a diagram, the first deploy, rollback and the monthly cost",
  plan(plan) {
    const { config, environments } = plan;
    return [
      documentedFile(DEPLOY_DOC_WHY, {
        path: DEPLOY_DOC,
        template: "docs/DEPLOY.md.hbs",
        view: {
          project: config.project,
          region: config.aws.region,
          generated: generatedRows(plan),
          // Next.js services whose image runs next start: what standalone output would save.
          nextStart: config.services
            .filter((s) => s.framework === "next" && s.standalone === false)
            .map((s) => ({ name: s.name, path: s.path === "." ? "next.config" : `${s.path}/next.config` })),
          diagram: architectureDiagram(config, environments),
          environments: environments.map(environmentRow),
          publicTasks: publicTasksView(environments),
          // What the load balancer probes on each web service, said where the deployer reads.
          health: config.services
            .filter((s) => s.kind === "web")
            .map((s) => ({ name: s.name, path: s.healthCheckPath, port: s.port })),
          plainHttpProd: prodOnPlainHttp(config),
          runbook: runbookView(config, environments),
          security: securityView(plan),
          scheduled: scheduledView(plan),
          releases: releasesSection(environments),
          rollback: rollbackView(config, environments),
          jobs: jobsSection(environments),
          migrations: migrationsSection(config),
          credentials: connectionCredentials(config),
          feed: feedSection(plan),
          proxy: proxySection(plan),
          cost: costView(plan),
        },
      }),
    ];
  },
};

const EGRESS = {
  "per-az": "a NAT gateway per AZ",
  single: "one NAT gateway",
  none: "VPC endpoints, no internet",
  public: "tasks in public subnets, an address each",
};

function environmentRow(env: EnvironmentPlan) {
  const tasks = env.services.map(({ service: s, taskCount: count }) => {
    if (runsOnSchedules(s)) return `${s.name}: one task per run of ${plural(s.schedules.length, "schedule")}`;
    const scaling = s.autoscaling ? ` (autoscaling ${s.autoscaling.min}-${s.autoscaling.max})` : "";
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

/** Environments whose tasks run in the public subnets (nat "public"), and what that saves and costs. */
function publicTasksView(environments: readonly EnvironmentPlan[]) {
  const names = environments.filter(tasksInPublicSubnets).map((e) => e.name);
  if (names.length === 0) return null;
  return {
    environments: names.join(", "),
    natMonthly: formatUsd(NAT_GATEWAY_MONTHLY),
    addressMonthly: formatUsd(TASK_ADDRESS_MONTHLY),
  };
}

function runbookView(config: Config, environments: readonly EnvironmentPlan[]) {
  const bucket = config.terraform.stateBucket ?? "YOUR-STATE-BUCKET";
  const backend = config.terraform.stateBucket === null ? ` -backend-config="bucket=${bucket}"` : "";
  const repository = config.github.repository === null ? " -var github_repository=OWNER/REPO" : "";
  const stateVar = config.terraform.stateBucket === null ? ` -var state_bucket=${bucket}` : "";
  const region = config.aws.region;
  const secrets = secretCommands(config, environments);
  return {
    zones: hostedZones(environments).map((z) => ({ ...z, names: z.names.map((n) => `\`${n}\``).join(", ") })),
    secrets,
    deployStep: secrets.length > 0 ? 6 : 5,
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
        githubEnvironments: [env.name, terraformEnvironment(env.name)].flatMap((name) =>
          githubEnvironmentCommands(name, env.prod),
        ),
        init: `terraform -chdir=${root} init${backend}`,
        apply: `terraform -chdir=${root} apply${repository}`,
        deployRole: `gh variable set AWS_DEPLOY_ROLE_ARN --env ${env.name} --body "$(terraform -chdir=${root} output -raw deploy_role_arn)"`,
        appUrl: environmentNeedsAppUrl(env)
          ? `gh variable set APP_URL --env ${env.name} --body "$(terraform -chdir=${root} output -raw url)"`
          : null,
      };
    }),
  };
}

/** Who may assume each CI role: the names and GitHub environments the security section lists. */
function securityView({ config, environments, feed }: StackPlan) {
  const repositories = subjectRepositories(config);
  return {
    project: config.project,
    repository:
      repositories === null
        ? "the repository `infra/global` is applied with (`github_repository`)"
        : repositories.map((r) => `\`${r}\``).join(" or "),
    idForm: repositories !== null && repositories.length > 1,
    nameOnly: repositories !== null && repositories.length === 1,
    idsCommand: `gh api repos/${config.github.repository ?? "OWNER/REPO"} --jq '.owner.id, .id'`,
    feed: feed.inAws,
    terraformEnvironments: environments.map((e) => `\`${terraformEnvironment(e.name)}\``).join(", "),
    deploy: environments.map((e) => ({ name: e.name, role: `${e.prefix}-github-deploy` })),
  };
}

/**
 * Create a GitHub environment that deploys from main only and, in prod, waits for a reviewer (the
 * person who runs the commands; add others in the settings). REST API: "Create or update an
 * environment" (deployment_branch_policy, reviewers) and "Create a deployment branch policy",
 * docs.github.com/en/rest/deployments/environments and .../deployments/branch-policies.
 */
function githubEnvironmentCommands(name: string, reviewed: boolean): string[] {
  const path = `repos/{owner}/{repo}/environments/${name}`;
  const policy = "deployment_branch_policy: {protected_branches: false, custom_branch_policies: true}";
  const body = reviewed
    ? `jq -n --argjson me "$(gh api user --jq .id)" '{${policy}, reviewers: [{type: "User", id: $me}]}'`
    : `jq -n '{${policy}}'`;
  return [
    `${body} | gh api --method PUT "${path}" --input -`,
    `gh api --method POST "${path}/deployment-branch-policies" -f name=main -f type=branch`,
  ];
}

function scheduledView(plan: StackPlan) {
  const { config, environments } = plan;
  const scheduled = environments.filter((e) => e.schedule !== null);
  if (scheduled.length === 0) return null;
  const byHours = new Map<string, string[]>();
  for (const e of scheduled)
    byHours.set(e.schedule!.description, [...(byHours.get(e.schedule!.description) ?? []), e.name]);
  const startable = startableEnvironments(environments);
  const workflow = workflowPath(config, "start-environment");
  return {
    hours: [...byHours].map(([hours, names]) => `${names.join(" and ")}: ${hours}`),
    start:
      startable.length === 0
        ? null
        : {
            workflow,
            run: `gh workflow run ${workflow.split("/").pop()} --ref main -f environment=${startable[0]!.name}`,
            environments: startable.map((e) => e.name).join(" or "),
            stop: setTaskRangeCommand(startable[0]!, scheduledServices(startable[0]!)[0]!, { min: 0, max: 0 }),
          },
  };
}

/** Rolling back by hand works only as far back as ECR keeps images (the ecr module's lifecycle policy). */
function rollbackView(config: Config, environments: readonly EnvironmentPlan[]) {
  const env = environments.find((e) => e.prod) ?? environments[0];
  if (!env) return null;
  const deployed = longRunning(env);
  const revision = `${deployed.family}:REVISION`;
  return {
    env: env.name,
    keepImages: config.ecr.keepImages,
    list: `aws ecs list-task-definitions --family-prefix ${deployed.family} --sort DESC --max-items 5`,
    image: `aws ecs describe-task-definition --task-definition ${revision} --query 'taskDefinition.containerDefinitions[].image'`,
    check: `aws ecr describe-images --repository-name ${repositoryName(config, deployed.image)} --image-ids imageTag=COMMIT_SHA`,
    update: `aws ecs update-service --cluster ${env.prefix} --service ${deployed.service.name} --task-definition ${revision}`,
  };
}

/** The first service that runs as an ECS service (a scheduled job has none to scale or update). */
function longRunning(env: EnvironmentPlan) {
  return env.services.find((d) => !runsOnSchedules(d.service)) ?? env.services[0]!;
}
