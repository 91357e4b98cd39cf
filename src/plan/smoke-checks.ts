// The URL that answers for a web service through the load balancer: the deploy job fetches it after
// a deploy (and during a traffic-shifting release's bake time), and DEPLOY.md says when the job needs
// the environment's APP_URL variable to build it.
import type { Service } from "../config/schema.js";
import type { DeployedService, EnvironmentPlan } from "./environments.js";

export interface SmokeCheck {
  service: string;
  url: string;
}

/** ALB path patterns: "*" is any run of characters, "?" exactly one. */
function matchesPattern(path: string, pattern: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(path);
}

/** The health path reaches the service only if the service's own rule matches it. */
function reachable(service: Service): boolean {
  const routing = service.routing ?? { paths: [], host: null };
  const path = service.healthCheckPath ?? "/";
  return routing.paths.length === 0 || routing.paths.some((p) => matchesPattern(path, p));
}

/** The URL that answers for a web service through the load balancer, or null when none does. */
export function smokeCheckOf(env: EnvironmentPlan, { service, traffic }: DeployedService): SmokeCheck | null {
  if (traffic === null || !reachable(service)) return null;
  const host = service.routing?.host;
  const base = env.domain ? `https://${host ? `${host}.${env.domain}` : env.domain}` : "${APP_URL}";
  return { service: service.name, url: `${base}${service.healthCheckPath ?? "/"}` };
}

/** Without a domain, the deploy job reads the load balancer's URL from the environment's APP_URL variable. */
export function environmentNeedsAppUrl(env: EnvironmentPlan): boolean {
  return env.domain === null && env.services.some((d) => smokeCheckOf(env, d) !== null);
}
