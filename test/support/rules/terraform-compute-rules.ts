/**
 * docs/rules.md 5.6, 5.7 and 5.11 (logs) as assertions: TF-ECR-01/02/03, TF-ECS-01..05, TF-LOG-01. ECS-16's IAM half
 * (the task role's ssmmessages permissions) is in terraform-iam-rules.ts. See terraform-rules.ts for the format.
 */
import { blocksOf } from "../validators/hcl-scan.js";
import { isObj, type Val } from "./hcl-eval.js";
import { attr, isProduction, mentions, nested, problem, show, valueOf, type TfModel } from "./tf-model.js";

export function checkComputeRules(m: TfModel, out: Set<string>): void {
  checkEcr(m, out);
  checkCluster(m, out);
  checkServices(m, out);
  checkAutoscaling(m, out);
  checkLogGroups(m, out);
}

function checkEcr(m: TfModel, out: Set<string>): void {
  for (const b of m.blocks("resource", "aws_ecr_repository")) {
    for (const i of m.instances(b)) {
      // TF-ECR-01: exactly IMMUTABLE (checkov CKV_AWS_51); TF-ECR-02: scan on push.
      const mutability = valueOf(b.block.body, "image_tag_mutability", i.scope);
      if (mutability !== "IMMUTABLE")
        out.add(problem("TF-ECR-01", b, `image_tag_mutability is ${show(mutability)}, must be "IMMUTABLE"`, i.ctx));
      const scans = nested(b.block.body, "image_scanning_configuration", i.scope);
      const scan = scans.map((s) => valueOf(s.body, "scan_on_push", s.scope));
      if (!scan.includes(true)) out.add(problem("TF-ECR-02", b, `scan_on_push is ${show(scan[0])}`, i.ctx));
    }
    // TF-ECR-03: a lifecycle policy that expires images, attached to this repository.
    const me = `aws_ecr_repository.${b.block.labels[1]}`;
    const policies = m
      .blocks("resource", "aws_ecr_lifecycle_policy")
      .filter(
        (p) => p.dir === b.dir && ["repository", "for_each"].some((a) => attr(p.block.body, a)?.expr.includes(me)),
      );
    if (policies.length === 0) out.add(problem("TF-ECR-03", b, "no aws_ecr_lifecycle_policy for this repository"));
    for (const p of policies)
      for (const i of m.instances(p)) {
        const policy = valueOf(p.block.body, "policy", i.scope);
        const rules = isObj(policy!) && Array.isArray(policy.rules) ? policy.rules : [];
        const expires = rules.some((r) => isObj(r) && isObj(r.action!) && r.action.type === "expire");
        if (!expires) out.add(problem("TF-ECR-03", p, `lifecycle policy ${show(policy)} expires nothing`, i.ctx));
      }
  }
}

function checkCluster(m: TfModel, out: Set<string>): void {
  for (const b of m.blocks("resource", "aws_ecs_cluster")) {
    for (const i of m.instances(b)) {
      // TF-ECS-01: Container Insights (CKV_AWS_65) in prod; dev and staging choose (environments.<env>.containerInsights).
      const insights = nested(b.block.body, "setting", i.scope).filter(
        (s) => valueOf(s.body, "name", s.scope) === "containerInsights",
      );
      const value = insights.map((s) => valueOf(s.body, "value", s.scope))[0];
      const allowed = isProduction(i.ctx) ? ["enabled", "enhanced"] : ["enabled", "enhanced", "disabled"];
      if (!allowed.includes(value as string))
        out.add(problem("TF-ECS-01", b, `containerInsights is ${show(value)}, must be "enabled"`, i.ctx));
      // TF-ECS-05: ECS Exec sessions logged: execute_command_configuration.logging is not NONE (CKV_AWS_223).
      for (const c of nested(b.block.body, "configuration", i.scope))
        for (const e of nested(c.body, "execute_command_configuration", c.scope)) {
          const logging = valueOf(e.body, "logging", e.scope);
          if (logging !== undefined && logging !== "DEFAULT" && logging !== "OVERRIDE")
            out.add(problem("TF-ECS-05", b, `execute_command logging is ${show(logging)}`, i.ctx, e.line));
        }
    }
  }
}

