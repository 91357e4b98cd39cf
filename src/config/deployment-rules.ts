// Release strategies that move traffic need a load balancer target: a web service with a port that
// runs as a long-lived ECS service. Workers and schedulers (and scheduled jobs) release rolling.
import type { Config } from "./normalise.js";
import type { Deployment, Service } from "./schema.js";
import { runsOnSchedules, servesTraffic } from "./derived.js";

type Rule = (config: Config) => string[];

function takesTrafficShift(service: Service): boolean {
  return servesTraffic(service) && !runsOnSchedules(service);
}

function problem(field: string, service: Service, deployment: Deployment): string[] {
  if (deployment.strategy === "rolling" || takesTrafficShift(service)) return [];
  const what = runsOnSchedules(service)
    ? "a scheduler with schedules runs no ECS service"
    : `a ${service.kind} takes no load balancer traffic`;
  return [
    `${field}.strategy: "${deployment.strategy}" moves load balancer traffic between revisions, but ${what}; set the strategy to "rolling" or remove ${field}`,
  ];
}

export function trafficShiftOnlyForWebServices(config: Config): string[] {
  const own = config.services.flatMap((s, i) =>
    s.deployment ? problem(`services[${i}].deployment`, s, s.deployment) : [],
  );
  const overrides = Object.entries(config.environments).flatMap(([envName, env]) =>
    Object.entries(env?.services ?? {}).flatMap(([name, o]) => {
      const service = config.services.find((s) => s.name === name);
      return service && o.deployment
        ? problem(`environments.${envName}.services.${name}.deployment`, service, o.deployment)
        : [];
    }),
  );
  return [...own, ...overrides];
}

export const DEPLOYMENT_RULES: Rule[] = [trafficShiftOnlyForWebServices];
