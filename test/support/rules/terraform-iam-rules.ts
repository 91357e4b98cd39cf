/**
 * docs/rules.md 5.8 and 5.12 as assertions: TF-IAM-01 (task roles trust ecs-tasks), TF-IAM-02 (no admin, no wildcard
 * resources beyond the actions that have no resource-level permissions), ECS-06 (execution role reads exactly the
 * secrets, never "*"), ECS-16 / TF-ECS-05 (an exec-enabled service's task role holds the ssmmessages actions),
 * TF-OIDC-02 (least-privilege CI roles, PassRole on named roles); TF-OIDC-01 (the GitHub trust) is in
 * terraform-oidc-rules.ts. See terraform-rules.ts for the format.
 */
import { Ref, UNKNOWN } from "./hcl-eval.js";
import { checkGithubRoles } from "./terraform-oidc-rules.js";
import {
  federatedRefs,
  principalIds,
  roles,
  statementsOf,
  strings,
  type Role,
  type Statement,
} from "./tf-iam-model.js";
import { problem, show, valueOf, type TfModel } from "./tf-model.js";

/** Actions without resource-level permissions: the only ones a "*" resource may carry (TF-OIDC-02, ECS-16). */
export const NO_RESOURCE_LEVEL = new Set([
  "ecr:GetAuthorizationToken",
  "ecs:RegisterTaskDefinition",
  "ecs:DescribeTaskDefinition",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
  "logs:DescribeLogGroups",
  // FEED-CA-02: the CodeArtifact bearer token; the generator conditions it on sts:AWSServiceName.
  "sts:GetServiceBearerToken",
]);
/** Managed policies that make a role a Terraform runner (plan/apply): account-wide by design, so a narrower "*"
 * statement next to them changes nothing; TF-IAM-02's admin ban still applies to them. */
export const RUNNER_POLICIES = /\/(PowerUserAccess|ReadOnlyAccess|ViewOnlyAccess)$/;
const ADMIN_POLICIES = /\/(AdministratorAccess|IAMFullAccess)$/;
const EXEC_ACTIONS = [...NO_RESOURCE_LEVEL].filter((a) => a.startsWith("ssmmessages:"));
const SECRET_READ = /^(secretsmanager:GetSecretValue|ssm:GetParameters?|ssm:GetParameter|kms:Decrypt)$/;

export function checkIamRules(m: TfModel, out: Set<string>): void {
  const all = roles(m);
  checkAdmin(m, out);
  checkTaskRoles(m, all, out);
  checkWildcards(all, out);
  checkGithubRoles(all, out); // terraform-oidc-rules.ts
  checkSecretArns(m, out);
}

const allowed = (s: Statement) => s.effect === "Allow";

function checkAdmin(m: TfModel, out: Set<string>): void {
  // TF-IAM-02: no Action "*", no iam:* on "*", no AdministratorAccess / IAMFullAccess attachments (CKV_AWS_274).
  for (const b of ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment"].flatMap((t) =>
    m.blocks("resource", t),
  ))
    for (const i of m.instances(b)) {
      const arn = valueOf(b.block.body, "policy_arn", i.scope);
      if (typeof arn === "string" && ADMIN_POLICIES.test(arn))
        out.add(problem("TF-IAM-02", b, `attaches ${arn}`, i.ctx));
    }
  const docs = m.blocks("data", "aws_iam_policy_document").flatMap((d) =>
    m.instances(d).map((i) => ({
      ctx: i.ctx,
      stmts: statementsOf(
        m,
        new Ref(
          `data.aws_iam_policy_document.${d.block.labels[1]}${i.key === undefined ? "" : `[${JSON.stringify(i.key)}]`}.json`,
        ),
        i.ctx,
        d,
      ),
    })),
  );
  const inline = ["aws_iam_role_policy", "aws_iam_policy"]
    .flatMap((t) => m.blocks("resource", t))
    .flatMap((p) =>
      m
        .instances(p)
        .map((i) => ({ ctx: i.ctx, stmts: statementsOf(m, valueOf(p.block.body, "policy", i.scope), i.ctx, p) })),
    );
  for (const { ctx, stmts } of [...docs, ...inline])
    for (const s of (stmts ?? []).filter(allowed)) {
      const actions = strings(s.actions);
      const resources = strings(s.resources);
      if (actions.some((a) => a === "*" || a === "*:*"))
        out.add(problem("TF-IAM-02", s.at, `statement allows Action "*"`, ctx, s.line));
      if (actions.includes("iam:*") && resources.includes("*"))
        out.add(problem("TF-IAM-02", s.at, `statement allows iam:* on "*"`, ctx, s.line));
    }
}

