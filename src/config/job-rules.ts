// Rules of scheduled jobs and migrations, beside the other cross-field rules' file so each file has
// one reason to change. Same contract: each returns "field: what is wrong; how to fix it".
import type { Config } from "./normalise.js";

/** A scheduler without schedules keeps its own clock: a second replica would run every job twice. */
export function clockSchedulersRunOnce(config: Config): string[] {
  const problems: string[] = [];
  config.services.forEach((s, i) => {
    if (s.kind !== "scheduler" || s.schedules.length > 0) return;
    const hint = "add schedules to run its jobs as EventBridge Scheduler tasks instead";
    const overrides = Object.entries(config.environments).map(([env, e]) => ({
      field: `environments.${env}.services.${s.name}`,
      o: e?.services[s.name] ?? {},
    }));
    for (const { field, o } of [{ field: `services[${i}]`, o: s }, ...overrides]) {
      if (o.desiredCount !== undefined && o.desiredCount > 1)
        problems.push(
          `${field}.desiredCount: a scheduler that keeps its own clock runs every job once per replica; set it to 1, or ${hint}`,
        );
      if (o.autoscaling)
        problems.push(
          `${field}.autoscaling: a scheduler that keeps its own clock must not scale out; remove it, or ${hint}`,
        );
    }
  });
  return problems;
}

/** Schedules belong to scheduler services, which then run no long-lived task. */
export function schedulesAreConsistent(config: Config): string[] {
  return config.services.flatMap((s, i) => {
    const field = `services[${i}]`;
    if (s.schedules.length === 0) return [];
    if (s.kind !== "scheduler")
      return [`${field}.schedules: only a scheduler runs on schedules; set kind to "scheduler" or remove schedules`];
    const problems: string[] = [];
    if (s.autoscaling || s.desiredCount !== 1)
      problems.push(
        `${field}: each schedule starts exactly one task, so desiredCount and autoscaling do not apply; remove them`,
      );
    s.schedules.forEach((job, j) => {
      const first = s.schedules.findIndex((other) => other.name === job.name);
      if (first !== j)
        problems.push(
          `${field}.schedules[${j}].name: "${job.name}" is already used by schedules[${first}]; rename one`,
        );
    });
    return problems;
  });
}

/** A migration runs before a deploy of a long-running service; a scheduled job has no deploy to go before. */
export function migrationsRunBeforeAService(config: Config): string[] {
  return config.services.flatMap((s, i) =>
    s.migrate && s.schedules.length > 0
      ? [
          `services[${i}].migrate: a scheduled job has no service deploy to run it before; put migrate on the web service`,
        ]
      : [],
  );
}

export const JOB_RULES = [clockSchedulersRunOnce, schedulesAreConsistent, migrationsRunBeforeAService];
