/**
 * A small evaluator for the HCL expressions the generated Terraform uses, so a rule can ask "what does
 * `local.https ? "redirect" : ...` come to in the prod root" instead of pattern-matching text. Values that only exist
 * at plan time (resource attributes, module outputs) stay symbolic as a `Ref` naming the traversal
 * (`module.alb.security_group_id`); what cannot be known (a root variable without default, an unsupported
 * function) is UNKNOWN, and every operation on UNKNOWN is UNKNOWN. Rules treat UNKNOWN as "not shown to hold".
 * A template keeps its shape when a part is not known: "repo:${var.repository}:environment:prod" with an unknown
 * repository is "repo:${?}:environment:prod", and with a plan-time repository "repo:${module.x.name}:…". Such a
 * "partial" string (it contains "${") is never equal to anything and no function computes on it.
 * Operator precedence: HCL spec (hashicorp/hcl hclsyntax/spec.md "Operations").
 */
import { callFunction, index, operate } from "./hcl-functions.js";
import { lexExpr, type Token } from "./hcl-expr-lexer.js";
import { isObj, Ref, UNKNOWN, PARTIAL_MARK, type Val } from "./hcl-values.js";

export { isObj, isPartial, known, PARTIAL_MARK, Ref, UNKNOWN, type Val } from "./hcl-values.js";

export interface Scope {
  /**
   * `var.x` / `local.x`: the value of that attribute (the traversal consumes it); any other first name (`each`,
   * `count`, `path`, for-expression and dynamic-block iterators): the whole object. undefined: not in scope.
   */
  lookup(root: string, attr: string | undefined): Val | undefined;
  /** contents of `file(path)`, path already joined to the module folder */
  readFile?(path: string): string | undefined;
}

