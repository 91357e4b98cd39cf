/**
 * docs/rules.md 5.4 TF-SG-01 as an assertion: ingress on a workload security group (ECS tasks, RDS, ElastiCache: anything
 * not attached to a load balancer or a VPC endpoint) only from another security group, never from an address range;
 * VPC endpoints only from inside the VPC; the load balancer public on 80/443 only; no rule covers SSH (22) or RDP
 * (3389). Which role a group has is read from what it is attached to in the same folder (aws_lb.security_groups,
 * aws_vpc_endpoint.security_group_ids). See terraform-rules.ts for the format.
 */
import { UNKNOWN, type Val } from "./hcl-eval.js";
import { attr, nested, problem, show, valueOf, type Instance, type TfBlock, type TfModel } from "./tf-model.js";

const WORLD = new Set(["0.0.0.0/0", "::/0"]);
const sgName = (expr: string | undefined): string | undefined =>
  expr ? /aws_security_group\.([\w-]+)/.exec(expr)?.[1] : undefined;

interface Ingress {
  b: TfBlock;
  i: Instance;
  line: number;
  sg: string | undefined;
  from: Val | undefined;
  to: Val | undefined;
  protocol: Val | undefined;
  cidrs: Val[];
  sources: Val[];
}

function ingressRules(m: TfModel): Ingress[] {
  const out: Ingress[] = [];
  const list = (v: Val | undefined): Val[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
  for (const b of m.blocks("resource", "aws_vpc_security_group_ingress_rule"))
    for (const i of m.instances(b)) {
      const v = (n: string) => valueOf(b.block.body, n, i.scope);
      out.push({
        b,
        i,
        line: b.block.line,
        sg: sgName(attr(b.block.body, "security_group_id")?.expr),
        from: v("from_port"),
        to: v("to_port"),
        protocol: v("ip_protocol"),
        cidrs: [...list(v("cidr_ipv4")), ...list(v("cidr_ipv6")), ...list(v("prefix_list_id"))],
        sources: list(v("referenced_security_group_id")),
      });
    }
  for (const b of m.blocks("resource", "aws_security_group_rule"))
    for (const i of m.instances(b)) {
      const v = (n: string) => valueOf(b.block.body, n, i.scope);
      if (v("type") !== "ingress") continue;
      out.push({
        b,
        i,
        line: b.block.line,
        sg: sgName(attr(b.block.body, "security_group_id")?.expr),
        from: v("from_port"),
        to: v("to_port"),
        protocol: v("protocol"),
        cidrs: [...list(v("cidr_blocks")), ...list(v("ipv6_cidr_blocks")), ...list(v("prefix_list_ids"))],
        sources: [...list(v("source_security_group_id")), ...(v("self") === true ? ["self"] : [])],
      });
    }
  for (const b of m.blocks("resource", "aws_security_group"))
    for (const i of m.instances(b))
      for (const n of nested(b.block.body, "ingress", i.scope)) {
        const v = (name: string) => valueOf(n.body, name, n.scope);
        out.push({
          b,
          i,
          line: n.line,
          sg: b.block.labels[1],
          from: v("from_port"),
          to: v("to_port"),
          protocol: v("protocol"),
          cidrs: [...list(v("cidr_blocks")), ...list(v("ipv6_cidr_blocks")), ...list(v("prefix_list_ids"))],
          sources: [...list(v("security_groups")), ...(v("self") === true ? ["self"] : [])],
        });
      }
  return out;
}

/** "alb": attached to an aws_lb; "endpoints": to a VPC endpoint; "workload": tasks, databases, caches, anything else */
function sgRole(m: TfModel, dir: string, name: string | undefined): "alb" | "endpoints" | "workload" {
  const attached = (type: string, arg: string) =>
    m
      .blocks("resource", type)
      .some((b) => b.dir === dir && sgName(attr(b.block.body, arg)?.expr) === name && name !== undefined);
  if (attached("aws_lb", "security_groups") || attached("aws_alb", "security_groups")) return "alb";
  if (attached("aws_vpc_endpoint", "security_group_ids")) return "endpoints";
  return "workload";
}

export function checkSecurityGroups(m: TfModel, out: Set<string>): void {
  for (const r of ingressRules(m)) {
    const add = (msg: string) => out.add(problem("TF-SG-01", r.b, msg, r.i.ctx, r.line));
    const role = sgRole(m, r.b.dir, r.sg);
    const allPorts = r.protocol === "-1" || r.protocol === "all";
    const [from, to] = [r.from, r.to];
    const covers = (port: number) =>
      allPorts || (typeof from === "number" && typeof to === "number" && from <= port && port <= to);
    if (!allPorts && (typeof from !== "number" || typeof to !== "number"))
      add(`ingress ports ${show(from)}-${show(to)} not statically known`);
    for (const port of [22, 3389]) if (covers(port)) add(`ingress covers port ${port} (no SSH/RDP rules)`);
    const world = r.cidrs.filter((c) => typeof c === "string" && WORLD.has(c));
    const unknownCidr = r.cidrs.some((c) => typeof c !== "string" || c.includes("${"));
    if (role === "workload") {
      // ECS tasks, RDS, ElastiCache: only from another security group, never from an address range.
      if (r.cidrs.length > 0) add(`ingress on a workload security group from ${show(r.cidrs)}, not a security group`);
      if (r.sources.length === 0 || r.sources.some((s) => s === UNKNOWN || s === null))
        add(`ingress source ${show(r.sources)} is not a security group`);
    } else if (role === "endpoints") {
      if (world.length > 0 || unknownCidr) add(`VPC endpoint ingress from ${show(r.cidrs)}; only the VPC may connect`);
    } else {
      // The ALB is public: 443, and 80 for the redirect, from anywhere; nothing else from anywhere.
      const portsOk = typeof from === "number" && from === to && (from === 443 || from === 80);
      if ((world.length > 0 || unknownCidr) && !portsOk)
        add(`load balancer ingress from ${show(r.cidrs)} on ${show(from)}-${show(to)}; only 80/443 may be public`);
    }
  }
}