function checkServices(m: TfModel, out: Set<string>): void {
  for (const b of m.blocks("resource", "aws_ecs_service")) {
    const lifecycle = blocksOf(b.block.body, "lifecycle")[0];
    const ignored = (attr(lifecycle?.body ?? [], "ignore_changes")?.expr ?? "")
      .replace(/[[\]\s]/g, "")
      .split(",")
      .filter(Boolean);
    for (const i of m.instances(b)) {
      const v = (name: string) => valueOf(b.block.body, name, i.scope);
      const add = (rule: string, msg: string) => out.add(problem(rule, b, msg, i.ctx));
      // TF-ECS-02: circuit breaker with rollback, Fargate, platform LATEST or unset, deployment percents, tags.
      const breaker = nested(b.block.body, "deployment_circuit_breaker", i.scope);
      const on = (k: string) => breaker.some((x) => valueOf(x.body, k, x.scope) === true);
      if (!on("enable") || !on("rollback")) add("TF-ECS-02", "deployment_circuit_breaker needs enable and rollback");
      const providers = nested(b.block.body, "capacity_provider_strategy", i.scope).map(
        (c) => valueOf(c.body, "capacity_provider", c.scope) ?? null,
      );
      const launch = v("launch_type") ?? null; // `var.spot ? null : "FARGATE"`: null is unset
      const fargate = launch === "FARGATE" && providers.length === 0;
      const viaProviders = launch === null && providers.length > 0;
      if (!fargate && !(viaProviders && providers.every((p) => p === "FARGATE" || p === "FARGATE_SPOT")))
        add("TF-ECS-02", `launch_type ${show(v("launch_type"))} / capacity providers ${show(providers)}: not Fargate`);
      // ECS-15: Fargate Spot runs x86_64 only; the architecture is the task definition's (read from the JSON).
      const td = m
        .blocks("resource", "aws_ecs_task_definition")
        .filter((t) => t.dir === b.dir)
        .flatMap((t) => m.instances(t).filter((ti) => ti.ctx === i.ctx))
        .flatMap((ti) => nested(ti.res.block.body, "runtime_platform", ti.scope))
        .map((r) => valueOf(r.body, "cpu_architecture", r.scope));
      if (providers.includes("FARGATE_SPOT") && td.includes("ARM64"))
        add("ECS-15", "FARGATE_SPOT with an ARM64 task definition (Spot is x86_64 only)");
      const platform = v("platform_version");
      if (platform !== undefined && platform !== "LATEST") add("TF-ECS-02", `platform_version is ${show(platform)}`);
      const min = v("deployment_minimum_healthy_percent");
      const max = v("deployment_maximum_percent");
      if (min !== undefined && !(typeof min === "number" && min >= 50 && min <= 100))
        add("TF-ECS-02", `deployment_minimum_healthy_percent is ${show(min)} (50..100)`);
      if (max !== undefined && max !== 200) add("TF-ECS-02", `deployment_maximum_percent is ${show(max)}, not 200`);
      if (v("propagate_tags") !== "SERVICE") add("TF-ECS-02", `propagate_tags is ${show(v("propagate_tags"))}`);
      if (v("enable_ecs_managed_tags") !== true)
        add("TF-ECS-02", `enable_ecs_managed_tags is ${show(v("enable_ecs_managed_tags"))}`);
      // TF-ECS-03: CI owns the revision; autoscaling (an appautoscaling target in the same call) owns the count.
      if (!ignored.includes("task_definition")) add("TF-ECS-03", "lifecycle.ignore_changes lacks task_definition");
      const scaled = m
        .blocks("resource", "aws_appautoscaling_target")
        .filter((t) => t.dir === b.dir)
        .some((t) => m.instances(t).some((ti) => ti.ctx === i.ctx));
      if (scaled && !ignored.includes("desired_count"))
        add("TF-ECS-03", "autoscaling exists but lifecycle.ignore_changes lacks desired_count");
    }
  }
}

const METRICS = ["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget"];

