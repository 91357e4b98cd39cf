// After a deploy, each web service's health endpoint is fetched through the load balancer, so a
// deploy that ECS calls stable but the routing breaks still fails the run.
import type { Service } from "../src/config/schema.js";
import type { EnvironmentPlan } from "../src/plan/environments.js";
import { trafficContainer } from "./terraform-services.js";

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
export function smokeCheckOf(env: EnvironmentPlan, service: Service): SmokeCheck | null {
  if (trafficContainer(service) === null || !reachable(service)) return null;
  const host = service.routing?.host;
  const base = env.domain ? `https://${host ? `${host}.${env.domain}` : env.domain}` : "${APP_URL}";
  return { service: service.name, url: `${base}${service.healthCheckPath ?? "/"}` };
}

/** Without a domain, the deploy job reads the load balancer's URL from the environment's APP_URL variable. */
export function environmentNeedsAppUrl(env: EnvironmentPlan): boolean {
  return env.domain === null && env.services.some((d) => smokeCheckOf(env, d.service) !== null);
}

/**
 * URLs to fetch after the deploy steps. With a domain they are fixed; without one the load
 * balancer's name is only known after `terraform apply`, so the workflow reads it from the
 * environment's APP_URL variable. A service whose release shifts traffic is checked inside its
 * release step instead, while its old revision can still take the traffic back (workflow-release.ts).
 */
export function smokeChecks(env: EnvironmentPlan): {
  checks: SmokeCheck[];
  needsAppUrl: boolean;
  /**
   * Services whose running task count decides whether to check: set when the environment runs
   * only in working hours, so a deploy at night (0 tasks) neither fails nor holds back the
   * environments after it. null: always on, always checked.
   */
  runningServices: string | null;
} {
  const checks = env.services
    .filter((d) => !d.deployment.shiftsTraffic)
    .map((d) => smokeCheckOf(env, d.service))
    .filter((c): c is SmokeCheck => c !== null);
  return {
    checks,
    needsAppUrl: env.domain === null && checks.length > 0,
    runningServices: env.schedule && checks.length > 0 ? checks.map((c) => c.service).join(" ") : null,
  };
}
