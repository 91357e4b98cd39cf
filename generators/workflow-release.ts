// A traffic-shifting release (blue/green, canary, linear) ends when ECS has moved every request to
// the new revision and the bake time is over, or when it rolled back. The deploy job follows the
// service deployment to that end, smoke-checks the service while the old revision is still ready
// (the bake time), and asks ECS to roll back when the check fails.
import type { DeployedService, EnvironmentPlan } from "../src/plan/environments.js";
import { describeRelease } from "../src/plan/deployment.js";
import { smokeCheckOf } from "../src/plan/smoke-checks.js";

/** Seconds between two looks at the service deployment. */
const RELEASE_POLL_SECONDS = 15;

/**
 * Start-up allowance on top of the strategy's own minutes: the new tasks pull, start and pass the
 * load balancer's health check (2 x 15 s), the old ones drain (30 s), with room for a slow image.
 */
const START_UP_MINUTES = 20;

export interface ReleaseStep {
  /** "canary: 10% for 5 minutes, then the rest; the old revision kept 5 minutes". */
  description: string;
  /** How many looks before the job gives up: the strategy's minutes plus the start-up allowance. */
  polls: number;
  minutes: number;
  /** The URL smoke-checked during the bake time; null when the health path is not routed to the service. */
  smokeUrl: string | null;
  /** Without a domain the URL starts with the environment's APP_URL variable. */
  needsAppUrl: boolean;
  pollSeconds: number;
}

export function releaseStep(env: EnvironmentPlan, deployed: DeployedService): ReleaseStep | null {
  const plan = deployed.deployment;
  if (!plan.shiftsTraffic) return null;
  const minutes = plan.shiftMinutes + START_UP_MINUTES;
  const smokeUrl = smokeCheckOf(env, deployed)?.url ?? null;
  return {
    description: describeRelease(plan),
    polls: (minutes * 60) / RELEASE_POLL_SECONDS,
    minutes,
    smokeUrl,
    needsAppUrl: env.domain === null && smokeUrl !== null,
    pollSeconds: RELEASE_POLL_SECONDS,
  };
}
