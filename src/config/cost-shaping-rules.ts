// Rules of the per-environment cost options (Fargate Spot, working-hours schedule), kept beside
// the other cross-field rules' file so each file has one reason to change. Same contract: each
// returns "field: what is wrong; how to fix it" for every problem it finds.
import type { Config } from "./normalise.js";
import { minutesOf } from "./schema.js";

const environments = (config: Config) =>
  Object.entries(config.environments).flatMap(([name, env]) => (env ? [{ name, env }] : []));

/** FARGATE_SPOT runs x86_64 tasks only (docs/rules.md ECS-15; docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html). */
export function spotNeedsX86(config: Config): string[] {
  if (config.architecture !== "ARM64") return [];
  return environments(config)
    .filter(({ env }) => env.spot !== "none")
    .map(
      ({ name }) =>
        `environments.${name}.spot: Fargate Spot runs x86_64 tasks only and architecture is "ARM64"; set spot to "none" or architecture to "X86_64"`,
    );
}

/** Spot can reclaim every web task at once; production keeps its web services on regular Fargate. */
export function spotAllNotInProd(config: Config): string[] {
  return config.environments.prod?.spot === "all"
    ? [
        'environments.prod.spot: "all" puts the web services on Spot, where AWS can stop every task at once with two minutes\' notice; use "workers" in prod',
      ]
    : [];
}

export function scheduleIsConsistent(config: Config): string[] {
  return environments(config).flatMap(({ name, env }) => {
    const schedule = env.schedule;
    if (!schedule) return [];
    const field = `environments.${name}.schedule`;
    const problems: string[] = [];
    if (minutesOf(schedule.stop) <= minutesOf(schedule.start))
      problems.push(
        `${field}.stop: "${schedule.stop}" is not after start "${schedule.start}"; the services run from start to stop on the same day`,
      );
    const repeated = schedule.days.filter((d, i) => schedule.days.indexOf(d) !== i);
    if (repeated.length > 0) problems.push(`${field}.days: "${repeated[0]}" is listed twice; list each day once`);
    return problems;
  });
}

/**
 * Prod on working hours is a choice for an app that may be offline outside them (a demo, an internal
 * tool): allowed, and said at every generate, since its users get the load balancer's 503 at night.
 */
export function prodScheduleWarnings(config: Config): string[] {
  const schedule = config.environments.prod?.schedule;
  if (!schedule) return [];
  return [
    `environments.prod.schedule: prod runs only ${schedule.days.join(",")} ${schedule.start}-${schedule.stop} ${schedule.timezone} and its load balancer answers 503 outside those hours; remove schedule to keep prod up`,
  ];
}

export const COST_SHAPING_RULES = [spotNeedsX86, spotAllNotInProd, scheduleIsConsistent];
