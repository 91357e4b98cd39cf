// The DEPLOY.md section on releases: how each service's new revision reaches its traffic in each
// environment, how long that takes, what rolls it back, and how to roll back by hand.
import { runsOnSchedules } from "../src/config/derived.js";
import { alarmThreshold, describeRelease, type DeploymentPlan } from "../src/plan/deployment.js";
import type { EnvironmentPlan } from "../src/plan/environments.js";

/** What rolls a release back, in words. */
function rollbackTriggers(plan: DeploymentPlan): string {
  if (!plan.shiftsTraffic) return "tasks that never get healthy (circuit breaker)";
  const latency = alarmThreshold(plan, "p99-latency");
  return [
    "tasks that never get healthy (circuit breaker)",
    `more than ${alarmThreshold(plan, "error-rate")}% 5xx responses`,
    "an unhealthy task",
    ...(latency !== null ? [`p99 latency above ${latency} ms`] : []),
    "a failed smoke check during the bake time",
  ].join(", ");
}

/** Minutes a release keeps the job waiting beyond the new tasks' start-up. */
function duration(plan: DeploymentPlan): string {
  return plan.shiftsTraffic ? `start-up + ${plan.shiftMinutes} min` : "start-up";
}

export function releasesSection(environments: readonly EnvironmentPlan[]) {
  const rows = environments.flatMap((env) =>
    env.services
      .filter((d) => !runsOnSchedules(d.service))
      .map((d) => ({
        env: env.name,
        service: d.service.name,
        how: describeRelease(d.deployment),
        duration: duration(d.deployment),
        rollback: rollbackTriggers(d.deployment),
      })),
  );
  const shifting = environments.flatMap((env) =>
    env.services.filter((d) => d.deployment.shiftsTraffic).map((d) => ({ env, d })),
  );
  const example = shifting[0];
  return {
    rows,
    shifting: example
      ? {
          env: example.env.name,
          service: example.d.service.name,
          stop: `aws ecs stop-service-deployment --stop-type ROLLBACK --service-deployment-arn "$(aws ecs describe-services --cluster ${example.env.prefix} --services ${example.d.service.name} --query 'services[0].currentServiceDeployment' --output text)"`,
          alarms: `aws cloudwatch describe-alarms --alarm-name-prefix ${example.d.family}- --query 'MetricAlarms[].[AlarmName,StateValue]' --output table`,
        }
      : null,
  };
}
