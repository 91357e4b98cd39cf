/**
 * The GitHub workflows against the Terraform and task definitions they deploy:
 * - GHA-15 / ECS-09: every render step's `task-definition` exists and is read by a root, its `container-name` is a
 *   container of that JSON, its image is that container's ECR repository (one the ECR module creates); every deploy
 *   step renders first and names the cluster and service that JSON belongs to;
 * - TF-OIDC-01 / GHA-06: the subject a job presents is one its role trusts. A job with `environment:` presents
 *   "repo:OWNER/REPO:environment:NAME"; without, "…:ref:refs/heads/BRANCH" for push (its branch filter) and, assumed
 *   to run on the default branch "main", workflow_dispatch/schedule; "…:pull_request" for pull requests. `if:
 *   github.event_name == '…'` narrows the events. vars.AWS_DEPLOY_ROLE_ARN is the deploy role of the job's
 *   environment root; vars.AWS_[TERRAFORM_]<KEY>_ROLE_ARN the role a module output map lists under <key>;
 * - TF-OIDC-02: the deploy role may update each service the job deploys and pass its two roles.
 */
import { parse } from "yaml";
import { isObj, Ref, type Val } from "./hcl-eval.js";
import { containersOf, providerOf, resolve, type ServiceCall } from "./infra-services.js";
import { ECR_IMAGE } from "./task-definition-rules.js";
import { roles, strings, type Role } from "./tf-iam-model.js";
import { show, valueOf, type TfModel } from "./tf-model.js";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const uses = (step: Json, action: string) => typeof step.uses === "string" && step.uses.startsWith(`${action}@`);
const SUB = "token.actions.githubusercontent.com:sub";

/** The step id of "${{ steps.ID.outputs.task-definition }}", or null for a file path. */
function stepOutput(value: string): string | null {
  return /^\$\{\{\s*steps\.([\w-]+)\.outputs\.task-definition\s*\}\}$/.exec(value)?.[1] ?? null;
}