export function evaluate(expr: string, scope: Scope): Val {
  let tokens: Token[];
  try {
    tokens = lexExpr(expr);
  } catch {
    return UNKNOWN;
  }
  const p = new Parser(tokens, scope);
  try {
    const v = p.expr();
    return p.done() ? v : UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

/** A scope that adds bindings (for-expression variables, dynamic-block iterators) in front of another. */
export function withBindings(scope: Scope, bindings: Record<string, Val>): Scope {
  return {
    lookup: (root, attr) => (root in bindings ? bindings[root] : scope.lookup(root, attr)),
    readFile: scope.readFile?.bind(scope),
  };
}

const BINARY: [string[], number][] = [
  [["||"], 1],
  [["&&"], 2],
  [["==", "!="], 3],
  [["<", ">", "<=", ">="], 4],
  [["+", "-"], 5],
  [["*", "/", "%"], 6],
];

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private scope: Scope,
  ) {}

  done = (): boolean => this.i >= this.tokens.length;
  private peek = (): Token | undefined => this.tokens[this.i];
  private isOp = (v: string, k = 0): boolean => {
    const t = this.tokens[this.i + k];
    return t?.t === "op" && t.v === v;
  };
  private isId = (v: string, k = 0): boolean => {
    const t = this.tokens[this.i + k];
    return t?.t === "id" && t.v === v;
  };
  private expect(v: string): void {
    if (!this.isOp(v)) throw new Error(`expected ${v}`);
    this.i++;
  }

  expr(): Val {
    const cond = this.binary(1);
    if (!this.isOp("?")) return cond;
    this.i++;
    const a = this.expr();
    this.expect(":");
    const b = this.expr();
    if (cond === true) return a;
    if (cond === false) return b;
    return JSON.stringify(a) === JSON.stringify(b) && a !== UNKNOWN ? a : UNKNOWN;
  }

  private binary(level: number): Val {
    if (level > BINARY.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t?.t !== "op" || !BINARY[level - 1]![0].includes(t.v)) return left;
      this.i++;
      left = operate(t.v, left, this.binary(level + 1));
    }
  }

  private unary(): Val {
    if (this.isOp("!")) {
      this.i++;
      const v = this.unary();
      return typeof v === "boolean" ? !v : UNKNOWN;
    }
    if (this.isOp("-")) {
      this.i++;
      const v = this.unary();
      return typeof v === "number" ? -v : UNKNOWN;
    }
    return this.postfix(this.primary());
  }

  /** `.attr`, `[index]`, `[*]` / `.*` after a value */
  private postfix(value: Val): Val {
    let v = value;
    for (;;) {
      if (this.isOp(".") && this.peek()) {
        this.i++;
        const t = this.tokens[this.i++]!;
        const key = t.t === "id" ? t.v : t.t === "num" ? t.v : t.t === "op" && t.v === "*" ? "*" : undefined;
        if (key === undefined) throw new Error("bad traversal");
        v = index(v, key === "*" ? "[*]" : key, key === "*" ? "[*]" : `.${key}`);
      } else if (this.isOp("[")) {
        this.i++;
        if (this.isOp("*") && this.isOp("]", 1)) {
          this.i += 2;
          v = index(v, "[*]", "[*]");
          continue;
        }
        const k = this.expr();
        this.expect("]");
        v = index(v, k, `[${typeof k === "string" ? JSON.stringify(k) : String(k)}]`);
      } else return v;
    }
  }

  private primary(): Val {
    const t = this.tokens[this.i++];
    if (!t) throw new Error("unexpected end");
    if (t.t === "num") return t.v;
    if (t.t === "str") return this.template(t);
    if (t.t === "op") {
      if (t.v === "(") {
        const v = this.expr();
        this.expect(")");
        return v;
      }
      if (t.v === "[") return this.isId("for") ? this.forExpr("]") : this.list();
      if (t.v === "{") return this.isId("for") ? this.forExpr("}") : this.object();
      throw new Error(`unexpected ${t.v}`);
    }
    if (t.v === "true" || t.v === "false") return t.v === "true";
    if (t.v === "null") return null;
    if (this.isOp("(")) return this.call(t.v);
    // A reference: a scope name (var, local, each, count, path, iterators) or a plan-time object.
    const attrToken = this.isOp(".") ? this.tokens[this.i + 1] : undefined;
    const attr = attrToken?.t === "id" ? attrToken.v : undefined;
    const found = this.scope.lookup(t.v, attr);
    if (found !== undefined) {
      if ((t.v === "var" || t.v === "local") && attr) this.i += 2;
      return found;
    }
    return new Ref(t.v);
  }

  private template(t: Extract<Token, { t: "str" }>): Val {
    if (t.unknown) return UNKNOWN;
    let out = "";
    for (const part of t.parts) {
      if (part.lit !== undefined) out += part.lit;
      else {
        const v = evaluate(part.expr!, this.scope);
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out += String(v);
        else if (v instanceof Ref) out += "${" + v.path + "}";
        else if (v === UNKNOWN) out += PARTIAL_MARK;
        else return UNKNOWN;
      }
    }
    return out;
  }

  private list(): Val[] {
    const out: Val[] = [];
    while (!this.isOp("]")) {
      out.push(this.expr());
      if (this.isOp(",")) this.i++;
      else if (!this.isOp("]")) throw new Error("expected , or ]");
    }
    this.i++;
    return out;
  }

  private object(): Val {
    const out: { [key: string]: Val } = {};
    while (!this.isOp("}")) {
      const k = this.peek();
      let key: Val;
      if (k?.t === "id" && (this.isOp("=", 1) || this.isOp(":", 1))) ((key = k.v), this.i++);
      else key = this.expr();
      if (!this.isOp("=") && !this.isOp(":")) throw new Error("expected = in object");
      this.i++;
      const v = this.expr();
      if (typeof key !== "string" && typeof key !== "number") return this.skipTo("}");
      out[String(key)] = v;
      if (this.isOp(",")) this.i++;
    }
    this.i++;
    return out;
  }

  /** `[for k, v in coll : expr if cond]` / `{for k, v in coll : key => value if cond}`; the body is re-parsed per item */
  private forExpr(close: "]" | "}"): Val {
    this.i++;
    const names: string[] = [];
    for (;;) {
      const n = this.tokens[this.i++];
      if (n?.t !== "id") throw new Error("for: name");
      names.push(n.v);
      if (!this.isOp(",")) break;
      this.i++;
    }
    if (!this.isId("in")) throw new Error("for: in");
    this.i++;
    const coll = this.expr();
    this.expect(":");
    const bodyStart = this.i;
    const entries: [Val, Val][] = Array.isArray(coll)
      ? coll.map((v, k) => [k, v])
      : isObj(coll)
        ? Object.entries(coll)
        : [[UNKNOWN, UNKNOWN]];
    const outer = this.scope;
    const list: Val[] = [];
    const obj: { [key: string]: Val } = {};
    let unknown = !Array.isArray(coll) && !isObj(coll);
    for (const [k, v] of entries) {
      this.i = bodyStart;
      this.scope = withBindings(outer, names.length === 2 ? { [names[0]!]: k, [names[1]!]: v } : { [names[0]!]: v });
      const a = this.expr();
      let b: Val = a;
      if (close === "}") {
        this.expect("=>");
        b = this.expr();
        if (this.isOp("...")) this.i++;
      }
      let keep: Val = true;
      if (this.isId("if")) {
        this.i++;
        keep = this.expr();
      }
      if (keep === UNKNOWN) unknown = true;
      else if (keep && close === "]") list.push(a);
      else if (keep) {
        if (typeof a === "string") obj[a] = b;
        else unknown = true;
      }
    }
    this.scope = outer;
    this.expect(close);
    return unknown ? UNKNOWN : close === "]" ? list : obj;
  }

  private call(name: string): Val {
    this.i++;
    const args: Val[] = [];
    while (!this.isOp(")")) {
      args.push(this.expr());
      if (this.isOp("...")) this.i++;
      if (this.isOp(",")) this.i++;
      else if (!this.isOp(")")) throw new Error("expected , or )");
    }
    this.i++;
    return callFunction(name, args, this.scope);
  }

  private skipTo(close: string): Val {
    let depth = 0;
    while (this.peek() && !(depth === 0 && this.isOp(close))) {
      if (this.isOp("{") || this.isOp("[") || this.isOp("(")) depth++;
      if (this.isOp("}") || this.isOp("]") || this.isOp(")")) depth--;
      this.i++;
    }
    this.i++;
    return UNKNOWN;
  }
}
