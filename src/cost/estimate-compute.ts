// Fargate and the logs the tasks write: priced per task-hour, so they follow the task count, the
// architecture, the capacity provider and the working-hours schedule.
import type { Config } from "../config/normalise.js";
import { runsPerMonth } from "../config/schedule-expression.js";
import type { Service } from "../config/schema.js";
import { runsOnSchedules } from "../config/derived.js";
import { type DeployedService, type EnvironmentPlan } from "../plan/environments.js";
import { HOURS_PER_WEEK } from "../plan/schedule.js";
import { ASSUMPTIONS } from "./assumptions.js";
import { line, type CostLine } from "./lines.js";
import { formatPrice, formatQuantity, formatUsd, plural } from "./money.js";
import { FARGATE_MINIMUM_MINUTES, HOURS_PER_MONTH, PRICES, UNPRICED } from "./prices.js";

/** Hours a month the environment's services run: around the clock, or their working hours. */
export function serviceHours(env: EnvironmentPlan): number {
  return env.schedule ? (HOURS_PER_MONTH * env.schedule.hoursPerWeek) / HOURS_PER_WEEK : HOURS_PER_MONTH;
}

interface TaskRate {
  vcpu: number;
  gb: number;
  vcpuPrice: number;
  gbPrice: number;
  /** 1, or 0.3 on Spot. */
  factor: number;
}

function taskRate(config: Config, deployed: DeployedService): TaskRate {
  const arm = config.architecture === "ARM64";
  const spot = deployed.capacityProvider === "FARGATE_SPOT";
  return {
    vcpu: deployed.service.cpu / 1024,
    gb: deployed.service.memory / 1024,
    vcpuPrice: (arm ? PRICES.fargateArmVcpu : PRICES.fargateX86Vcpu).usd,
    gbPrice: (arm ? PRICES.fargateArmGb : PRICES.fargateX86Gb).usd,
    factor: spot ? 1 - PRICES.fargateSpotDiscount.usd : 1,
  };
}

const perTaskHour = (r: TaskRate) => (r.vcpu * r.vcpuPrice + r.gb * r.gbPrice) * r.factor;

export function computeLines(config: Config, env: EnvironmentPlan): CostLine[] {
  const hours = serviceHours(env);
  return env.services.map((deployed) => {
    if (runsOnSchedules(deployed.service)) return jobLine(config, deployed);
    const rate = taskRate(config, deployed);
    const tasks = deployed.taskCount;
    const provider = deployed.capacityProvider === "FARGATE_SPOT" ? "Fargate Spot" : "Fargate";
    const arch = config.architecture === "ARM64" ? " ARM64" : "";
    const spot = rate.factor === 1 ? "" : ` × ${formatQuantity(rate.factor * 100)}%`;
    const formula =
      `${plural(tasks, "task")} × (${formatQuantity(rate.vcpu)} vCPU × ${formatPrice(rate.vcpuPrice)} + ` +
      `${formatQuantity(rate.gb)} GB × ${formatPrice(rate.gbPrice)})${spot} × ${formatQuantity(hours, 1)} h`;
    const max = deployed.service.autoscaling?.max ?? tasks;
    const note =
      max > tasks
        ? `autoscaling can run up to ${plural(max, "task")}: ${formatUsd(max * perTaskHour(rate) * hours)} a month at that size`
        : null;
    return line(`${deployed.service.name} on ${provider}${arch}`, formula, tasks * perTaskHour(rate) * hours, note);
  });
}

/** A scheduled job's runs a month and the minutes Fargate bills for each, schedule by schedule. */
export function jobRuns(service: Service): { runs: number; minutes: number }[] {
  return service.schedules.map((job) => ({
    runs: runsPerMonth(job.expression),
    minutes: Math.max(FARGATE_MINIMUM_MINUTES, job.estimatedMinutes),
  }));
}

/** Task-hours a month of a scheduled job: each run is one task for its estimated minutes. */
function jobTaskHours(service: Service): number {
  return jobRuns(service).reduce((sum, r) => sum + (r.runs * r.minutes) / 60, 0);
}

