// The service and load balancer blocks of an environment root: one module call per service, and
// the load balancer's targets with their routing. Values are HCL literals, aligned as terraform fmt does.
import type { Config } from "../src/config/normalise.js";
import {
  isDefaultRoute,
  tasksInPublicSubnets,
  type DeployedService,
  type EnvironmentPlan,
} from "../src/plan/environments.js";
import { runsOnSchedules } from "../src/config/derived.js";
import { alarmThreshold, type DeploymentPlan } from "../src/plan/deployment.js";
import { alignAttributes, hclValue } from "../src/plan/hcl.js";
import { secretPolicyResource, secretReferences } from "../src/plan/task-definition.js";

export function serviceView(config: Config, env: EnvironmentPlan, deployed: DeployedService) {
  const { service } = deployed;
  const { traffic } = deployed;
  const scaling = service.autoscaling;
  const job = runsOnSchedules(service);
  // A scheduled job has no service to size: each run is one task.
  const desired = job ? 0 : deployed.taskCount;
  const loadBalancer = traffic
    ? `{ target_group_arn = module.alb.target_group_arns[${hclValue(service.name)}], security_group_id = module.alb.security_group_id, container_name = ${hclValue(traffic.name)}, container_port = ${traffic.port} }`
    : "null";
  const secrets = [...new Set(secretReferences(config, env, service).map((s) => secretPolicyResource(config, s.from)))];
  const release = deployed.deployment.shiftsTraffic
    ? [
        ["deployment", deploymentObject(deployed.deployment)] as const,
        ["traffic_shift", `module.alb.traffic_shifts[${hclValue(service.name)}]`] as const,
      ]
    : [];
  return {
    name: service.name,
    attributes: alignAttributes([
      ["name", hclValue(service.name)],
      ["cluster_arn", "module.cluster.arn"],
      ["cluster_name", "module.cluster.name"],
      [
        "task_definition",
        `jsondecode(file("\${path.module}/../../task-definitions/${env.name}/${service.name}.json"))`,
      ],
      ["vpc_id", "module.network.vpc_id"],
      ...(tasksInPublicSubnets(env)
        ? [["subnet_ids", "module.network.public_subnet_ids"] as const, ["public_ip", "true"] as const]
        : [["subnet_ids", "module.network.private_subnet_ids"] as const]),
      ["desired_count", String(desired)],
      [
        "autoscaling",
        scaling ? `{ min = ${scaling.min}, max = ${scaling.max}, cpu_target = ${scaling.cpuTarget} }` : "null",
      ],
      // Only when set, so an environment without them reads as before.
      ...(deployed.capacityProvider === "FARGATE_SPOT" ? [["spot", "true"] as const] : []),
      ...(env.schedule && !job ? [["schedule", "local.schedule"] as const] : []),
      ["load_balancer", loadBalancer],
      // Only for a traffic-shifting release, so a rolling service reads as before.
      ...release,
      ["log_retention_days", String(env.logRetentionDays)],
      ["execute_command", String(config.ecsExec)],
      ["exec_log_group_arn", "module.cluster.exec_log_group_arn"],
      ["permissions_boundary", "data.aws_iam_policy.workload_boundary.arn"],
    ]),
    secrets: secrets.map(hclValue),
    schedules: service.schedules.map(
      (j) =>
        `{ name = ${hclValue(j.name)}, expression = ${hclValue(j.expression)}, timezone = ${hclValue(j.timezone)}, command = ${hclValue(j.command)} }`,
    ),
  };
}

export function albTargets(config: Config, env: EnvironmentPlan) {
  const web = env.services.flatMap((d) => (d.traffic ? [{ ...d, traffic: d.traffic }] : []));
  if (web.length === 0) return null;
  const defaultName = web.find((d) => isDefaultRoute(d.service))?.service.name ?? null;
  return {
    attributes: alignAttributes([
      ["name", hclValue(env.prefix)],
      ["vpc_id", "module.network.vpc_id"],
      ["vpc_cidr", "module.network.vpc_cidr"],
      ["subnet_ids", "module.network.public_subnet_ids"],
      ["domain", hclValue(env.domain)],
      ["zone_name", hclValue(env.zone)],
      ["deletion_protection", String(env.prod)],
    ]),
    targets: alignAttributes(
      web.map((d, i) => {
        const s = d.service;
        const routing = s.routing ?? { paths: [], host: null };
        return [
          s.name,
          `{ port = ${d.traffic.port}, health_check_path = ${hclValue(s.healthCheckPath ?? "/")}, paths = ${hclValue(routing.paths)}, host = ${hclValue(routing.host)}, priority = ${100 + i * 10}, default = ${s.name === defaultName}, shift_traffic = ${d.deployment.shiftsTraffic} }`,
        ];
      }),
    ),
  };
}

/** The service module's `deployment` object: the ECS strategy, its timings and the alarm thresholds. */
function deploymentObject(plan: DeploymentPlan): string {
  const fields: Record<string, number | string | null> = {
    strategy: plan.ecsStrategy,
    bake_time_in_minutes: plan.bakeMinutes,
    ...(plan.canary && { canary_percent: plan.canary.percent, canary_bake_time_in_minutes: plan.canary.minutes }),
    ...(plan.linear && { step_percent: plan.linear.stepPercent, step_bake_time_in_minutes: plan.linear.stepMinutes }),
    error_rate_percent: alarmThreshold(plan, "error-rate"),
    p99_latency_ms: alarmThreshold(plan, "p99-latency"),
  };
  return `{ ${Object.entries(fields)
    .map(([key, value]) => `${key} = ${hclValue(value)}`)
    .join(", ")} }`;
}
