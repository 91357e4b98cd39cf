// The DEPLOY.md sections on work that is not a long-running service: scheduled jobs (what runs
// when, how a deploy reaches them, how to run one now) and the migrations a deploy runs first.
import type { Config } from "../src/config/normalise.js";
import { runsOnSchedules } from "../src/config/derived.js";
import type { EnvironmentPlan } from "../src/plan/environments.js";

export function jobsSection(environments: readonly EnvironmentPlan[]) {
  const env = environments[0];
  const jobs = env?.services.filter((d) => runsOnSchedules(d.service)) ?? [];
  if (!env || jobs.length === 0) return null;
  const first = jobs[0]!;
  return {
    rows: jobs.flatMap((d) =>
      d.service.schedules.map((job) => ({
        name: `${d.family}-${job.name}`,
        expression: job.expression,
        timezone: job.timezone,
        command: job.command ? job.command.join(" ") : "the image's own command",
      })),
    ),
    // The schedule's own target, started by hand: the same family, cluster and network.
    runNow: `aws scheduler get-schedule --name ${first.family}-${first.service.schedules[0]!.name} --query Target`,
    env: env.name,
  };
}

export function migrationsSection(config: Config) {
  const services = config.services.filter((s) => s.migrate);
  if (services.length === 0) return null;
  return {
    rows: services.map((s) => ({ service: s.name, command: s.migrate!.command.join(" ") })),
  };
}
