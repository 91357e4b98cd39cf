// After a deploy, each web service's health endpoint is fetched through the load balancer, so a
// deploy that ECS calls stable but the routing breaks still fails the run.
import type { EnvironmentPlan } from "../src/plan/environments.js";
import { smokeCheckOf, type SmokeCheck } from "../src/plan/smoke-checks.js";

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
    .map((d) => smokeCheckOf(env, d))
    .filter((c): c is SmokeCheck => c !== null);
  return {
    checks,
    needsAppUrl: env.domain === null && checks.length > 0,
    runningServices: env.schedule && checks.length > 0 ? checks.map((c) => c.service).join(" ") : null,
  };
}