export function checkWorkflowConsistency(m: TfModel, calls: ServiceCall[], out: Set<string>): void {
  const allRoles = roles(m);
  const repositories = new Set(
    m
      .blocks("resource", "aws_ecr_repository")
      .flatMap((b) => m.instances(b).map((i) => valueOf(b.block.body, "name", i.scope))),
  );
  // One repository may be trusted in both its forms, "owner/repo" and "owner@OWNER_ID/repo@REPO_ID".
  const trustedRepos = new Set(
    allRoles.flatMap((r) => trustedSubjects(r)).map((s) => /^repo:([^:]+):/.exec(s)?.[1]?.replace(/@\d+/g, "")),
  );
  if (trustedRepos.size > 1)
    out.add(`TF-OIDC-01: infra: roles trust different repositories: ${[...trustedRepos].join(", ")}`);
  for (const [path, text] of m.raw) {
    if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) continue;
    let wf: unknown;
    try {
      wf = parse(text);
    } catch {
      continue; // actionlint and the workflow validators report syntax
    }
    if (!isRecord(wf) || !isRecord(wf.jobs)) continue;
    for (const [jobId, job] of Object.entries(wf.jobs)) {
      if (!isRecord(job) || !Array.isArray(job.steps)) continue;
      const at = `${path}: job ${jobId}`;
      const steps = job.steps.filter(isRecord);
      const w = (s: Json) => (isRecord(s.with) ? s.with : {});
      const renders = new Map<string, ServiceCall>();
      /** Per render step: the containers that got this commit's image, through the chain of renders. */
      const rendered = new Map<string, Set<string>>();
      const deployed: ServiceCall[] = [];
      for (const step of steps.filter((s) => uses(s, "aws-actions/amazon-ecs-render-task-definition"))) {
        const tdPath = String(w(step)["task-definition"]);
        // A second container of the same task (the proxy) is rendered into the first render's output.
        const chained = stepOutput(tdPath);
        const s = chained !== null ? renders.get(chained) : calls.find((c) => c.path === tdPath);
        if (chained !== null && !s)
          out.add(`GHA-15: ${at}: renders the output of step ${chained}, which is not an earlier render step`);
        else if (chained === null && !m.raw.has(tdPath))
          out.add(`GHA-15: ${at}: renders ${tdPath}, which does not exist`);
        else if (!s) out.add(`XREF: ${at}: renders ${tdPath}, which no Terraform root deploys`);
        if (!s?.td) continue;
        const name = w(step)["container-name"];
        if (typeof step.id === "string") {
          renders.set(step.id, s);
          rendered.set(step.id, new Set([...(chained !== null ? (rendered.get(chained) ?? []) : []), String(name)]));
        }
        const container = containersOf(s.td).find((c) => c.name === name);
        if (!container)
          out.add(`ECS-09: ${at}: container-name ${JSON.stringify(name)} is not a container of ${tdPath}`);
        const image = /^([^/]+)\/(.+):\$\{\{\s*github\.sha\s*\}\}$/.exec(String(w(step).image));
        const bootstrap = /^([^/]+)\/(.+):[^:]+$/.exec(String(container?.image));
        if (!image)
          out.add(
            `ECS-09: ${at}: render image ${JSON.stringify(w(step).image)} is not REGISTRY/REPO:\${{ github.sha }}`,
          );
        else {
          if (bootstrap && (bootstrap[1] !== image[1] || bootstrap[2] !== image[2]))
            out.add(
              `XREF: ${at}: renders ${image[1]}/${image[2]} into ${String(name)}, whose task definition uses ${bootstrap[1]}/${bootstrap[2]}`,
            );
          if (!repositories.has(image[2]!)) out.add(`XREF: ${at}: ECR repository ${image[2]} is not created by infra/`);
        }
      }
      for (const step of steps.filter((s) => uses(s, "aws-actions/amazon-ecs-deploy-task-definition"))) {
        const ref = stepOutput(String(w(step)["task-definition"]));
        const s = ref !== null ? renders.get(ref) : undefined;
        if (!s) {
          out.add(`GHA-15: ${at}: deploy step's task-definition is not the output of a render step of this job`);
          continue;
        }
        // Without service and cluster the action only registers the revision: right for a scheduled
        // job (its schedules run the latest revision), wrong for a service, which would never get it.
        if (w(step).service === undefined && w(step).cluster === undefined) {
          if (s.runsAsService)
            out.add(
              `GHA-15: ${at}: registers ${s.path} without deploying it, but Terraform runs it as a service (${s.where})`,
            );
          continue;
        }
        if (!s.runsAsService)
          out.add(`GHA-15: ${at}: deploys ${s.path} to a service, but Terraform creates none for it (${s.where})`);
        deployed.push(s);
        for (const c of containersOf(s.td))
          if (ECR_IMAGE.test(String(c.image)) && !rendered.get(ref ?? "")?.has(String(c.name)))
            out.add(
              `ECS-09: ${at}: deploys ${s.path} without rendering container ${String(c.name)}, which would keep ${String(c.image)}`,
            );
        for (const [input, want] of [
          ["cluster", s.cluster],
          ["service", s.service],
        ] as const)
          if (w(step)[input] !== want)
            out.add(
              `GHA-15: ${at}: deploys ${s.path} with ${input} ${JSON.stringify(w(step)[input])}, Terraform's is ${show(want)} (${s.where})`,
            );
      }
      const jobRoots = [...new Set([...renders.values()].map((s) => s.rootCtx.root))];
      if (jobRoots.length > 1) out.add(`XREF: ${at}: renders task definitions of ${jobRoots.join(" and ")}`);
      const envName =
        typeof job.environment === "string"
          ? job.environment
          : isRecord(job.environment)
            ? job.environment.name
            : undefined;
      for (const step of steps.filter((s) => uses(s, "aws-actions/configure-aws-credentials"))) {
        const variable = /\$\{\{\s*(?:vars|secrets)\.([A-Z0-9_]+)\s*\}\}/.exec(String(w(step)["role-to-assume"]))?.[1];
        const root = jobRoots[0] ?? (envName ? `infra/environments/${String(envName)}` : undefined);
        const role =
          variable === "AWS_DEPLOY_ROLE_ARN" ? deployRole(allRoles, root) : outputRole(m, allRoles, variable);
        if (!role) {
          out.add(
            `XREF: ${at}: no role of infra/ is behind role-to-assume ${JSON.stringify(w(step)["role-to-assume"])}`,
          );
          continue;
        }
        const trusted = trustedSubjects(role).map((s) => s.replace(/^repo:[^:]+:/, ""));
        for (const subject of jobSubjects(wf, job, envName))
          if (!trusted.includes(subject))
            out.add(
              `TF-OIDC-01: ${at}: presents "repo:OWNER/REPO:${subject}", which ${role.b.block.labels.join(".")}${role.i.ctx.via} does not trust (${trusted.join(", ")})`,
            );
        const region = providerOf(m, role.i.ctx.root).region;
        if (region && w(step)["aws-region"] !== region)
          out.add(`XREF: ${at}: aws-region ${JSON.stringify(w(step)["aws-region"])}, the role's root is in ${region}`);
        if (variable === "AWS_DEPLOY_ROLE_ARN") checkDeployScope(m, role, deployed, at, out);
      }
    }
  }
}

