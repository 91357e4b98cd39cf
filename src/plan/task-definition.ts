// The ECS task definition of one service in one environment: the JSON that
// aws-actions/amazon-ecs-render-task-definition reads and Terraform registers as the first revision
// (RegisterTaskDefinition request shape, docs/rules.md section 4). Built as a typed object, never templated.
import type { Config } from "../config/normalise.js";
import type { Service, Sidecar } from "../config/schema.js";
import type { ProxyPlan } from "../config/proxies.js";
import { connectionSecretName, repositoryUri, type DeployedService, type EnvironmentPlan } from "./environments.js";
import { profileOf, STOP_TIMEOUT_SECONDS } from "../stacks/index.js";
import { stackOf } from "../config/stack-parts.js";
import { listenEnvironment } from "./listen-environment.js";
import { PROXY_UPSTREAM_VARIABLE, taskUpstream } from "./proxy.js";

export interface KeyValue {
  name: string;
  value: string;
}

export interface SecretRef {
  name: string;
  valueFrom: string;
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential: boolean;
  command?: string[];
  cpu?: number;
  memory?: number;
  portMappings?: { containerPort: number; protocol: "tcp" }[];
  environment?: KeyValue[];
  secrets?: SecretRef[];
  healthCheck?: { command: string[]; interval: number; timeout: number; retries: number; startPeriod: number };
  dependsOn?: { containerName: string; condition: "START" | "HEALTHY" }[];
  linuxParameters?: { initProcessEnabled: boolean };
  readonlyRootFilesystem: boolean;
  stopTimeout?: number;
  logConfiguration: { logDriver: "awslogs"; options: Record<string, string> };
}

export interface TaskDefinition {
  family: string;
  requiresCompatibilities: ["FARGATE"];
  networkMode: "awsvpc";
  cpu: string;
  memory: string;
  runtimePlatform: { operatingSystemFamily: "LINUX"; cpuArchitecture: "X86_64" | "ARM64" };
  executionRoleArn: string;
  taskRoleArn: string;
  containerDefinitions: ContainerDefinition[];
}

export function partition(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** The ARN ECS reads a secret from (docs/rules.md ECS-05): SSM parameter, or Secrets Manager with an optional JSON key. */
export function secretArn(config: Config, from: string): string {
  const { region, accountId } = config.aws;
  const arn = `arn:${partition(region)}`;
  if (from.startsWith("ssm:/")) return `${arn}:ssm:${region}:${accountId}:parameter/${from.slice("ssm:/".length)}`;
  const [name, key] = from.slice("secretsmanager:".length).split(":");
  // "<arn>:<json-key>:<version-stage>:<version-id>"; empty stage and id mean the current version.
  return `${arn}:secretsmanager:${region}:${accountId}:secret:${name}${key ? `:${key}::` : ""}`;
}

/**
 * What the execution role may read for a secret reference (docs/rules.md ECS-06): the parameter itself, or
 * the secret whatever its random six-character suffix.
 */
export function secretPolicyResource(config: Config, from: string): string {
  if (from.startsWith("ssm:/")) return secretArn(config, from);
  const name = from.slice("secretsmanager:".length).split(":")[0];
  return `arn:${partition(config.aws.region)}:secretsmanager:${config.aws.region}:${config.aws.accountId}:secret:${name}-??????`;
}

/** Every secret reference a service's task reads: its own, then the database and cache connections. */
export function secretReferences(
  config: Config,
  env: EnvironmentPlan,
  service: Service,
): { name: string; from: string }[] {
  const connection: { name: string; from: string }[] = [];
  const { databaseVariable, cacheVariable, secretKey } = profileOf(stackOf(config, service)).connection;
  if (config.database.engine !== "none") {
    const from = `secretsmanager:${connectionSecretName(config, env, "database")}:${secretKey}`;
    connection.push({ name: databaseVariable, from });
  }
  if (config.cache.engine !== "none") {
    const from = `secretsmanager:${connectionSecretName(config, env, "cache")}:${secretKey}`;
    connection.push({ name: cacheVariable, from });
  }
  return [...service.secrets, ...connection];
}

export function buildTaskDefinition(config: Config, env: EnvironmentPlan, deployed: DeployedService): TaskDefinition {
  const { service } = deployed;
  const arn = `arn:${partition(config.aws.region)}:iam::${config.aws.accountId}:role`;
  const app = appContainer(config, env, deployed);
  const { proxy } = deployed;
  const sidecars = service.sidecars.map((c): ContainerDefinition => ({
    name: c.name,
    image: sidecarImage(config, proxy, c),
    // A sidecar that carries the traffic is as essential as the app (docs/rules.md ECS-08).
    essential: c.receivesTraffic,
    cpu: c.cpu,
    memory: c.memory,
    ...(c.port !== null ? { portMappings: [{ containerPort: c.port, protocol: "tcp" as const }] } : {}),
    ...(proxy?.sidecar.name === c.name
      ? { environment: [{ name: PROXY_UPSTREAM_VARIABLE, value: taskUpstream(proxy) }] }
      : {}),
    // The sidecar reaches the app on localhost, so it starts once the app is up (docs/rules.md ECS-14).
    dependsOn: [{ containerName: app.name, condition: app.healthCheck ? "HEALTHY" : "START" }],
    // ECS Exec reaches a sidecar too; the init process also reaps its zombies.
    linuxParameters: { initProcessEnabled: true },
    readonlyRootFilesystem: false,
    logConfiguration: awslogs(config, deployed, c.name),
  }));
  return {
    family: deployed.family,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: String(service.cpu),
    memory: String(service.memory),
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: config.architecture },
    executionRoleArn: `${arn}/${deployed.executionRole}`,
    taskRoleArn: `${arn}/${deployed.taskRole}`,
    containerDefinitions: [app, ...sidecars],
  };
}

