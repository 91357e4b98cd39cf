/**
 * Cross-file consistency of a generated tree: the Terraform roots, the task-definition JSON files they read and the
 * GitHub workflows that deploy them must describe the same services. Each file can be valid on its own and the
 * stack still fail at deploy time (a render step naming a container the JSON lacks, a trust policy for an
 * environment no job uses). Problems carry the docs/rules.md id at stake, or XREF when a reference simply dangles.
 *
 * Here: every service call reads an existing JSON of its own environment; names that share an account are unique;
 * the load-balanced container and port exist (TF-ALB-04); the execution role may read every secret (ECS-06); every
 * log group a container writes to is created with retention (TF-LOG-01); role ARNs and log region match the root's
 * provider; without NAT the endpoints the tasks need exist. The workflows: workflow-consistency.ts.
 */
import { isObj, Ref, type Val } from "./hcl-eval.js";
import { containersOf, providerOf, serviceCalls, type ServiceCall } from "./infra-services.js";
import { show, TfModel, valueOf } from "./tf-model.js";
import { checkWorkflowConsistency } from "./workflow-consistency.js";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const logGroupOf = (c: Json): unknown =>
  isRecord(c.logConfiguration) && isRecord(c.logConfiguration.options)
    ? c.logConfiguration.options["awslogs-group"]
    : undefined;

export function checkInfraConsistency(files: Map<string, string>): string[] {
  const m = new TfModel(files);
  const out = new Set<string>();
  const calls = serviceCalls(m);
  checkTaskDefinitionFiles(files, calls, out);
  for (const s of calls) checkServiceCall(m, s, out);
  checkEndpoints(m, calls, out);
  checkWorkflowConsistency(m, calls, out);
  return [...m.problems, ...out];
}

function checkTaskDefinitionFiles(files: Map<string, string>, calls: ServiceCall[], out: Set<string>): void {
  for (const s of calls) {
    const env = /^infra\/environments\/([^/]+)$/.exec(s.rootCtx.root)?.[1];
    if (!s.path) out.add(`XREF: ${s.where}: task_definition does not read a JSON file`);
    else if (!files.has(s.path)) out.add(`XREF: ${s.where}: reads ${s.path}, which does not exist`);
    else if (!s.td) out.add(`XREF: ${s.where}: ${s.path} is not a JSON object`);
    else if (env && !s.path.startsWith(`infra/task-definitions/${env}/`))
      out.add(`XREF: ${s.where}: the ${env} root reads ${s.path}, another environment's task definition`);
  }
  // Every JSON file is deployed by some root (an orphan would be edited in vain).
  const read = new Set(calls.map((s) => s.path));
  for (const path of files.keys())
    if (/^infra\/task-definitions\/.+\.json$/.test(path) && !read.has(path))
      out.add(`XREF: ${path}: no service module call reads this task definition`);
  // Families, role names and log groups live in one account (and one region) for every environment: unique.
  const seen = new Map<string, string>();
  for (const path of [...read].filter((p): p is string => !!p && files.has(p))) {
    let td: unknown;
    try {
      td = JSON.parse(files.get(path)!);
    } catch {
      continue;
    }
    if (!isRecord(td)) continue;
    const keys: [string, unknown][] = [
      ["family", td.family],
      ["execution role", String(td.executionRoleArn).split("/").pop()],
      ["task role", String(td.taskRoleArn).split("/").pop()],
      ...[...new Set(containersOf(td).map(logGroupOf))].map((g): [string, unknown] => ["log group", g]),
    ];
    for (const [what, value] of keys) {
      const key = `${what}=${String(value)}`;
      const first = seen.get(key);
      if (first && first !== path) out.add(`XREF: ${path}: ${what} ${JSON.stringify(value)} is also used by ${first}`);
      else seen.set(key, path);
    }
    const roles = [td.executionRoleArn, td.taskRoleArn];
    if (roles[0] === roles[1]) out.add(`ECS-06: ${path}: executionRoleArn and taskRoleArn are the same role`);
  }
}

