// What a normalised config implies, asked the same way by its cross-field rules and by the plan:
// which services take load balancer traffic or run on schedules, and each environment's domain.
import type { Config } from "./normalise.js";
import type { ENVIRONMENT_NAMES, Service } from "./schema.js";

/** The host an environment answers on over HTTPS: its own domain, else prod at the apex and the others below it. */
export function environmentDomain(config: Config, name: (typeof ENVIRONMENT_NAMES)[number]): string | null {
  const own = config.environments[name]?.domain ?? null;
  return own ?? (config.domain ? (name === "prod" ? config.domain : `${name}.${config.domain}`) : null);
}

/** A service the load balancer sends traffic to. */
export const servesTraffic = (service: Service): boolean => service.kind === "web" && service.port !== null;

/**
 * Prod has web services but no domain, so its load balancer serves it over plain HTTP on its AWS
 * name; refused unless environments.prod.allowPlainHttp says so (config rules), and then warned of.
 */
export function prodOnPlainHttp(config: Config): boolean {
  return (
    config.environments.prod !== undefined &&
    environmentDomain(config, "prod") === null &&
    config.services.some(servesTraffic)
  );
}

/** A scheduler with schedules: EventBridge Scheduler starts its tasks; there is no ECS service. */
export function runsOnSchedules(service: Service): boolean {
  return service.schedules.length > 0;
}