/**
 * The proxy's bootstrap tag is replaced on every deploy, as the app's is; any other sidecar names an
 * image pinned by digest or from the account's ECR (the config rules refuse one without an image).
 */
function sidecarImage(config: Config, proxy: ProxyPlan | null, sidecar: Sidecar): string {
  if (proxy?.sidecar.name === sidecar.name) return `${repositoryUri(config, proxy.name)}:bootstrap`;
  if (sidecar.image === null) throw new Error(`sidecar ${sidecar.name} has no image, which the config rules refuse`);
  return sidecar.image;
}

function appContainer(config: Config, env: EnvironmentPlan, deployed: DeployedService): ContainerDefinition {
  const { service, image } = deployed;
  const healthCheck = containerHealthCheck(config, service);
  const secrets = secretReferences(config, env, service).map((s) => ({
    name: s.name,
    valueFrom: secretArn(config, s.from),
  }));
  const environment = plainEnvironment(config, service);
  return {
    name: service.name,
    // Replaced on every deploy by amazon-ecs-render-task-definition with the image CI just pushed.
    image: `${repositoryUri(config, image)}:bootstrap`,
    essential: true,
    ...(service.name !== image.primary.name && service.command ? { command: service.command } : {}),
    ...(service.port !== null ? { portMappings: [{ containerPort: service.port, protocol: "tcp" as const }] } : {}),
    ...(environment.length > 0 ? { environment } : {}),
    ...(secrets.length > 0 ? { secrets } : {}),
    ...(healthCheck ? { healthCheck } : {}),
    // An init process reaps zombies and forwards SIGTERM; ECS Exec needs it too (docs/rules.md ECS-16).
    linuxParameters: { initProcessEnabled: true },
    // docs/rules.md ECS-11 asks for a read-only root file system; apps write caches and pid files under
    // their own folders, and Fargate mounts ephemeral volumes owned by root, so it stays off.
    readonlyRootFilesystem: false,
    stopTimeout: service.kind === "web" ? STOP_TIMEOUT_SECONDS.web : STOP_TIMEOUT_SECONDS.worker,
    logConfiguration: awslogs(config, deployed, service.name),
  };
}

function awslogs(
  config: Config,
  deployed: DeployedService,
  container: string,
): ContainerDefinition["logConfiguration"] {
  // awslogs-stream-prefix is required on Fargate; the group is created by Terraform with a retention.
  return {
    logDriver: "awslogs",
    options: {
      "awslogs-group": deployed.logGroup,
      "awslogs-region": config.aws.region,
      "awslogs-stream-prefix": container,
    },
  };
}

function plainEnvironment(config: Config, service: Service): KeyValue[] {
  const env: Record<string, string> = { ...service.environment };
  for (const { key, value } of listenEnvironment(config, service)) env[key] = value;
  return Object.keys(env)
    .sort()
    .map((name) => ({ name, value: env[name]! }));
}

/**
 * A container health check only with a command the image has (docs/rules.md ECS-12), which the stack's
 * profile names (curl in the Rails image, node in the Node image); without one, the ALB's check is
 * the one.
 */
function containerHealthCheck(config: Config, service: Service): ContainerDefinition["healthCheck"] {
  if (service.port === null || service.healthCheckPath === null) return undefined;
  // An adopted Dockerfile may have neither curl nor node: the load balancer's check is the one.
  if (service.dockerfile) return undefined;
  const healthCheck = profileOf(stackOf(config, service)).healthCheck;
  if (healthCheck === null) return undefined;
  const command = healthCheck(`http://localhost:${service.port}${service.healthCheckPath}`);
  return { command, interval: 30, timeout: 5, retries: 3, startPeriod: 60 };
}
