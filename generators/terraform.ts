// Terraform for ECS Fargate: small modules under infra/modules, a global root (the GitHub OIDC
// provider, the roles CI uses, ECR) and one root per environment. The modules are fixed text; the
// roots are where the config shows, computed here so templates only place values.
import type { Config } from "../src/config/normalise.js";
import { scheduledServices, workloadBoundaryName, INFRA_DIR, type EnvironmentPlan } from "../src/plan/environments.js";
import { runsOnSchedules } from "../src/config/derived.js";
import { subjectRepositories, terraformEnvironment } from "../src/plan/github.js";
import { alignAttributes, hclValue } from "../src/plan/hcl.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import { documented, type Generator, type RenderedFile } from "../src/plan/types.js";
import type { SizingView } from "../src/plan/sizing.js";
import { TERRAFORM } from "../src/plan/versions.js";
import { databaseView, cacheView } from "./terraform-data.js";
import { feedView } from "./terraform-feed.js";
import { albTargets, serviceView } from "./terraform-services.js";

const MODULE_FILES: Record<string, readonly string[]> = {
  network: ["main.tf", "variables.tf", "outputs.tf"],
  ecr: ["main.tf"],
  cluster: ["main.tf"],
  alb: ["main.tf", "dns.tf", "variables.tf", "outputs.tf"],
  service: ["main.tf", "iam.tf", "alarms.tf", "schedules.tf", "variables.tf", "outputs.tf"],
  database: ["main.tf", "variables.tf", "outputs.tf"],
  cache: ["main.tf"],
  "github-oidc": ["main.tf"],
  "deploy-role": ["main.tf"],
  codeartifact: ["main.tf"],
  "package-bucket": ["main.tf"],
};

export const terraformGenerator: Generator = {
  name: "terraform",
  description: "Terraform modules, a global root and one root per environment under infra/",
  plan(plan) {
    const { config, environments } = plan;
    return [
      ...documented(
        { row: `${INFRA_DIR}/modules/`, why: "small Terraform modules the roots below call" },
        modulesUsed(config).flatMap((m) => moduleFiles(m, plan.sizing)),
      ),
      ...documented(
        {
          row: `${INFRA_DIR}/global/`,
          why: "applied once by an administrator: the GitHub OIDC provider, the roles CI assumes, the ECR repositories",
        },
        globalRoot(plan),
      ),
      ...documented(
        {
          row: `${INFRA_DIR}/environments/`,
          why: "one Terraform root per environment: network, ECS cluster and services, load balancer, the role its deploy job assumes",
        },
        environments.flatMap((env) => environmentRoot(config, env)),
      ),
    ];
  },
};

function modulesUsed(config: Config): string[] {
  return Object.keys(MODULE_FILES).filter((m) => {
    if (m === "alb") return config.services.some((s) => s.kind === "web");
    if (m === "database") return config.database.engine !== "none";
    if (m === "cache") return config.cache.engine !== "none";
    if (m === "codeartifact") return config.feed.strategy === "codeartifact" && config.feed.createRepository;
    if (m === "package-bucket") return config.feed.strategy === "s3" && config.feed.createRepository;
    return true;
  });
}

function moduleFiles(module: string, sizing: SizingView): RenderedFile[] {
  return MODULE_FILES[module]!.map((file) => ({
    path: `${INFRA_DIR}/modules/${module}/${file}`,
    template: `terraform/modules/${module}/${file}.hbs`,
    view: { sizing },
  }));
}

/** The terraform block, backend and provider of a root; `key` is the state object in the bucket. */
function versionsView(config: Config, environment: string, key: string) {
  return {
    terraform: TERRAFORM,
    bucket: config.terraform.stateBucket === null ? null : hclValue(config.terraform.stateBucket),
    key: hclValue(key),
    region: hclValue(config.aws.region),
    accountId: hclValue(config.aws.accountId),
    tags: alignAttributes([
      ["Project", hclValue(config.project)],
      ["Environment", hclValue(environment)],
      ["ManagedBy", hclValue("terraform")],
    ]),
  };
}

/** The repository's forms in OIDC subjects, as the github-oidc and deploy-role modules take them. */
function repositoriesExpression(config: Config): string {
  const repositories = subjectRepositories(config);
  return repositories === null ? "[var.github_repository]" : hclValue(repositories);
}