/** A scheduled job, priced per run: its schedules fire whatever the environment's working hours. */
function jobLine(config: Config, deployed: DeployedService): CostLine {
  const rate = taskRate(config, deployed);
  const taskHours = jobTaskHours(deployed.service);
  const runs = jobRuns(deployed.service)
    .map((r) => `${formatQuantity(r.runs, 1)} runs × ${formatQuantity(r.minutes)} min`)
    .join(" + ");
  const spot = rate.factor === 1 ? "" : ` × ${formatQuantity(rate.factor * 100)}%`;
  const formula =
    `(${runs}) = ${formatQuantity(taskHours, 1)} task-hours × (${formatQuantity(rate.vcpu)} vCPU × ${formatPrice(rate.vcpuPrice)} + ` +
    `${formatQuantity(rate.gb)} GB × ${formatPrice(rate.gbPrice)})${spot}`;
  const provider = deployed.capacityProvider === "FARGATE_SPOT" ? "Fargate Spot" : "Fargate";
  return line(
    `${deployed.service.name} (scheduled) on ${provider}${config.architecture === "ARM64" ? " ARM64" : ""}`,
    formula,
    taskHours * perTaskHour(rate),
    "the minutes per run are the schedules' estimatedMinutes; Fargate bills at least one minute a task",
  );
}

/** Tasks a month of one service, on average: its baseline in working hours, or a job's task-hours. */
function taskMonthsOf(env: EnvironmentPlan, deployed: DeployedService): number {
  return runsOnSchedules(deployed.service)
    ? jobTaskHours(deployed.service) / HOURS_PER_MONTH
    : deployed.taskCount * (serviceHours(env) / HOURS_PER_MONTH);
}

/** Months of running time of all the environment's tasks together, scheduled jobs' runs included. */
export const taskMonths = (env: EnvironmentPlan) => env.services.reduce((sum, d) => sum + taskMonthsOf(env, d), 0);

/**
 * Container Insights, when the environment has it: its metrics are custom metrics, billed by the hour
 * and only while tasks run (so a schedule saves on them too), and its performance log events are Logs
 * ingestion. "enhanced" adds a metric per task and container, which this estimate does not count.
 */
export function containerInsightsLines(env: EnvironmentPlan): CostLine[] {
  if (env.containerInsights === "disabled") return [];
  if (env.containerInsights === "enhanced")
    return [
      line(
        "Container Insights (enhanced observability)",
        `per-task and per-container metrics, see ${UNPRICED.containerInsightsEnhanced}`,
        null,
        'containerInsights: "enabled" is priced here: cluster and service metrics only',
      ),
    ];
  const a = ASSUMPTIONS;
  // Service metrics come from ECS services; a scheduled job has none.
  const services = env.services.filter((d) => !runsOnSchedules(d.service)).length;
  const metrics = a.insightsMetricsPerCluster + services * a.insightsMetricsPerService;
  const share = serviceHours(env) / HOURS_PER_MONTH;
  const gb = taskMonths(env) * a.insightsLogGbPerTaskMonth;
  return [
    line(
      "Container Insights metrics",
      `${metrics} metrics (${a.insightsMetricsPerCluster} + ${plural(services, "service")} × ${a.insightsMetricsPerService}) × ${formatPrice(PRICES.customMetricMonth.usd)} × ${formatQuantity(share * 100)}% of the month`,
      metrics * PRICES.customMetricMonth.usd * share,
    ),
    line(
      "Container Insights performance logs",
      `${formatQuantity(taskMonths(env))} task-months × ${a.insightsLogGbPerTaskMonth} GB × ${formatPrice(PRICES.logsIngestGb.usd)}`,
      gb * PRICES.logsIngestGb.usd,
    ),
  ];
}

/** Ingestion follows the task-hours; storage holds `retentionDays` of it once the log groups are full. */
export function logLines(config: Config, env: EnvironmentPlan): CostLine[] {
  const months = taskMonths(env);
  const gb = months * ASSUMPTIONS.logGbPerTaskMonth;
  if (gb === 0) return [];
  const days = env.logRetentionDays;
  const daysPerMonth = HOURS_PER_MONTH / 24;
  const stored = (gb * days) / daysPerMonth;
  return [
    line(
      "CloudWatch Logs ingestion",
      `${formatQuantity(months)} task-months × ${ASSUMPTIONS.logGbPerTaskMonth} GB × ${formatPrice(PRICES.logsIngestGb.usd)}`,
      gb * PRICES.logsIngestGb.usd,
    ),
    line(
      "CloudWatch Logs storage",
      `${formatQuantity(stored)} GB kept (${plural(days, "day")} of ${formatQuantity(gb)} GB a month) × ${formatPrice(PRICES.logsStorageGbMonth.usd)}`,
      stored * PRICES.logsStorageGbMonth.usd,
    ),
  ];
}