function checkAutoscaling(m: TfModel, out: Set<string>): void {
  // TF-ECS-04: target on the service's DesiredCount, min >= 1 (>= 2 in prod), max >= min, and a target-tracking policy.
  for (const b of m.blocks("resource", "aws_appautoscaling_target")) {
    const me = `aws_appautoscaling_target.${b.block.labels[1]}`;
    const policies = m
      .blocks("resource", "aws_appautoscaling_policy")
      .filter((p) => p.dir === b.dir && mentions(m, p, me));
    const scheduled = m
      .blocks("resource", "aws_appautoscaling_scheduled_action")
      .filter((p) => p.dir === b.dir && mentions(m, p, me));
    for (const i of m.instances(b)) {
      const v = (name: string): Val | undefined => valueOf(b.block.body, name, i.scope);
      const add = (msg: string) => out.add(problem("TF-ECS-04", b, msg, i.ctx));
      if (v("service_namespace") !== "ecs") add(`service_namespace is ${show(v("service_namespace"))}`);
      if (v("scalable_dimension") !== "ecs:service:DesiredCount")
        add(`scalable_dimension is ${show(v("scalable_dimension"))}`);
      const id = v("resource_id");
      if (typeof id !== "string" || !/^service\/[^/]+\/[^/]+$/.test(id)) add(`resource_id is ${show(id)}`);
      const [min, max] = [v("min_capacity"), v("max_capacity")];
      const floor = isProduction(i.ctx) ? 2 : 1;
      if (typeof min !== "number" || min < floor) add(`min_capacity is ${show(min)}, at least ${floor} here`);
      if (typeof max !== "number" || typeof min !== "number" || max < min) add(`max_capacity is ${show(max)}`);
      const tracking = policies.flatMap((p) =>
        m
          .instances(p)
          .filter(
            (pi) => pi.ctx === i.ctx && valueOf(p.block.body, "policy_type", pi.scope) === "TargetTrackingScaling",
          )
          .flatMap((pi) => nested(p.block.body, "target_tracking_scaling_policy_configuration", pi.scope)),
      );
      const good = tracking.some(
        (t) =>
          typeof valueOf(t.body, "target_value", t.scope) === "number" &&
          (nested(t.body, "customized_metric_specification", t.scope).length > 0 ||
            nested(t.body, "predefined_metric_specification", t.scope).some((p) =>
              METRICS.includes(String(valueOf(p.body, "predefined_metric_type", p.scope))),
            )),
      );
      // A target that only carries scheduled actions (scale to zero out of hours) is scheduled scaling, not
      // autoscaling; it needs no policy. Prod never scales below two tasks on a schedule.
      const actions = scheduled.flatMap((p) =>
        m
          .instances(p)
          .filter((pi) => pi.ctx === i.ctx)
          .flatMap((pi) => nested(p.block.body, "scalable_target_action", pi.scope)),
      );
      if (!good && actions.length === 0)
        add("no TargetTrackingScaling policy on CPU, memory or ALBRequestCountPerTarget for this target");
      for (const a of actions) {
        const low = valueOf(a.body, "min_capacity", a.scope);
        if (isProduction(i.ctx) && !(typeof low === "number" && low >= 2))
          add(`a scheduled action sets min_capacity ${show(low)} in prod`);
      }
    }
  }
}

/** CloudWatch Logs retention values (PutRetentionPolicy). */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function checkLogGroups(m: TfModel, out: Set<string>): void {
  // TF-LOG-01: explicit retention_in_days (CKV_AWS_66); in prod >= 365 days or a documented checkov skip of
  // CKV_AWS_338 with a reason inside the block (docs/rules.md 5.11 and 5.13: every skip carries its reason).
  for (const b of m.blocks("resource", "aws_cloudwatch_log_group")) {
    const text = b.file.text.slice(b.block.start, b.block.end);
    const skipped = /checkov:skip=CKV_AWS_338:\s*\S/.test(text);
    for (const i of m.instances(b)) {
      const days = valueOf(b.block.body, "retention_in_days", i.scope);
      if (typeof days !== "number" || !RETENTION_DAYS.includes(days))
        out.add(problem("TF-LOG-01", b, `retention_in_days is ${show(days)}`, i.ctx));
      else if (isProduction(i.ctx) && days < 365 && !skipped)
        out.add(
          problem(
            "TF-LOG-01",
            b,
            `prod log retention is ${days} days: 365 or more, or a "#checkov:skip=CKV_AWS_338:<reason>" in the block`,
            i.ctx,
          ),
        );
    }
  }
}