function trustedSubjects(role: Role): string[] {
  return (role.trust ?? []).flatMap((s) =>
    s.effect === "Allow" ? s.conditions.filter((c) => c.variable === SUB).flatMap((c) => strings(c.values)) : [],
  );
}

const federated = (r: Role) => (r.trust ?? []).some((s) => s.principals.some((p) => p.type === "Federated"));
const deployRole = (all: Role[], root: string | undefined) =>
  all.find((r) => r.i.ctx.root === root && r.i.ctx.env !== undefined && federated(r));

/** The role a module output map lists under <key> for vars.AWS_[TERRAFORM_]<KEY>_ROLE_ARN (github_role_arns). */
function outputRole(m: TfModel, all: Role[], variable: string | undefined): Role | undefined {
  const key = /^AWS_(?:TERRAFORM_)?([A-Z0-9]+)_ROLE_ARN$/.exec(variable ?? "")?.[1]?.toLowerCase();
  if (!key) return undefined;
  for (const o of m.blocks("output"))
    for (const ctx of m.contexts(o.dir)) {
      const v = valueOf(o.block.body, "value", m.scope(ctx));
      const ref = isObj(v ?? null) ? (v as Record<string, Val>)[key] : undefined;
      // `aws_iam_role.images.arn`, or `aws_iam_role.feed[0].arn` for a role that exists only when configured
      const hit = ref instanceof Ref ? /^aws_iam_role\.([\w-]+)(?:\[(\d+)\])?\.arn$/.exec(ref.path) : null;
      if (!hit) continue;
      const role = all.find(
        (r) =>
          r.b.dir === o.dir &&
          r.i.ctx === ctx &&
          r.b.block.labels[1] === hit[1] &&
          (hit[2] === undefined || r.i.key === Number(hit[2])),
      );
      if (role) return role;
    }
  return undefined;
}

/** Subjects (after "repo:OWNER/REPO:") of the events a job runs on. */
function jobSubjects(wf: Json, job: Json, envName: unknown): string[] {
  if (envName !== undefined) return [`environment:${String(envName)}`];
  const on = wf.on ?? wf.true;
  const config: Json =
    typeof on === "string"
      ? { [on]: {} }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((e) => [String(e), {}]))
        : isRecord(on)
          ? on
          : {};
  let events = Object.keys(config);
  const cond = typeof job.if === "string" ? job.if : "";
  const only = /github\.event_name\s*==\s*'([\w-]+)'/.exec(cond)?.[1];
  const not = [...cond.matchAll(/github\.event_name\s*!=\s*'([\w-]+)'/g)].map((x) => x[1]);
  if (only) events = events.filter((e) => e === only);
  events = events.filter((e) => !not.includes(e));
  return events.flatMap((event) => {
    if (event === "pull_request") return ["pull_request"];
    if (event === "workflow_dispatch" || event === "schedule") return ["ref:refs/heads/main"];
    if (event !== "push") return [`(event ${event})`];
    const push = isRecord(config.push) ? config.push : {};
    const branches = Array.isArray(push.branches) ? push.branches.map(String) : ["*"];
    const tags = Array.isArray(push.tags) ? push.tags.map((t) => `ref:refs/tags/${String(t)}`) : [];
    return [...branches.map((b) => `ref:refs/heads/${b}`), ...tags];
  });
}

function checkDeployScope(m: TfModel, role: Role, deployed: ServiceCall[], at: string, out: Set<string>): void {
  // TF-OIDC-02: the deploy role's services and PassRole list are inputs of its module call in the root.
  const call = role.i.ctx.call;
  if (!call) return;
  const scope = m.scope(call.ctx);
  const names = valueOf(call.block.block.body, "service_names", scope);
  const allowed = (Array.isArray(names) ? names : []).map((n) => resolve(m, call.ctx, n));
  const pass = valueOf(call.block.block.body, "pass_role_arns", scope);
  const passed = (Array.isArray(pass) ? pass : []).map((p) => (p instanceof Ref ? p.path : String(p)));
  for (const s of deployed) {
    if (!allowed.includes(s.service!))
      out.add(`TF-OIDC-02: ${at}: deploys service ${JSON.stringify(s.service)}, which the deploy role may not update`);
    const mod = `module.${s.call.block.labels[0]}`;
    for (const r of ["execution_role_arn", "task_role_arn"])
      if (!passed.includes(`${mod}.${r}`)) out.add(`TF-OIDC-02: ${at}: the deploy role may not pass ${mod}.${r}`);
  }
}
