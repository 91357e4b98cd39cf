// Where the stack runs: one plan per environment (dev / staging / prod) with every AWS name the
// Terraform, the task definitions and the workflows share. Names are computed here once, so the
// JSON a workflow deploys and the Terraform that created the roles can never disagree.
import { defaultContainerInsights, type Config } from "../config/normalise.js";
import { CONTAINER_INSIGHTS_MODES, ENVIRONMENT_NAMES, NAT_MODES, SPOT_MODES, type Service } from "../config/schema.js";
import { environmentDomain, runsOnSchedules, servesTraffic } from "../config/derived.js";
import { planProxies, type ProxyPlan } from "../config/proxies.js";
import { secretsInEnvironment } from "../config/secret-refs.js";
import { planDeployment, type DeploymentPlan } from "./deployment.js";
import { planImages, type ImagePlan } from "./images.js";
import { planSchedule, type SchedulePlan } from "./schedule.js";

export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];
export type NatMode = (typeof NAT_MODES)[number];

/** nat "public": the tasks run in the public subnets, each with a public IPv4 address, instead of behind NAT. */
export const tasksInPublicSubnets = (env: EnvironmentPlan): boolean => env.nat === "public";
export type SpotMode = (typeof SPOT_MODES)[number];
export type ContainerInsightsMode = (typeof CONTAINER_INSIGHTS_MODES)[number];
export type CapacityProvider = "FARGATE" | "FARGATE_SPOT";

export interface EnvironmentPlan {
  name: EnvironmentName;
  prod: boolean;
  /** "<project>-<env>": the cluster, the load balancer and the prefix of every per-environment name. */
  prefix: string;
  nat: NatMode;
  /** CloudWatch Logs retention; prod keeps at least a year (docs/rules.md TF-LOG-01, checkov CKV_AWS_338). */
  logRetentionDays: number;
  /** Host name the environment answers on over HTTPS, or null for the load balancer's own name (HTTP). */
  domain: string | null;
  /** Route 53 hosted zone that holds `domain`. */
  zone: string | null;
  spot: SpotMode;
  /** The cluster's containerInsights setting. */
  containerInsights: ContainerInsightsMode;
  /** Working hours outside which every service is scaled to zero; null: always on. */
  schedule: SchedulePlan | null;
  services: DeployedService[];
  /** The interface endpoints the private subnets get (see interfaceEndpoints). */
  endpoints: string[];
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
  /** How a release reaches the service here: strategy, timings, rollback alarms. */
  deployment: DeploymentPlan;
  /** The nginx proxy in front of the app, if the service has one. */
  proxy: ProxyPlan | null;
  /** The container the load balancer sends traffic to; null for a service that takes no requests. */
  traffic: { name: string; port: number } | null;
  /** The tasks that run when idle: the desired count, raised to the autoscaling minimum. */
  taskCount: number;
}

export const INFRA_DIR = "infra";

/** The container the load balancer sends traffic to: a sidecar that says so (nginx), else the app. */
export function trafficContainer(service: Service): { name: string; port: number } | null {
  if (!servesTraffic(service)) return null;
  const sidecar = service.sidecars.find((c) => c.receivesTraffic && c.port !== null);
  return sidecar ? { name: sidecar.name, port: sidecar.port! } : { name: service.name, port: service.port! };
}

/** The service that gets every request no rule matches: no paths and no host of its own. */
export function isDefaultRoute(service: Service): boolean {
  return service.routing !== null && service.routing.paths.length === 0 && service.routing.host === null;
}

export function planEnvironments(
  config: Config,
  images: readonly ImagePlan[] = planImages(config),
  proxies: readonly ProxyPlan[] = planProxies(config),
): EnvironmentPlan[] {
  return ENVIRONMENT_NAMES.flatMap((name): EnvironmentPlan[] => {
    const env = config.environments[name];
    if (!env) return [];
    const prefix = `${config.project}-${name}`;
    const domain = environmentDomain(config, name);
    const planned: Omit<EnvironmentPlan, "endpoints"> = {
      name,
      prod: name === "prod",
      prefix,
      nat: env.nat ?? (name === "prod" ? "per-az" : "single"),
      logRetentionDays: name === "prod" ? Math.max(config.logs.retentionDays, 365) : config.logs.retentionDays,
      domain,
      zone: domain ? (config.domain ?? domain) : null,
      spot: env.spot,
      containerInsights: env.containerInsights ?? defaultContainerInsights(name),
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
          deployment: planDeployment(name, base, o.deployment, servesTraffic(base) && !runsOnSchedules(base)),
          proxy: proxies.find((p) => p.service === base) ?? null,
          traffic: trafficContainer(service),
          taskCount: effectiveTaskCount(service),
        };
      }),
    };
    return [{ ...planned, endpoints: interfaceEndpoints(config, planned) }];
  });
}

