/**
 * Tokens of one HCL native-syntax expression (the raw `expr` text hcl-scan.ts keeps per attribute), for the small
 * evaluator in hcl-eval.ts. Grammar followed: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 * (expressions, template literals, heredocs). Newlines are dropped: inside brackets they are insignificant, and
 * object entries parse without them (an entry ends where the next `key =` starts).
 */

export type Token =
  | { t: "num"; v: number }
  /** a quoted template: literal text and `${...}` interpolation sources, alternating; `unknown` for `%{` directives */
  | { t: "str"; parts: { lit?: string; expr?: string }[]; unknown?: boolean }
  | { t: "id"; v: string }
  | { t: "op"; v: string };

const OPS = ["...", "=>", "==", "!=", "<=", ">=", "&&", "||", "?", ":", "(", ")", "[", "]", "{", "}", ","];
const SINGLE = "!<>+-*/%.=";
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

export function lexExpr(src: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  /** from just after `${` to its matching `}` (strings inside skipped) */
  const interpolation = (): string => {
    const start = pos;
    let depth = 0;
    while (pos < src.length) {
      const c = src[pos]!;
      if (c === '"') quoted();
      else if (c === "{") (depth++, pos++);
      else if (c === "}") {
        if (depth-- === 0) return src.slice(start, pos++);
        pos++;
      } else pos++;
    }
    throw new Error(`unterminated interpolation in ${src}`);
  };
  const quoted = (): Token => {
    const parts: { lit?: string; expr?: string }[] = [];
    let lit = "";
    let unknown = false;
    pos++;
    while (pos < src.length && src[pos] !== '"') {
      if (src[pos] === "\\") {
        const e = src[pos + 1]!;
        if (e === "u" || e === "U") {
          const n = e === "u" ? 4 : 8;
          lit += String.fromCodePoint(parseInt(src.slice(pos + 2, pos + 2 + n), 16));
          pos += 2 + n;
        } else ((lit += ESCAPES[e] ?? e), (pos += 2));
      } else if (src.startsWith("$${", pos) || src.startsWith("%%{", pos))
        ((lit += src.slice(pos + 1, pos + 3)), (pos += 3));
      else if (src.startsWith("${", pos) || src.startsWith("%{", pos)) {
        if (src[pos] === "%") unknown = true;
        pos += 2;
        if (lit) parts.push({ lit });
        lit = "";
        parts.push({ expr: interpolation() });
      } else lit += src[pos++];
    }
    if (src[pos] !== '"') throw new Error(`unterminated string in ${src}`);
    pos++;
    if (lit || parts.length === 0) parts.push({ lit });
    return { t: "str", parts, unknown };
  };
  while (pos < src.length) {
    const c = src[pos]!;
    if (/\s/.test(c)) pos++;
    else if (c === "#" || src.startsWith("//", pos))
      pos = src.indexOf("\n", pos) < 0 ? src.length : src.indexOf("\n", pos);
    else if (src.startsWith("/*", pos)) pos = src.indexOf("*/", pos) + 2;
    else if (c === '"') out.push(quoted());
    else if (src.startsWith("<<", pos)) {
      // A heredoc: the evaluator does not look inside (policies here are jsonencode objects, not heredocs).
      const m = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(src.slice(pos));
      if (!m) throw new Error(`bad heredoc in ${src}`);
      const end = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, "m");
      const rest = src.slice(pos + m[0].length);
      const close = end.exec(rest);
      pos = close ? pos + m[0].length + close.index + close[0].length : src.length;
      out.push({ t: "str", parts: [], unknown: true });
    } else if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(pos))!;
      out.push({ t: "num", v: Number(m[0]) });
      pos += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w-]*/.exec(src.slice(pos))!;
      out.push({ t: "id", v: m[0] });
      pos += m[0].length;
    } else {
      const op = OPS.find((o) => src.startsWith(o, pos)) ?? (SINGLE.includes(c) ? c : undefined);
      if (!op) throw new Error(`unexpected ${JSON.stringify(c)} in ${src}`);
      out.push({ t: "op", v: op });
      pos += op.length;
    }
  }
  return out;
}