function globalRoot(plan: StackPlan): RenderedFile[] {
  const { config, environments } = plan;
  const dir = `${INFRA_DIR}/global`;
  const needsVariables = config.github.repository === null || config.terraform.stateBucket === null;
  return [
    {
      path: `${dir}/versions.tf`,
      template: "terraform/versions.tf.hbs",
      view: versionsView(config, "global", `${config.project}/global/terraform.tfstate`),
    },
    {
      path: `${dir}/main.tf`,
      template: "terraform/global/main.tf.hbs",
      view: {
        project: hclValue(config.project),
        subjectRepositories: repositoriesExpression(config),
        environments: hclValue(environments.map((e) => terraformEnvironment(e.name))),
        boundary: hclValue(workloadBoundaryName(config)),
        stateBucket:
          config.terraform.stateBucket === null ? "var.state_bucket" : hclValue(config.terraform.stateBucket),
        repositories: plan.builtImages.map((image) => hclValue(image.repository)),
        keepImages: config.ecr.keepImages,
        ...feedView(plan),
      },
    },
    { path: `${dir}/outputs.tf`, template: "terraform/global/outputs.tf.hbs", view: {} },
    ...(needsVariables
      ? [{ path: `${dir}/variables.tf`, template: "terraform/variables.tf.hbs", view: variablesView(config, true) }]
      : []),
  ];
}

function variablesView(config: Config, global: boolean) {
  return {
    repository: config.github.repository === null,
    stateBucket: global && config.terraform.stateBucket === null,
  };
}

function environmentRoot(config: Config, env: EnvironmentPlan): RenderedFile[] {
  const dir = `${INFRA_DIR}/environments/${env.name}`;
  const services = env.services.map((deployed) => serviceView(config, env, deployed));
  const clients = alignAttributes(
    env.services.map((d) => [d.service.name, `module.service_${d.service.name}.security_group_id`]),
  );
  // Every service reads the connection secrets (secretReferences), so every service waits for their
  // values; by output, not by module: the database and cache take the services' security groups.
  const secretVersions = [
    ...(config.database.engine !== "none" ? ["module.database.credentials_id"] : []),
    ...(config.cache.engine !== "none" ? ["module.cache.credentials_id"] : []),
  ];
  return [
    {
      path: `${dir}/versions.tf`,
      template: "terraform/versions.tf.hbs",
      view: versionsView(config, env.name, `${config.project}/${env.name}/terraform.tfstate`),
    },
    {
      path: `${dir}/main.tf`,
      template: "terraform/environment/main.tf.hbs",
      view: {
        env: env.name,
        prefix: hclValue(env.prefix),
        boundary: hclValue(workloadBoundaryName(config)),
        nat: hclValue(env.nat),
        schedule: env.schedule
          ? alignAttributes([
              ["timezone", hclValue(env.schedule.timezone)],
              ["start", hclValue(env.schedule.startCron)],
              ["stop", hclValue(env.schedule.stopCron)],
            ])
          : null,
        scheduleDescription: env.schedule?.description ?? null,
        endpoints: hclValue(env.endpoints),
        retention: env.logRetentionDays,
        containerInsights: hclValue(env.containerInsights),
        alb: albTargets(config, env),
        services: services.map((s) => ({ ...s, secretVersions })),
        database: databaseView(config, env, clients),
        cache: cacheView(config, env, clients),
        deploy: {
          name: hclValue(`${env.prefix}-github-deploy`),
          repositories: repositoriesExpression(config),
          environment: hclValue(env.name),
          services: env.services
            .filter((d) => !runsOnSchedules(d.service))
            .map((d) => `module.service_${d.service.name}.service_name`)
            .join(", "),
          migrations: hclValue(env.services.filter((d) => d.service.migrate).map((d) => d.family)),
          roles: env.services
            .flatMap((d) => [
              `module.service_${d.service.name}.execution_role_arn`,
              `module.service_${d.service.name}.task_role_arn`,
            ])
            .map((r) => `    ${r},`),
          scalableTargets: scheduledServices(env).map(
            (d) => `    module.service_${d.service.name}.scheduled_scalable_target_arn,`,
          ),
        },
      },
    },
    {
      path: `${dir}/outputs.tf`,
      template: "terraform/environment/outputs.tf.hbs",
      view: { alb: albTargets(config, env) !== null },
    },
    ...(config.github.repository === null
      ? [{ path: `${dir}/variables.tf`, template: "terraform/variables.tf.hbs", view: variablesView(config, false) }]
      : []),
  ];
}
