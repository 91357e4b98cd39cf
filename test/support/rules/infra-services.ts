/**
 * What the consistency checks need from the Terraform: each ECS service module call with the task-definition JSON it
 * reads, and `resolve`, which follows a plan-time reference through module outputs and resource arguments to the
 * literal the roots wrote (`module.service_web.service_name` -> `aws_ecs_service.this.name` -> `var.name` -> "web").
 */
import { posix } from "node:path";
import { evaluate, isObj, Ref, UNKNOWN, type Val } from "./hcl-eval.js";
import { attr, valueOf, type Ctx, type TfBlock, type TfModel } from "./tf-model.js";

/** Follows Refs to module outputs (`module.X.Y[...]`) and resource arguments (`aws_x.y.arg`), up to a few hops. */
export function resolve(m: TfModel, ctx: Ctx, v: Val | undefined, depth = 0): Val | undefined {
  if (!(v instanceof Ref) || depth > 10) return v;
  const mod = /^module\.([\w-]+)\.([\w-]+)((?:\[[^\]]+\])*)$/.exec(v.path);
  if (mod) {
    const call = m.blocks("module").find((b) => b.dir === ctx.dir && b.block.labels[0] === mod[1]);
    const inner =
      call && m.contexts(targetOf(m, call) ?? "").find((c) => c.call?.block.block === call.block && c.call.ctx === ctx);
    const output = inner && m.blocks("output").find((o) => o.dir === inner.dir && o.block.labels[0] === mod[2]);
    // A Ref held in a variable was written in the caller: look there when this folder has no such module.
    if (!call) return ctx.call ? resolve(m, ctx.call.ctx, v, depth + 1) : v;
    if (!inner || !output) return v;
    let out = resolve(m, inner, valueOf(output.block.body, "value", m.scope(inner)), depth + 1);
    for (const [, key] of mod[3]!.matchAll(/\[([^\]]+)\]/g)) {
      const k = JSON.parse(key!) as string | number;
      out =
        Array.isArray(out) && typeof k === "number"
          ? out[k]
          : isObj(out ?? null)
            ? (out as Record<string, Val>)[k]
            : UNKNOWN;
      out = resolve(m, inner, out, depth + 1);
    }
    return out;
  }
  const res = /^(aws_[\w]+)\.([\w-]+)\.([\w-]+)$/.exec(v.path);
  if (res) {
    const block = m.blocks("resource", res[1]).find((b) => b.dir === ctx.dir && b.block.labels[1] === res[2]);
    if (!block) return ctx.call ? resolve(m, ctx.call.ctx, v, depth + 1) : v;
    // A cluster's ARN/id is computed, but names the cluster: take its name argument.
    const arg = res[1] === "aws_ecs_cluster" && (res[3] === "arn" || res[3] === "id") ? "name" : res[3]!;
    if (!attr(block.block.body, arg)) return v;
    return resolve(m, ctx, valueOf(block.block.body, arg, m.scope(ctx)), depth + 1);
  }
  return v;
}

export function targetOf(m: TfModel, call: TfBlock): string | undefined {
  return m.moduleCalls().find((c) => c.block.block === call.block)?.target;
}

export interface ServiceCall {
  call: TfBlock;
  /** the root context the call is made in, and the module context it creates */
  rootCtx: Ctx;
  ctx: Ctx;
  /** "infra/environments/prod/main.tf:34 module.service_web" */
  where: string;
  /** the file `task_definition = jsondecode(file(...))` reads, and its content parsed */
  path: string | undefined;
  td: Record<string, unknown> | undefined;
  /** aws_ecs_service name and cluster name in this call, resolved to literals where possible */
  service: Val | undefined;
  cluster: Val | undefined;
  /** false when the call's aws_ecs_service has no instance (a scheduled job: EventBridge Scheduler runs its tasks) */
  runsAsService: boolean;
}

/** Module calls that pass a `task_definition` (our service module), one per root context. */
export function serviceCalls(m: TfModel): ServiceCall[] {
  return m.moduleCalls().flatMap(({ block, target }) => {
    const input = attr(block.block.body, "task_definition");
    if (!input) return [];
    return m.contexts(block.dir).map((rootCtx): ServiceCall => {
      const requested: string[] = [];
      const base = m.scope(rootCtx);
      evaluate(input.expr, {
        lookup: base.lookup,
        readFile: (p) => (requested.push(posix.normalize(p)), base.readFile?.(p)),
      });
      const path = requested[0];
      let td: Record<string, unknown> | undefined;
      try {
        const parsed = path === undefined ? undefined : (JSON.parse(m.raw.get(path) ?? "null") as unknown);
        td = isObj((parsed ?? null) as Val) ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        td = undefined;
      }
      const ctx = m.contexts(target).find((c) => c.call?.block.block === block.block && c.call.ctx === rootCtx)!;
      const svc = m.blocks("resource", "aws_ecs_service").find((b) => b.dir === target);
      const scope = m.scope(ctx);
      return {
        call: block,
        rootCtx,
        ctx,
        where: `${block.file.path}:${block.block.line} module.${block.block.labels[0]}`,
        path,
        td,
        service: svc && resolve(m, ctx, valueOf(svc.block.body, "name", scope)),
        cluster: svc && resolve(m, ctx, valueOf(svc.block.body, "cluster", scope)),
        runsAsService: svc !== undefined && m.instances(svc).some((i) => i.ctx === ctx),
      };
    });
  });
}

/** The root's `provider "aws"`: region and allowed account ids, where written as literals. */
export function providerOf(m: TfModel, root: string): { region?: string; accounts: string[] } {
  for (const p of m.blocks("provider", "aws").filter((b) => b.dir === root)) {
    const scope = m.scope(m.contexts(root)[0]!);
    const region = valueOf(p.block.body, "region", scope);
    const accounts = valueOf(p.block.body, "allowed_account_ids", scope);
    if (attr(p.block.body, "alias")) continue;
    return {
      region: typeof region === "string" ? region : undefined,
      accounts: Array.isArray(accounts) ? accounts.filter((a): a is string => typeof a === "string") : [],
    };
  }
  return { accounts: [] };
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
export const containersOf = (td: Json | undefined): Json[] =>
  Array.isArray(td?.containerDefinitions) ? td.containerDefinitions.filter(isRecord) : [];
