/**
 * Reading blocks of the model in tf-model.ts: attribute values in a scope, nested (and dynamic) blocks, and the
 * problem format every Terraform rule uses.
 */
import { attributesOf, blocksOf, type HclItem } from "../validators/hcl-scan.js";
import { evaluate, isObj, Ref, UNKNOWN, withBindings, type Scope, type Val } from "./hcl-eval.js";
import type { Ctx, TfBlock, TfModel } from "./tf-model.js";

export const EMPTY: Scope = { lookup: () => undefined };

export const attr = (items: HclItem[], name: string) => attributesOf(items).find((a) => a.name === name);

/** attribute value in a scope; undefined when the attribute is absent */
export function valueOf(items: HclItem[], name: string, scope: Scope): Val | undefined {
  const a = attr(items, name);
  return a ? evaluate(a.expr, scope) : undefined;
}

export interface Nested {
  body: HclItem[];
  line: number;
  scope: Scope;
  /** from a `dynamic` block whose for_each could not be evaluated */
  uncertain: boolean;
}

/** Nested blocks of a type: static ones, and the content of `dynamic "<type>"` blocks per for_each element. */
export function nested(items: HclItem[], type: string, scope: Scope): Nested[] {
  const out: Nested[] = blocksOf(items, type).map((b) => ({ body: b.body, line: b.line, scope, uncertain: false }));
  for (const d of blocksOf(items, "dynamic").filter((b) => b.labels[0] === type)) {
    const content = blocksOf(d.body, "content")[0];
    if (!content) continue;
    const iterator = evaluate(attr(d.body, "iterator")?.expr ?? "null", EMPTY);
    const name = typeof iterator === "string" ? iterator : type;
    const forEach = evaluate(attr(d.body, "for_each")?.expr ?? "null", scope);
    const entries: [Val, Val][] | undefined = Array.isArray(forEach)
      ? forEach.map((v, k) => [k, v])
      : isObj(forEach)
        ? Object.entries(forEach)
        : undefined;
    if (!entries) {
      out.push({
        body: content.body,
        line: d.line,
        scope: withBindings(scope, { [name]: { key: UNKNOWN, value: UNKNOWN } }),
        uncertain: true,
      });
      continue;
    }
    for (const [key, value] of entries)
      out.push({
        body: content.body,
        line: d.line,
        scope: withBindings(scope, { [name]: { key, value } }),
        uncertain: false,
      });
  }
  return out;
}

/** "TF-X: file:line: type.name: message (via …)" */
export function problem(rule: string, b: TfBlock, message: string, ctx?: Ctx, line = b.block.line): string {
  const labels = b.block.labels.join(".");
  const address = b.block.type === "resource" ? labels : labels ? `${b.block.type}.${labels}` : b.block.type;
  return `${rule}: ${b.file.path}:${line}: ${address}: ${message}${ctx?.via ?? ""}`;
}

export const show = (v: Val | undefined): string =>
  v === undefined ? "absent" : v === UNKNOWN ? "not statically known" : v instanceof Ref ? v.path : JSON.stringify(v);

/**
 * Does a block refer to an address (`aws_appautoscaling_target.this`), directly or through the locals it uses
 * (`local.scalable_target = one(concat(aws_appautoscaling_target.this, …))`)? Same folder only; comments and string
 * text do not count (hcl-scan's code copy), interpolations do.
 */
export function mentions(m: TfModel, b: TfBlock, address: string): boolean {
  const locals = new Map(
    m
      .blocks("locals")
      .filter((l) => l.dir === b.dir)
      .flatMap((l) => attributesOf(l.block.body).map((a) => [a.name, a.expr] as const)),
  );
  const seen = new Set<string>();
  const re = new RegExp(`\\b${address.replace(/\./g, "\\.")}\\b`);
  const look = (text: string): boolean => {
    if (re.test(text)) return true;
    for (const [, name] of text.matchAll(/\blocal\.([\w-]+)/g)) {
      if (seen.has(name!) || !locals.has(name!)) continue;
      seen.add(name!);
      if (look(locals.get(name!)!)) return true;
    }
    return false;
  };
  return look(b.file.scan.code.slice(b.block.start, b.block.end));
}
