/**
 * docs/rules.md 5.3-5.5 as assertions: TF-NET-01 (tasks in private subnets, no public IP, two AZs), TF-SG-01 (in
 * terraform-sg-rules.ts), TF-ALB-01 (TLS 1.3 policies on HTTPS listeners), TF-ALB-02
 * (port 80 only redirects once HTTPS exists) and TF-ALB-04 (target groups). See terraform-rules.ts for the format.
 */
import { evaluate, Ref, type Val } from "./hcl-eval.js";
import { checkSecurityGroups } from "./terraform-sg-rules.js";
import { attr, nested, problem, show, valueOf, type Ctx, type TfModel } from "./tf-model.js";

export function checkNetworkRules(m: TfModel, out: Set<string>): void {
  checkTaskNetworking(m, out);
  checkSecurityGroups(m, out); // terraform-sg-rules.ts
  checkListeners(m, out);
  checkTargetGroups(m, out);
}

const refs = (v: Val | undefined): Ref[] =>
  v instanceof Ref ? [v] : Array.isArray(v) ? v.filter((x): x is Ref => x instanceof Ref) : [];

/** The `nat` the root of this context gives its network module ("public", "single", ...). */
function natOf(m: TfModel, ctx: Ctx): Val | undefined {
  let root = ctx;
  while (root.call) root = root.call.ctx;
  const network = m.blocks("module").find((b) => b.dir === root.dir && b.block.labels[0] === "network");
  const nat = network ? attr(network.block.body, "nat") : undefined;
  return nat ? evaluate(nat.expr, m.scope(root)) : undefined;
}

function checkTaskNetworking(m: TfModel, out: Set<string>): void {
  // TF-NET-01: ECS services in private subnets with assign_public_ip = false (checkov CKV_AWS_333), unless the
  // environment chose nat = "public": then in the public subnets with an address each. In our layout the subnets
  // are var.subnet_ids of the service module; the roots pass module.network.<private|public>_subnet_ids, so the
  // evaluated reference must name that kind of subnet.
  for (const b of m.blocks("resource", "aws_ecs_service")) {
    for (const i of m.instances(b)) {
      const nc = nested(b.block.body, "network_configuration", i.scope);
      if (nc.length === 0) out.add(problem("TF-NET-01", b, "no network_configuration (awsvpc)", i.ctx));
      for (const n of nc) {
        const pub = valueOf(n.body, "assign_public_ip", n.scope);
        const subnets = valueOf(n.body, "subnets", n.scope);
        const named = refs(subnets);
        // The one exception: an environment whose network has nat = "public" runs its tasks in the
        // public subnets, each with an address; then the subnets must be the public ones.
        const kind = pub === true && natOf(m, i.ctx) === "public" ? "public" : "private";
        if (pub !== false && kind === "private")
          out.add(problem("TF-NET-01", b, `assign_public_ip is ${show(pub)}, must be false`, i.ctx, n.line));
        if (named.length === 0 || named.some((r) => !new RegExp(kind).test(r.path)))
          out.add(problem("TF-NET-01", b, `subnets ${show(subnets)} are not shown to be ${kind}`, i.ctx, n.line));
      }
    }
  }
  // TF-NET-01: at least two AZs: each subnet resource has two or more instances in every context.
  for (const b of m.blocks("resource", "aws_subnet")) {
    for (const ctx of m.contexts(b.dir)) {
      const here = m.instances(b).filter((i) => i.ctx === ctx);
      if (here.some((i) => i.uncertain)) out.add(problem("TF-NET-01", b, "subnet count not statically known", ctx));
      else if (here.length < 2) out.add(problem("TF-NET-01", b, `${here.length} subnet(s); two AZs needed`, ctx));
    }
  }
}

// ------------------------------------------------------------------ TF-ALB-01/02

export const ALLOWED_TLS_POLICY = /^ELBSecurityPolicy-TLS13-1-[23]-/;
/**
 * TF-ALB-01 (docs/rules.md): policies that allow TLS 1.0/1.1 or weak ciphers, from
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html; the
 * TLS13-1-2-Ext ones match the allowed prefix.
 */
export const FORBIDDEN_TLS_POLICIES = [
  "ELBSecurityPolicy-2016-08",
  "ELBSecurityPolicy-2015-05",
  "ELBSecurityPolicy-TLS-1-0-2015-04",
  "ELBSecurityPolicy-TLS-1-1-2017-01",
  "ELBSecurityPolicy-FS-2018-06",
  "ELBSecurityPolicy-FS-1-1-2019-08",
  "ELBSecurityPolicy-TLS13-1-0-2021-06",
  "ELBSecurityPolicy-TLS13-1-1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
];

const listenerTypes = ["aws_lb_listener", "aws_alb_listener"];

