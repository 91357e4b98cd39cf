// How a release reaches one service in one environment: the ECS deployment strategy, its timings
// and the alarms that roll it back. The Terraform (service and load balancer modules), the deploy
// workflow, DEPLOY.md and the cost estimate all read this plan, so they agree on what a release does.
// ECS strategies: docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-types.html.
import { deploymentSchema, type Deployment, type Service } from "../config/schema.js";

export type DeploymentStrategy = Deployment["strategy"];

/** The value of aws_ecs_service.deployment_configuration.strategy for each of ours. */
const ECS_STRATEGY: Record<DeploymentStrategy, "ROLLING" | "BLUE_GREEN" | "CANARY" | "LINEAR"> = {
  rolling: "ROLLING",
  "blue-green": "BLUE_GREEN",
  canary: "CANARY",
  linear: "LINEAR",
};

export type RollbackAlarmKind = "error-rate" | "unhealthy-hosts" | "p99-latency";

export interface RollbackAlarm {
  kind: RollbackAlarmKind;
  /** What the alarm compares with: a percentage, a count of hosts or milliseconds. */
  threshold: number;
  /**
   * Metrics the alarm reads, each billed as one alarm metric: the production and the alternate
   * target group's request and 5xx counts for the error rate, one metric of each target group for
   * the others.
   */
  metrics: number;
}

export interface DeploymentPlan {
  strategy: DeploymentStrategy;
  ecsStrategy: (typeof ECS_STRATEGY)[DeploymentStrategy];
  /** The new revision starts beside the old one behind a second target group, and traffic moves. */
  shiftsTraffic: boolean;
  bakeMinutes: number;
  canary: { percent: number; minutes: number } | null;
  linear: { stepPercent: number; stepMinutes: number } | null;
  /** Alarms ECS watches until the bake time ends; any in ALARM rolls the release back. */
  alarms: RollbackAlarm[];
  /** Minutes from the first shifted request to the end of the bake time, task start-up not counted. */
  shiftMinutes: number;
}

/**
 * The release strategy of a service in an environment: the environment's override, else the
 * service's, else canary for web services in prod and rolling everywhere else.
 */
export function planDeployment(
  environment: string,
  service: Service,
  override: Deployment | undefined,
  servesTraffic: boolean,
): DeploymentPlan {
  const chosen = override ?? service.deployment ?? defaultDeployment(environment, servesTraffic);
  return fromConfig(chosen);
}

function defaultDeployment(environment: string, servesTraffic: boolean): Deployment {
  return deploymentSchema.parse({ strategy: environment === "prod" && servesTraffic ? "canary" : "rolling" });
}

function fromConfig(d: Deployment): DeploymentPlan {
  if (d.strategy === "rolling")
    return {
      strategy: "rolling",
      ecsStrategy: "ROLLING",
      shiftsTraffic: false,
      bakeMinutes: 0,
      canary: null,
      linear: null,
      alarms: [],
      shiftMinutes: 0,
    };
  const canary = d.strategy === "canary" ? { percent: d.percent, minutes: d.canaryMinutes } : null;
  const linear = d.strategy === "linear" ? { stepPercent: d.stepPercent, stepMinutes: d.stepMinutes } : null;
  return {
    strategy: d.strategy,
    ecsStrategy: ECS_STRATEGY[d.strategy],
    shiftsTraffic: true,
    bakeMinutes: d.bakeMinutes,
    canary,
    linear,
    alarms: [
      { kind: "error-rate", threshold: d.errorRatePercent, metrics: 4 },
      { kind: "unhealthy-hosts", threshold: 0, metrics: 2 },
      ...(d.p99LatencyMs !== null ? [{ kind: "p99-latency" as const, threshold: d.p99LatencyMs, metrics: 2 }] : []),
    ],
    shiftMinutes: (canary?.minutes ?? 0) + (linear ? linearWaits(linear) : 0) + d.bakeMinutes,
  };
}

/** A linear release waits stepMinutes after every step but the last: 25% steps wait three times. */
function linearWaits(linear: { stepPercent: number; stepMinutes: number }): number {
  return (Math.ceil(100 / linear.stepPercent) - 1) * linear.stepMinutes;
}

/** Alarm metrics of every rollback alarm, as CloudWatch bills them. */
export function alarmMetrics(plan: DeploymentPlan): number {
  return plan.alarms.reduce((sum, alarm) => sum + alarm.metrics, 0);
}

/** The threshold of one kind of rollback alarm, or null when the plan has none of that kind. */
export function alarmThreshold(plan: DeploymentPlan, kind: RollbackAlarmKind): number | null {
  return plan.alarms.find((alarm) => alarm.kind === kind)?.threshold ?? null;
}

/** How a release moves traffic, in a sentence fragment (DEPLOY.md and the workflow's comments). */
export function describeRelease(plan: DeploymentPlan): string {
  const keep = `the old revision kept ${minutesText(plan.bakeMinutes)}`;
  if (plan.canary)
    return `canary: ${plan.canary.percent}% of requests for ${minutesText(plan.canary.minutes)}, then the rest; ${keep}`;
  if (plan.linear)
    return `linear: ${plan.linear.stepPercent}% more of the requests every ${minutesText(plan.linear.stepMinutes)}; ${keep}`;
  if (plan.shiftsTraffic) return `blue/green: every request at once; ${keep}`;
  return "rolling: tasks replaced in place";
}

const minutesText = (n: number) => (n === 1 ? "1 minute" : `${n} minutes`);
