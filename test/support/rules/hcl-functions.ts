/**
 * Operators, traversal steps and the functions of the expression evaluator (hcl-eval.ts). Only the functions the
 * generated Terraform uses are known; any other call is UNKNOWN.
 */
import { isObj, isPartial, known, Ref, UNKNOWN, type Val } from "./hcl-values.js";
import type { Scope } from "./hcl-eval.js";

export function index(v: Val, key: Val, text: string): Val {
  if (v instanceof Ref) return new Ref(v.path + text);
  if (key === "[*]") return Array.isArray(v) ? v : UNKNOWN;
  if (Array.isArray(v) && typeof key === "number") return v[key] ?? UNKNOWN;
  // An attribute set to null is null, not unknown: `each.value.ref == null` must be decidable.
  if (isObj(v) && (typeof key === "string" || typeof key === "number"))
    return Object.hasOwn(v, String(key)) ? v[String(key)]! : UNKNOWN;
  return UNKNOWN;
}

export function operate(op: string, a: Val, b: Val): Val {
  if (op === "==" || op === "!=") {
    if (!known(a) || !known(b)) return UNKNOWN;
    return (JSON.stringify(a) === JSON.stringify(b)) === (op === "==");
  }
  if (op === "&&" || op === "||") {
    if (op === "&&" && (a === false || b === false)) return false;
    if (op === "||" && (a === true || b === true)) return true;
    return typeof a === "boolean" && typeof b === "boolean" ? (op === "&&" ? a && b : a || b) : UNKNOWN;
  }
  if (typeof a !== "number" || typeof b !== "number") return UNKNOWN;
  const r: Record<string, number | boolean> = {
    "+": a + b,
    "-": a - b,
    "*": a * b,
    "/": a / b,
    "%": a % b,
    "<": a < b,
    ">": a > b,
    "<=": a <= b,
    ">=": a >= b,
  };
  return r[op] ?? UNKNOWN;
}

const PASS_THROUGH = new Set(["values", "keys", "tolist", "toset", "concat", "flatten", "compact", "distinct", "sort"]);

/** The functions the generated Terraform uses; anything else is UNKNOWN. jsonencode(x) is x itself, so a policy
 * written inline as jsonencode({...}) can be read as the object it encodes. */
const flattened = (list: Val[]): Val[] => list.flatMap((v) => (Array.isArray(v) ? flattened(v) : [v]));

export function callFunction(name: string, args: Val[], scope: Scope): Val {
  const [a, b] = args;
  if (name !== "jsonencode" && args.some(isPartial)) return UNKNOWN;
  // A collection function over a plan-time value (`values(module.ecr.repository_arns)`) is itself plan-time: it stays
  // a Ref naming the call, so a rule can tell it from a literal "*".
  if (PASS_THROUGH.has(name) && args.some((x) => x instanceof Ref))
    return new Ref(`${name}(${args.map((x) => (x instanceof Ref ? x.path : "…")).join(", ")})`);
  switch (name) {
    case "jsonencode":
      return a ?? UNKNOWN;
    case "jsondecode":
      if (typeof a !== "string") return UNKNOWN;
      try {
        return JSON.parse(a) as Val;
      } catch {
        return UNKNOWN;
      }
    case "file":
      return typeof a === "string" ? (scope.readFile?.(a) ?? UNKNOWN) : UNKNOWN;
    case "length":
      return Array.isArray(a)
        ? a.length
        : isObj(a!)
          ? Object.keys(a).length
          : typeof a === "string"
            ? a.length
            : UNKNOWN;
    case "tolist":
    case "toset":
      return Array.isArray(a)
        ? name === "toset" && known(a)
          ? [...new Set(a.map((x) => JSON.stringify(x)))].map((x) => JSON.parse(x) as Val)
          : a
        : UNKNOWN;
    case "concat":
      return args.every(Array.isArray) ? (args as Val[][]).flat() : UNKNOWN;
    case "flatten":
      return Array.isArray(a) ? flattened(a) : UNKNOWN;
    case "values":
    case "keys":
      return isObj(a!) ? (name === "values" ? Object.values(a) : Object.keys(a)) : UNKNOWN;
    case "contains":
      return Array.isArray(a) && known(a) && known(b!)
        ? a.some((x) => JSON.stringify(x) === JSON.stringify(b))
        : UNKNOWN;
    case "basename":
      return typeof a === "string" ? a.slice(a.lastIndexOf("/") + 1) : UNKNOWN;
    case "startswith":
      return typeof a === "string" && typeof b === "string" ? a.startsWith(b) : UNKNOWN;
    case "coalesce":
      return args.find((x) => x !== null && x !== "") ?? UNKNOWN;
    case "min":
    case "max":
      return args.every((x) => typeof x === "number") ? Math[name](...(args as number[])) : UNKNOWN;
    case "one":
      // one(aws_x.y[*].arg) of a resource with count 0 or 1 names that instance's argument.
      if (a instanceof Ref) return new Ref(a.path.replace("[*]", ""));
      return Array.isArray(a) ? (a.length === 0 ? null : a.length === 1 ? a[0]! : UNKNOWN) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}