function checkListeners(m: TfModel, out: Set<string>): void {
  const listeners = listenerTypes.flatMap((t) => m.blocks("resource", t)).flatMap((b) => m.instances(b));
  for (const i of listeners) {
    const b = i.res;
    const protocol = valueOf(b.block.body, "protocol", i.scope);
    if (protocol === "HTTPS" || protocol === "TLS") {
      const port = valueOf(b.block.body, "port", i.scope);
      if (port !== 443) out.add(problem("TF-ALB-01", b, `HTTPS listener on port ${show(port)}, not 443`, i.ctx));
      const cert = valueOf(b.block.body, "certificate_arn", i.scope);
      if (cert === undefined || cert === null)
        out.add(problem("TF-ALB-01", b, "HTTPS listener without certificate_arn", i.ctx));
      const policy = valueOf(b.block.body, "ssl_policy", i.scope);
      const line = attr(b.block.body, "ssl_policy")?.line;
      if (typeof policy !== "string" || !ALLOWED_TLS_POLICY.test(policy) || FORBIDDEN_TLS_POLICIES.includes(policy))
        out.add(
          problem(
            "TF-ALB-01",
            b,
            `ssl_policy ${show(policy)} is not a TLS 1.3 policy (${ALLOWED_TLS_POLICY.source})`,
            i.ctx,
            line,
          ),
        );
    } else if (protocol !== "HTTP" && protocol !== "TCP")
      out.add(problem("TF-ALB-01", b, `listener protocol ${show(protocol)} not statically known`, i.ctx));
  }
  // TF-ALB-02: where an HTTPS listener exists (per module call), every HTTP listener is port 80 and only
  // redirects: default_action type "redirect" with redirect { port "443", protocol "HTTPS", status_code "HTTP_301" },
  // no target group, and no listener rule forwards from it. Ours writes the action as
  // `type = local.https ? "redirect" : …` with `dynamic "redirect" { for_each = local.https ? [1] : [] }`; evaluating
  // both with the call's domain gives the action the ALB really gets (a plain text match would see "forward" too).
  for (const ctx of new Set(listeners.map((i) => i.ctx))) {
    const here = listeners.filter((i) => i.ctx === ctx);
    const https = here.filter((i) => valueOf(i.res.block.body, "protocol", i.scope) === "HTTPS");
    for (const i of https.filter((x) => x.uncertain))
      out.add(problem("TF-ALB-02", i.res, "whether this HTTPS listener exists is not statically known", ctx));
    if (https.length === 0) continue;
    for (const i of here.filter((x) => valueOf(x.res.block.body, "protocol", x.scope) === "HTTP")) {
      const b = i.res;
      const add = (msg: string, line?: number) => out.add(problem("TF-ALB-02", b, msg, ctx, line));
      const port = valueOf(b.block.body, "port", i.scope);
      if (port !== 80) add(`HTTP listener on port ${show(port)} beside HTTPS; only the :80 redirect may stay`);
      const actions = nested(b.block.body, "default_action", i.scope);
      if (actions.length !== 1) add(`${actions.length} default_action blocks; one redirect expected`);
      for (const a of actions) {
        const type = valueOf(a.body, "type", a.scope);
        if (type !== "redirect") add(`default_action type is ${show(type)}, must be "redirect"`, a.line);
        const tg = valueOf(a.body, "target_group_arn", a.scope);
        if (tg !== undefined && tg !== null) add(`default_action forwards to ${show(tg)}`, a.line);
        const redirects = nested(a.body, "redirect", a.scope);
        if (redirects.length !== 1 || redirects[0]!.uncertain)
          add("default_action has no single redirect block", a.line);
        for (const r of redirects) {
          for (const [k, want] of [
            ["port", "443"],
            ["protocol", "HTTPS"],
            ["status_code", "HTTP_301"],
          ] as const) {
            const v = valueOf(r.body, k, r.scope);
            if (v !== want) add(`redirect ${k} is ${show(v)}, must be "${want}"`, r.line);
          }
        }
      }
      const me = `aws_lb_listener.${b.block.labels[1]}`;
      for (const rule of m.blocks("resource", "aws_lb_listener_rule").filter((r) => r.dir === b.dir))
        for (const ri of m.instances(rule).filter((x) => x.ctx === ctx)) {
          const target = valueOf(rule.block.body, "listener_arn", ri.scope);
          if (!(target instanceof Ref) || target.path.startsWith(`${me}.`) || target.path.startsWith(`${me}[`))
            out.add(problem("TF-ALB-02", rule, `listener rule on ${show(target)}: port 80 may only redirect`, ctx));
        }
    }
  }
}

// ------------------------------------------------------------------ TF-ALB-04

function checkTargetGroups(m: TfModel, out: Set<string>): void {
  for (const b of ["aws_lb_target_group", "aws_alb_target_group"].flatMap((t) => m.blocks("resource", t))) {
    for (const i of m.instances(b)) {
      const add = (msg: string) => out.add(problem("TF-ALB-04", b, msg, i.ctx));
      const v = (name: string) => valueOf(b.block.body, name, i.scope);
      if (v("target_type") !== "ip") add(`target_type is ${show(v("target_type"))}, must be "ip" (awsvpc)`);
      if (v("protocol") !== "HTTP") add(`protocol is ${show(v("protocol"))}, must be "HTTP"`);
      if (typeof v("port") !== "number") add(`port is ${show(v("port"))}`);
      const checks = nested(b.block.body, "health_check", i.scope);
      if (checks.length !== 1) add("no health_check block");
      for (const h of checks) {
        const path = valueOf(h.body, "path", h.scope);
        const matcher = valueOf(h.body, "matcher", h.scope);
        if (typeof path !== "string" || !path.startsWith("/")) add(`health_check path is ${show(path)}`);
        if (typeof matcher !== "string" || !/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(matcher))
          add(`health_check matcher is ${show(matcher)}`);
      }
    }
  }
}
