// The monthly estimate of a stack: per environment, line by line, each line with the formula that
// made it (docs/rules.md PRICE-01/02), from the one price table (prices.ts) and the stated usage
// assumptions (assumptions.ts). Pure: the `cost` command and docs/DEPLOY.md print the same object.
import type { Config } from "../config/normalise.js";
import { alarmMetrics } from "../plan/deployment.js";
import type { EnvironmentPlan } from "../plan/environments.js";
import { planStack, type StackPlan } from "../plan/stack-plan.js";
import { ASSUMPTIONS, describeAssumptions, EXCLUDED } from "./assumptions.js";
import { backingServiceLines, connectionSecrets } from "./estimate-data.js";
import { computeLines, containerInsightsLines, jobRuns, logLines } from "./estimate-compute.js";
import { networkLines, networkNotes } from "./estimate-network.js";
import { line, section, type CostEstimate, type CostLine, type CostSection } from "./lines.js";
import { formatPrice, formatQuantity, plural, sumUsd } from "./money.js";
import { HOURS_PER_MONTH, PRICE_REGION, PRICES, PRICES_AS_OF, SCHEDULER_FREE_INVOCATIONS, UNPRICED } from "./prices.js";

/** The estimate of a config, for callers that have no stack plan yet (the `cost` command). */
export function estimateCost(config: Config): CostEstimate {
  return estimateStackCost(planStack(config));
}

export function estimateStackCost(plan: StackPlan): CostEstimate {
  const { config } = plan;
  const environments = plan.environments.map((env) => environmentCost(plan, env));
  const shared = sharedCost(plan);
  return {
    project: config.project,
    currency: "USD",
    priceRegion: PRICE_REGION,
    region: config.aws.region,
    pricesAsOf: PRICES_AS_OF,
    hoursPerMonth: HOURS_PER_MONTH,
    environments,
    shared,
    total: sumUsd([...environments.map((e) => e.total), shared.total]),
    assumptions: describeAssumptions(
      HOURS_PER_MONTH,
      plan.environments.some((e) => e.schedule !== null),
    ),
    excludes: [...EXCLUDED],
    sources: [...new Set([...Object.values(PRICES).map((p) => p.source), ...Object.values(UNPRICED)])],
  };
}

function environmentCost({ config, sizing }: StackPlan, env: EnvironmentPlan): CostSection {
  const lines = [
    ...computeLines(config, env),
    ...networkLines(env),
    ...backingServiceLines(config, env, sizing),
    ...logLines(config, env),
    ...containerInsightsLines(env),
    ...releaseAlarmLines(env),
  ];
  const secrets = connectionSecrets(config);
  if (secrets.length > 0) {
    const price = PRICES.secretMonth.usd;
    lines.push(
      line(
        "Secrets Manager: connection details",
        `${plural(secrets.length, "secret")} (${secrets.join(", ")}) × ${formatPrice(price)}`,
        secrets.length * price,
      ),
    );
  }
  return section(env.name, lines, networkNotes(env));
}

/**
 * The rollback alarms of traffic-shifting releases, per service. The second target group they need
 * costs nothing: target groups are not billed, only the load balancer's hours and capacity units.
 */
function releaseAlarmLines(env: EnvironmentPlan): CostLine[] {
  const price = PRICES.alarmMetricMonth.usd;
  return env.services.flatMap(({ service, deployment }) => {
    const metrics = alarmMetrics(deployment);
    if (metrics === 0) return [];
    return [
      line(
        `CloudWatch alarms: ${service.name} releases`,
        `${plural(deployment.alarms.length, "alarm")} reading ${plural(metrics, "metric")} × ${formatPrice(price)}`,
        metrics * price,
      ),
    ];
  });
}

/** Secrets the services name in Secrets Manager in any environment: one per secret name, whatever the JSON key. */
function referencedSecrets(environments: readonly EnvironmentPlan[]): string[] {
  const names = environments.flatMap((env) =>
    env.services.flatMap(({ service }) =>
      service.secrets.flatMap((x) => (x.from.startsWith("secretsmanager:") ? [x.from.split(":")[1]!] : [])),
    ),
  );
  return [...new Set(names)];
}

function sharedCost({ images, environments }: StackPlan): CostSection {
  const repositories = images.length;
  const gb = ASSUMPTIONS.ecrGbPerRepository;
  const lines = [
    line(
      "ECR storage",
      `${plural(repositories, "repository", "repositories")} × ${gb} GB × ${formatPrice(PRICES.ecrGbMonth.usd)}`,
      repositories * gb * PRICES.ecrGbMonth.usd,
    ),
  ];
  const secrets = referencedSecrets(environments);
  if (secrets.length > 0)
    lines.push(
      line(
        "Secrets Manager: your secrets",
        `${plural(secrets.length, "secret")} (${secrets.join(", ")}) × ${formatPrice(PRICES.secretMonth.usd)}`,
        secrets.length * PRICES.secretMonth.usd,
        "the services name them in every environment; one copy each is assumed",
      ),
    );
  const invocations = schedulerInvocations(environments);
  if (invocations > 0) lines.push(schedulerLine(invocations));
  return section("shared", lines);
}

/** Every environment's schedules fire in the same account, which has one free allowance a month. */
function schedulerInvocations(environments: readonly EnvironmentPlan[]): number {
  return environments
    .flatMap((env) => env.services)
    .flatMap((d) => jobRuns(d.service))
    .reduce((sum, r) => sum + r.runs, 0);
}

function schedulerLine(invocations: number): CostLine {
  const price = PRICES.schedulerMillionInvocations.usd;
  const billed = Math.max(0, invocations - SCHEDULER_FREE_INVOCATIONS);
  return line(
    "EventBridge Scheduler",
    `${formatQuantity(invocations / 1e6, 3)} million invocations, ${formatQuantity(SCHEDULER_FREE_INVOCATIONS / 1e6)} million free, rest × ${formatPrice(price)}`,
    (billed / 1e6) * price,
    "the free invocations are per account and month",
  );
}
