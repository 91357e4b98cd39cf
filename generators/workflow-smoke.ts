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

/**
 * URLs to fetch. With a domain they are fixed; without one the load balancer's name is only known
 * after `terraform apply`, so the workflow reads it from the environment's APP_URL variable.
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
    .map((d) => d.service)
    .filter((s) => trafficContainer(s) !== null && reachable(s))
    .map((s) => {
      const host = s.routing?.host;
      const base = env.domain ? `https://${host ? `${host}.${env.domain}` : env.domain}` : "${APP_URL}";
      return { service: s.name, url: `${base}${s.healthCheckPath ?? "/"}` };
    });
  return {
    checks,
    needsAppUrl: env.domain === null && checks.length > 0,
    runningServices: env.schedule && checks.length > 0 ? checks.map((c) => c.service).join(" ") : null,
  };
}
