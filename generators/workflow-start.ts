// start-environment.yml: started by hand, it brings an environment that is off outside working hours
// back to its working-hours task ranges until the next scheduled stop. It does what the schedule's
// start action does and nothing else, so the next stop scales the environment to zero as every
// evening and the next start finds nothing to change.
import {
  scheduledServices,
  setTaskRangeCommand,
  startableEnvironments,
  workingHoursRange,
  type EnvironmentPlan,
} from "../src/plan/environments.js";
import { smokeCheckOf, type SmokeCheck } from "../src/plan/smoke-checks.js";
import type { StackPlan } from "../src/plan/stack-plan.js";

/** One job's view: the ranges to set, the services to wait for, the URLs that answer. */
function startJob(env: EnvironmentPlan) {
  const services = scheduledServices(env).map((d) => {
    const range = workingHoursRange(d);
    return {
      name: d.service.name,
      register: setTaskRangeCommand(env, d, range),
      // A range whose minimum is 0 starts no task by itself: there is nothing to wait for but stability.
      startsTasks: range.min > 0,
    };
  });
  const checks = env.services.map((d) => smokeCheckOf(env, d)).filter((c): c is SmokeCheck => c !== null);
  const web = env.services.some((d) => d.traffic !== null);
  return {
    name: env.name,
    cluster: env.prefix,
    url: env.domain ? `https://${env.domain}` : null,
    services,
    startsTasks: services.some((s) => s.startsTasks),
    checks,
    // Without a domain the load balancer's name is known only after `terraform apply`: the APP_URL variable.
    needsAppUrl: env.domain === null && web,
    reach: web ? (env.domain ? `https://${env.domain}` : "${APP_URL}") : null,
    stops: env.schedule!.stops,
  };
}

export function startView(plan: StackPlan) {
  const environments = startableEnvironments(plan.environments);
  return { names: environments.map((e) => e.name), jobs: environments.map(startJob) };
}