/** The tasks a service runs when idle: autoscaling never goes below its minimum. */
function effectiveTaskCount(service: Service): number {
  const scaling = service.autoscaling;
  return scaling ? Math.max(service.desiredCount, scaling.min) : service.desiredCount;
}

/** A task range: what Application Auto Scaling keeps a service's desired count within. */
export interface TaskRange {
  min: number;
  max: number;
}

/**
 * The task range of a service in working hours, which the schedule's start action sets (the service
 * module's min_capacity and max_capacity): the autoscaling range, or the fixed count.
 */
export function workingHoursRange({ service, taskCount }: DeployedService): TaskRange {
  return service.autoscaling
    ? { min: service.autoscaling.min, max: service.autoscaling.max }
    : { min: taskCount, max: taskCount };
}

/**
 * The AWS CLI command that sets a service's task range, as the schedule's actions do: its scalable
 * target is the service's ResourceId "service/<cluster>/<service>"
 * (docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html).
 */
export function setTaskRangeCommand(env: EnvironmentPlan, { service }: DeployedService, range: TaskRange): string {
  return `aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/${env.prefix}/${service.name} --min-capacity ${range.min} --max-capacity ${range.max}`;
}

/** The environments the Start environment workflow can start: a schedule, and a service it scales. */
export function startableEnvironments(environments: readonly EnvironmentPlan[]): EnvironmentPlan[] {
  return environments.filter((env) => scheduledServices(env).length > 0);
}

/** The services the working-hours schedule scales: every ECS service of a scheduled environment (a scheduled job has none). */
export function scheduledServices(env: EnvironmentPlan): DeployedService[] {
  return env.schedule ? env.services.filter((d) => !runsOnSchedules(d.service)) : [];
}

/** "workers" covers workers and schedulers: they take no requests, so an interrupted task only delays work. */
function onSpot(spot: SpotMode, service: Service): boolean {
  return spot === "all" || (spot === "workers" && service.kind !== "web");
}

/**
 * ECR repository of an image, named after the app image's primary service or the proxy; one per
 * image, shared by every environment so prod runs what staging tested.
 */
export function repositoryName(config: Config, image: ImagePlan | string): string {
  return `${config.project}/${typeof image === "string" ? image : image.primary.name}`;
}

export function repositoryUri(config: Config, image: ImagePlan | string): string {
  return `${config.aws.accountId}.dkr.ecr.${config.aws.region}.amazonaws.com/${repositoryName(config, image)}`;
}

/** Every image CI builds and pushes: each app image, then each proxy. */
export interface BuiltImage {
  name: string;
  repository: string;
  dockerfile: string;
  target: string | null;
  /** The build context, relative to the project root (ImagePlan.context). */
  context: string;
}

export function builtImages(
  config: Config,
  images: readonly ImagePlan[] = planImages(config),
  proxies: readonly ProxyPlan[] = planProxies(config),
): BuiltImage[] {
  return [
    ...images.map((i) => ({ name: i.primary.name, dockerfile: i.dockerfile, target: i.target, context: i.context })),
    ...proxies.map((p) => ({ name: p.name, dockerfile: p.dockerfile, target: null, context: "." })),
  ].map((i) => ({ ...i, repository: repositoryName(config, i.name) }));
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

/**
 * Without NAT the tasks reach AWS through interface endpoints: ECR (API and registry), CloudWatch
 * Logs, and the stores their secrets live in; ssmmessages for ECS Exec
 * (docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html, docs/rules.md TF-NET-02).
 */
export function interfaceEndpoints(config: Config, env: Pick<EnvironmentPlan, "services">): string[] {
  const refs = env.services.flatMap(({ service }) => service.secrets.map((x) => x.from));
  const managed = config.database.engine !== "none" || config.cache.engine !== "none";
  return [
    "ecr.api",
    "ecr.dkr",
    "logs",
    ...(managed || refs.some((r) => r.startsWith("secretsmanager:")) ? ["secretsmanager"] : []),
    ...(refs.some((r) => r.startsWith("ssm:")) ? ["ssm"] : []),
    ...(config.ecsExec ? ["ssmmessages"] : []),
  ];
}
