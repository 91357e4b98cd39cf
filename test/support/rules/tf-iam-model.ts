/**
 * IAM as the rules in terraform-iam-rules.ts see it: policy statements read from `data "aws_iam_policy_document"`
 * (static and dynamic `statement` blocks, evaluated per call) or from an inline `jsonencode({...})`, and each role
 * instance with its trust policy, inline policies (aws_iam_role_policy) and attached managed policies.
 */
import { isObj, Ref, UNKNOWN, type Val } from "./hcl-eval.js";
import { attr, nested, valueOf, type Ctx, type Instance, type TfBlock, type TfModel } from "./tf-model.js";

export interface Statement {
  effect: Val;
  actions: Val;
  /** NotAction: the statement applies to every action but these. */
  notActions: Val;
  resources: Val;
  principals: { type: Val; ids: Val }[];
  conditions: { test: Val; variable: Val; values: Val }[];
  /** the block the statement is written in, and its line */
  at: TfBlock;
  line: number;
  uncertain: boolean;
}

export interface Role {
  b: TfBlock;
  i: Instance;
  trust: Statement[] | undefined;
  inline: Statement[];
  /** inline policies that could not be read */
  unreadable: TfBlock[];
  managed: Val[];
}

export const strings = (v: Val): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/**
 * Statements of a policy value: a Ref to a policy document data source's `.json`, or a jsonencode'd object. A
 * document's own `statement` blocks come with those of the documents it merges through `source_policy_documents`.
 */
export function statementsOf(m: TfModel, policy: Val | undefined, ctx: Ctx, at: TfBlock): Statement[] | undefined {
  if (policy instanceof Ref) {
    const ref = /^data\.aws_iam_policy_document\.([\w-]+)(?:\[(.+?)\])?\.json$/.exec(policy.path);
    if (!ref) return undefined;
    const key = ref[2] === undefined ? undefined : (JSON.parse(ref[2]) as Val);
    return documentStatements(m, at.dir, ref[1]!, key, ctx);
  }
  if (!isObj(policy!)) return undefined;
  const list = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement ?? UNKNOWN];
  return list.map((s) => {
    const o = isObj(s) ? s : {};
    const principal = o.Principal;
    const conditions = isObj(o.Condition ?? null)
      ? Object.entries(o.Condition as Record<string, Val>).flatMap(([test, byVar]) =>
          isObj(byVar) ? Object.entries(byVar).map(([variable, values]) => ({ test, variable, values })) : [],
        )
      : [];
    return {
      effect: o.Effect ?? UNKNOWN,
      actions: o.Action ?? [],
      notActions: o.NotAction ?? [],
      resources: o.Resource ?? [],
      principals: isObj(principal ?? null)
        ? Object.entries(principal as Record<string, Val>).map(([type, ids]) => ({ type, ids }))
        : principal === "*"
          ? [{ type: "*", ids: ["*"] }]
          : [],
      conditions,
      at,
      line: at.block.line,
      uncertain: !isObj(s),
    };
  });
}

/** A policy document's statements; key undefined: every instance (a `[*]` splat, or a document without count). */
function documentStatements(
  m: TfModel,
  dir: string,
  name: string,
  key: Val | undefined,
  ctx: Ctx,
): Statement[] | undefined {
  const doc = m.blocks("data", "aws_iam_policy_document").find((d) => d.dir === dir && d.block.labels[1] === name);
  const insts = doc ? m.instances(doc).filter((i) => i.ctx === ctx && (key === undefined || i.key === key)) : [];
  if (!doc || insts.length === 0) return undefined;
  return insts.flatMap((inst) => {
    const own = nested(doc.block.body, "statement", inst.scope).map((s): Statement => {
      const v = (attrName: string) => valueOf(s.body, attrName, s.scope);
      return {
        effect: v("effect") ?? "Allow",
        actions: v("actions") ?? [],
        notActions: v("not_actions") ?? [],
        resources: v("resources") ?? [],
        principals: nested(s.body, "principals", s.scope).map((p) => ({
          type: valueOf(p.body, "type", p.scope) ?? UNKNOWN,
          ids: valueOf(p.body, "identifiers", p.scope) ?? UNKNOWN,
        })),
        conditions: nested(s.body, "condition", s.scope).map((c) => ({
          test: valueOf(c.body, "test", c.scope) ?? UNKNOWN,
          variable: valueOf(c.body, "variable", c.scope) ?? UNKNOWN,
          values: valueOf(c.body, "values", c.scope) ?? UNKNOWN,
        })),
        at: doc,
        line: s.line,
        uncertain: s.uncertain || inst.uncertain,
      };
    });
    // source_policy_documents = concat(data.aws_iam_policy_document.a[*].json, ...): the referenced documents are
    // read from the expression text; one that does not exist in this call (count 0) adds nothing, as in Terraform.
    const sources = attr(doc.block.body, "source_policy_documents")?.expr ?? "";
    const merged = [...sources.matchAll(/\bdata\.aws_iam_policy_document\.([\w-]+)(?:\[(.+?)\])?\.json/g)].flatMap(
      ([, source, index]) => {
        const k = index === undefined || index === "*" ? undefined : (JSON.parse(index) as Val);
        return documentStatements(m, dir, source!, k, ctx) ?? [];
      },
    );
    return [...own, ...merged];
  });
}

const refersTo = (b: TfBlock, arg: string, target: string): boolean =>
  new RegExp(`\\b${target.replace(/\./g, "\\.")}\\b`).test(attr(b.block.body, arg)?.expr ?? "");

/** Every aws_iam_role instance with its trust, inline policies and managed policy ARNs in the same context. */
export function roles(m: TfModel): Role[] {
  return m.blocks("resource", "aws_iam_role").flatMap((b) =>
    m.instances(b).map((i): Role => {
      const me = `aws_iam_role.${b.block.labels[1]}`;
      const inline: Statement[] = [];
      const unreadable: TfBlock[] = [];
      for (const p of m
        .blocks("resource", "aws_iam_role_policy")
        .filter((p) => p.dir === b.dir && refersTo(p, "role", me)))
        for (const pi of m.instances(p).filter((x) => x.ctx === i.ctx)) {
          const stmts = statementsOf(m, valueOf(p.block.body, "policy", pi.scope), i.ctx, p);
          if (stmts) inline.push(...stmts);
          else unreadable.push(p);
        }
      const managed = m
        .blocks("resource", "aws_iam_role_policy_attachment")
        .filter((p) => p.dir === b.dir && refersTo(p, "role", me))
        .flatMap((p) => m.instances(p).filter((x) => x.ctx === i.ctx))
        .map((pi) => valueOf(pi.res.block.body, "policy_arn", pi.scope) ?? UNKNOWN);
      const trust = statementsOf(m, valueOf(b.block.body, "assume_role_policy", i.scope), i.ctx, b);
      return { b, i, trust, inline, unreadable, managed };
    }),
  );
}

export const principalIds = (stmts: Statement[] | undefined, type: string): string[] =>
  (stmts ?? []).flatMap((s) => s.principals.filter((p) => p.type === type).flatMap((p) => strings(p.ids)));

export const federatedRefs = (stmts: Statement[] | undefined): Val[] =>
  (stmts ?? []).flatMap((s) =>
    s.principals.filter((p) => p.type === "Federated").flatMap((p) => (Array.isArray(p.ids) ? p.ids : [p.ids])),
  );