function checkTaskRoles(m: TfModel, all: Role[], out: Set<string>): void {
  for (const td of m.blocks("resource", "aws_ecs_task_definition"))
    for (const i of m.instances(td)) {
      const roleOf = (arg: string) => {
        const v = valueOf(td.block.body, arg, i.scope);
        const name = v instanceof Ref ? /^aws_iam_role\.([\w-]+)\.arn$/.exec(v.path)?.[1] : undefined;
        return { v, role: all.find((r) => r.b.dir === td.dir && r.i.ctx === i.ctx && r.b.block.labels[1] === name) };
      };
      const exec = roleOf("execution_role_arn");
      const task = roleOf("task_role_arn");
      for (const [arg, { v, role }] of [
        ["execution_role_arn", exec],
        ["task_role_arn", task],
      ] as const) {
        // TF-IAM-01: both roles are assumable by ECS tasks only.
        if (!role) {
          out.add(problem("TF-IAM-01", td, `${arg} ${show(v)} is not a role of this configuration`, i.ctx));
          continue;
        }
        const trusted = (role.trust ?? []).some(
          (s) =>
            allowed(s) &&
            strings(s.actions).includes("sts:AssumeRole") &&
            principalIds([s], "Service").includes("ecs-tasks.amazonaws.com"),
        );
        if (!trusted)
          out.add(problem("TF-IAM-01", role.b, "trust policy does not let ecs-tasks.amazonaws.com assume it", i.ctx));
      }
      // ECS-06 (checkov CKV_AWS_249): execution role != task role; TF-IAM-02: the execution role has the managed policy.
      if (exec.role && exec.role === task.role)
        out.add(problem("ECS-06", td, "execution role and task role are the same role", i.ctx));
      if (
        exec.role &&
        !exec.role.managed.some(
          (a) => typeof a === "string" && a.endsWith("/service-role/AmazonECSTaskExecutionRolePolicy"),
        )
      )
        out.add(problem("TF-IAM-02", exec.role.b, "execution role lacks AmazonECSTaskExecutionRolePolicy", i.ctx));
      // ECS-16 / TF-ECS-05: a service with enable_execute_command gets the ssmmessages channel actions on its task role.
      const me = `aws_ecs_task_definition.${td.block.labels[1]}`;
      for (const svc of m.blocks("resource", "aws_ecs_service").filter((s) => s.dir === td.dir))
        for (const si of m.instances(svc).filter((x) => x.ctx === i.ctx)) {
          if (!String(show(valueOf(svc.block.body, "task_definition", si.scope))).startsWith(me)) continue;
          const execOn = valueOf(svc.block.body, "enable_execute_command", si.scope);
          if (execOn === undefined || execOn === false) continue;
          const granted = (task.role?.inline ?? []).filter(allowed).flatMap((s) => strings(s.actions));
          const missing = EXEC_ACTIONS.filter((a) => !granted.includes(a));
          if (execOn !== true) out.add(problem("ECS-16", svc, `enable_execute_command is ${show(execOn)}`, si.ctx));
          else if (missing.length)
            out.add(problem("ECS-16", svc, `ECS Exec on, task role lacks ${missing.join(", ")}`, si.ctx));
        }
    }
}

function checkWildcards(all: Role[], out: Set<string>): void {
  for (const role of all) {
    if (role.managed.some((a) => typeof a === "string" && RUNNER_POLICIES.test(a))) continue;
    const ci = federatedRefs(role.trust).length > 0;
    const rule = ci ? "TF-OIDC-02" : "TF-IAM-02";
    for (const p of role.unreadable) out.add(problem(rule, p, "inline policy cannot be read statically", role.i.ctx));
    for (const s of role.inline.filter(allowed)) {
      const actions = strings(s.actions);
      const add = (msg: string) => out.add(problem(rule, s.at, msg, role.i.ctx, s.line));
      if (s.resources === UNKNOWN || (Array.isArray(s.resources) && s.resources.includes(UNKNOWN))) {
        // The execution role's secret statements list var.secret_arns through for-expressions that are not static;
        // checkSecretArns holds those ARNs to ECS-06 per call instead.
        if (!actions.every((a) => SECRET_READ.test(a)))
          add(`resources of ${actions.join(", ")} are not statically known`);
        continue;
      }
      if (strings(s.resources).includes("*")) {
        const broad = actions.filter((a) => !NO_RESOURCE_LEVEL.has(a));
        if (broad.length) add(`"*" resource for ${broad.join(", ")}, which support resource-level permissions`);
      }
      // TF-OIDC-02: iam:PassRole only on named roles (module outputs, role ARNs), never a pattern.
      if (actions.some((a) => a === "iam:PassRole" || a === "iam:*")) {
        const list = Array.isArray(s.resources) ? s.resources : [s.resources];
        for (const r of list) {
          const named =
            r instanceof Ref
              ? /(role_arn|aws_iam_role\.[\w-]+\.arn)$/.test(r.path)
              : typeof r === "string" && /^arn:[^:]+:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(r);
          if (!named) add(`iam:PassRole on ${show(r)}; only the task and execution role ARNs`);
        }
      }
    }
  }
}

function checkSecretArns(m: TfModel, out: Set<string>): void {
  // ECS-06: what reaches the execution role's secret statements is var.secret_arns of the service module (see
  // checkWildcards). Per call: SSM parameter or Secrets Manager secret ARNs; the only wildcard allowed is the
  // six-character suffix Secrets Manager appends ("-??????"), never "*".
  for (const v of m.blocks("variable").filter((b) => b.block.labels[0] === "secret_arns"))
    for (const ctx of m.contexts(v.dir)) {
      const arns = ctx.vars.secret_arns;
      for (const arn of Array.isArray(arns) ? arns : [arns]) {
        const ok =
          typeof arn === "string" &&
          (/^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9_.\-/]+$/.test(arn) ||
            /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(-\?{6})?$/.test(arn));
        if (!ok) out.add(problem("ECS-06", v, `secret ARN ${show(arn)} is not one specific parameter or secret`, ctx));
      }
    }
}
