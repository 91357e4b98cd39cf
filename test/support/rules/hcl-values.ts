/**
 * The values hcl-eval.ts computes with: literals, lists, objects, a plan-time `Ref` (named by its traversal) and
 * UNKNOWN. See hcl-eval.ts.
 */
export class Unknown {
  toJSON = (): string => "<unknown>";
}
export const UNKNOWN = new Unknown();
export class Ref {
  constructor(readonly path: string) {}
}
export type Val = string | number | boolean | null | Val[] | { [key: string]: Val } | Ref | Unknown;

export const PARTIAL_MARK = "${?}";
export const isPartial = (v: Val | undefined): boolean => typeof v === "string" && v.includes("${");

export const isObj = (v: Val): v is { [key: string]: Val } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Ref) && !(v instanceof Unknown);

/** Fully known: no UNKNOWN, Ref or partial string anywhere inside. */
export const known = (v: Val): boolean =>
  v !== UNKNOWN &&
  !(v instanceof Ref) &&
  !isPartial(v) &&
  (!Array.isArray(v) || v.every(known)) &&
  (!isObj(v) || Object.values(v).every(known));