/** Does an IAM resource pattern ("…:secret:app/db-??????") cover an ARN? */
const covers = (pattern: string, arn: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(arn);

function checkServiceCall(m: TfModel, s: ServiceCall, out: Set<string>): void {
  if (!s.td) return;
  const containers = containersOf(s.td);
  const at = `${s.where} (${s.path})`;
  const scope = m.scope(s.rootCtx);
  const input = (name: string): Val | undefined => valueOf(s.call.block.body, name, scope);
  // TF-ALB-04 / ECS-04: the load balancer sends traffic to a container port that exists, and the target group
  // listens on that same port.
  const lb = input("load_balancer");
  if (isObj(lb ?? null)) {
    const { container_name: name, container_port: port, target_group_arn: tg } = lb as Record<string, Val>;
    const c = containers.find((x) => x.name === name);
    const ports = Array.isArray(c?.portMappings) ? c.portMappings.filter(isRecord).map((p) => p.containerPort) : [];
    if (!c) out.add(`TF-ALB-04: ${at}: load_balancer container_name ${show(name)} is not a container of the task`);
    else if (!ports.includes(port))
      out.add(`TF-ALB-04: ${at}: container ${show(name)} has no containerPort ${show(port)}`);
    const target = tg instanceof Ref ? /^module\.([\w-]+)\.target_group_arns\["([^"]+)"\]$/.exec(tg.path) : null;
    if (target) {
      const alb = m.blocks("module").find((b) => b.dir === s.call.dir && b.block.labels[0] === target[1]);
      const targets = alb && valueOf(alb.block.body, "targets", scope);
      const t = isObj(targets ?? null) ? (targets as Record<string, Val>)[target[2]!] : undefined;
      const tport = isObj(t ?? null) ? (t as Record<string, Val>).port : undefined;
      if (tport !== port)
        out.add(`TF-ALB-04: ${at}: target group "${target[2]}" port ${show(tport)} != container_port ${show(port)}`);
    }
  }
  // ECS-06: the execution role's secret statements (var.secret_arns) cover every valueFrom of the JSON. A Secrets
  // Manager reference may omit the random six-character suffix of the secret's ARN; "-??????" stands for it.
  const granted = input("secret_arns");
  const patterns = Array.isArray(granted) ? granted.filter((g): g is string => typeof g === "string") : [];
  for (const c of containers)
    for (const sec of Array.isArray(c.secrets) ? c.secrets.filter(isRecord) : []) {
      const from = String(sec.valueFrom);
      const smBase = /^(arn:[^:]+:secretsmanager:[^:]+:\d+:secret:[^:]+)/.exec(from)?.[1];
      const candidates = smBase ? [smBase, `${smBase}-AbCdEf`] : [from];
      if (!patterns.some((p) => candidates.some((arn) => covers(p, arn))))
        out.add(`ECS-06: ${at}: secret ${String(sec.name)} (${from}) is not in the execution role's secret_arns`);
    }
  // TF-LOG-01: every awslogs-group a container writes to is an aws_cloudwatch_log_group of this root.
  const created = new Set(
    m.blocks("resource", "aws_cloudwatch_log_group").flatMap((b) =>
      m
        .instances(b)
        .filter((i) => i.ctx.root === s.rootCtx.root)
        .map((i) => valueOf(b.block.body, "name", i.scope)),
    ),
  );
  for (const c of containers) {
    const group = logGroupOf(c);
    if (typeof group !== "string" || !created.has(group))
      out.add(
        `TF-LOG-01: ${at}: container ${String(c.name)} logs to ${JSON.stringify(group)}, which no aws_cloudwatch_log_group of ${s.rootCtx.root} creates`,
      );
  }
  // The JSON's account and region are the root's: role ARNs in allowed_account_ids, logs in the provider region.
  const provider = providerOf(m, s.rootCtx.root);
  for (const key of ["executionRoleArn", "taskRoleArn"]) {
    const account = /^arn:[^:]+:iam::(\d{12}):/.exec(String(s.td[key]))?.[1];
    if (provider.accounts.length && !provider.accounts.includes(account ?? ""))
      out.add(`XREF: ${at}: ${key} is in account ${account}, the root allows ${provider.accounts.join(", ")}`);
  }
  for (const c of containers) {
    const region =
      isRecord(c.logConfiguration) && isRecord(c.logConfiguration.options)
        ? c.logConfiguration.options["awslogs-region"]
        : undefined;
    if (provider.region && region !== provider.region)
      out.add(
        `ECS-07: ${at}: container ${String(c.name)} logs to region ${JSON.stringify(region)}, the root is in ${provider.region}`,
      );
  }
}

function checkEndpoints(m: TfModel, calls: ServiceCall[], out: Set<string>): void {
  // Without NAT (nat = "none") private tasks reach AWS only through VPC endpoints: ECR and Logs always, Secrets
  // Manager / SSM when a task reads from them, ssmmessages when ECS Exec is on (ECS-16). TF-NET-02 is a SHOULD,
  // but a missing endpoint here means tasks that never start.
  for (const net of m.blocks("module")) {
    const inputs = (name: string) =>
      m.contexts(net.dir).map((ctx) => ({ ctx, v: valueOf(net.block.body, name, m.scope(ctx)) }));
    for (const { ctx, v: nat } of inputs("nat")) {
      if (nat !== "none") continue;
      const endpoints = valueOf(net.block.body, "interface_endpoints", m.scope(ctx));
      const have = Array.isArray(endpoints) ? endpoints : [];
      const here = calls.filter((s) => s.rootCtx === ctx);
      const froms = here.flatMap((s) =>
        containersOf(s.td).flatMap((c) =>
          Array.isArray(c.secrets) ? c.secrets.filter(isRecord).map((x) => String(x.valueFrom)) : [],
        ),
      );
      const need: [string, string][] = [
        ["ecr.api", "TF-NET-02"],
        ["ecr.dkr", "TF-NET-02"],
        ["logs", "TF-NET-02"],
      ];
      if (froms.some((f) => f.includes(":secretsmanager:"))) need.push(["secretsmanager", "TF-NET-02"]);
      if (froms.some((f) => f.includes(":ssm:"))) need.push(["ssm", "TF-NET-02"]);
      if (here.some((s) => valueOf(s.call.block.body, "execute_command", m.scope(ctx)) === true))
        need.push(["ssmmessages", "ECS-16"]);
      for (const [endpoint, rule] of need)
        if (!have.includes(endpoint))
          out.add(
            `${rule}: ${net.file.path}:${net.block.line}: module.${net.block.labels[0]}: nat = "none" but no ${endpoint} interface endpoint`,
          );
    }
  }
}
