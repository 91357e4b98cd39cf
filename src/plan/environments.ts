// Where the stack runs: one plan per environment (dev / staging / prod) with every AWS name the
// Terraform, the task definitions and the workflows share. Names are computed here once, so the
// JSON a workflow deploys and the Terraform that created the roles can never disagree.
import type { Config } from "../config/normalise.js";
import { ENVIRONMENT_NAMES, NAT_MODES, SPOT_MODES, type Service } from "../config/schema.js";
import { secretsInEnvironment } from "../config/secret-refs.js";
import { planImages, type ImagePlan } from "./images.js";
import { planSchedule, type SchedulePlan } from "./schedule.js";

export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];
export type NatMode = (typeof NAT_MODES)[number];
export type SpotMode = (typeof SPOT_MODES)[number];
export type CapacityProvider = "FARGATE" | "FARGATE_SPOT";

export interface EnvironmentPlan {
  name: EnvironmentName;
  prod: boolean;
  /** "<project>-<env>": the cluster, the load balancer and the prefix of every per-environment name. */
  prefix: string;
  nat: NatMode;
  /** CloudWatch Logs retention; prod keeps at least a year (RULES.md TF-LOG-01, checkov CKV_AWS_338). */
  logRetentionDays: number;
  /** Host name the environment answers on over HTTPS, or null for the load balancer's own name (HTTP). */
  domain: string | null;
  /** Route 53 hosted zone that holds `domain`. */
  zone: string | null;
  spot: SpotMode;
  /** Working hours outside which every service is scaled to zero; null: always on. */
  schedule: SchedulePlan | null;
  services: DeployedService[];
}

export interface DeployedService {
  /** The service with this environment's overrides applied. */
  service: Service;
  image: ImagePlan;
  /** Where the tasks run: regular Fargate, or Fargate Spot when the environment's `spot` covers this kind. */
  capacityProvider: CapacityProvider;
  /** Task definition family, also the ECS service name's prefix in AWS consoles. */
  family: string;
  logGroup: string;
  executionRole: string;
  taskRole: string;
  /** Path of the task definition JSON inside the project. */
  taskDefinitionPath: string;
}

export const INFRA_DIR = "infra";

export function planEnvironments(config: Config): EnvironmentPlan[] {
  const images = planImages(config);
  return ENVIRONMENT_NAMES.flatMap((name) => {
    const env = config.environments[name];
    if (!env) return [];
    const prefix = `${config.project}-${name}`;
    const domain =
      env.domain ?? (config.domain ? (name === "prod" ? config.domain : `${name}.${config.domain}`) : null);
    return [
      {
        name,
        prod: name === "prod",
        prefix,
        nat: env.nat ?? (name === "prod" ? "per-az" : "single"),
        logRetentionDays: name === "prod" ? Math.max(config.logs.retentionDays, 365) : config.logs.retentionDays,
        domain,
        zone: domain ? (config.domain ?? domain) : null,
        spot: env.spot,
        schedule: env.schedule ? planSchedule(env.schedule) : null,
        services: config.services.map((base) => {
          const o = env.services[base.name] ?? {};
          const service: Service = {
            ...base,
            cpu: o.cpu ?? base.cpu,
            memory: o.memory ?? base.memory,
            desiredCount: o.desiredCount ?? base.desiredCount,
            autoscaling: o.autoscaling !== undefined ? o.autoscaling : base.autoscaling,
            environment: { ...base.environment, ...o.environment },
            secrets: secretsInEnvironment(base.secrets, o.secrets ?? [], name),
          };
          return {
            service,
            image: images.find((i) => i.services.includes(base))!,
            capacityProvider: onSpot(env.spot, base) ? "FARGATE_SPOT" : "FARGATE",
            family: `${prefix}-${base.name}`,
            logGroup: `/ecs/${prefix}/${base.name}`,
            executionRole: `${prefix}-${base.name}-execution`,
            taskRole: `${prefix}-${base.name}-task`,
            taskDefinitionPath: `${INFRA_DIR}/task-definitions/${name}/${base.name}.json`,
          };
        }),
      },
    ];
  });
}

/** "workers" covers workers and schedulers: they take no requests, so an interrupted task only delays work. */
function onSpot(spot: SpotMode, service: Service): boolean {
  return spot === "all" || (spot === "workers" && service.kind !== "web");
}

/** ECR repository of an image; one per image, shared by every environment so prod runs what staging tested. */
export function repositoryName(config: Config, image: ImagePlan): string {
  return `${config.project}/${image.primary.name}`;
}

export function repositoryUri(config: Config, image: ImagePlan): string {
  return `${config.aws.accountId}.dkr.ecr.${config.aws.region}.amazonaws.com/${repositoryName(config, image)}`;
}

/** The Secrets Manager secrets Terraform creates for the database and cache connection details. */
export function connectionSecretName(config: Config, env: EnvironmentPlan, kind: "database" | "cache"): string {
  return `${config.project}/${env.name}/${kind}`;
}

/**
 * The permissions boundary infra/global creates and every role an environment root creates must
 * carry: the Terraform apply role may create and change roles only with it attached.
 */
export function workloadBoundaryName(config: Config): string {
  return `${config.project}-workload-boundary`;
}
