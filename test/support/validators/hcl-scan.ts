/**
 * A structural scanner for HCL native syntax: which names in a body are attributes (`name = expr`) and which are
 * blocks (`name "label" { ... }`), with line numbers, plus a "code" copy of the text in which comments and literal
 * string/heredoc text are blanked (interpolations `${...}` / `%{...}` are kept).
 *
 * Why not only @cdktf/hcl2json: its JSON cannot tell a block `x { a = 1 }` from an attribute `x = [{ a = 1 }]`
 * (both become `"x": [{"a": 1}]`), has no line numbers, and references are only visible inside "${...}" strings.
 * terraform.ts still parses every file with hcl2json first (syntax errors come from the real HCL parser) and
 * cross-checks this scanner's top-level view against it.
 * Grammar followed: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md (bodies, templates, heredocs).
 */

export interface HclAttribute {
  kind: "attribute";
  name: string;
  line: number;
  /** raw expression text, trimmed */
  expr: string;
}

export interface HclBlock {
  kind: "block";
  type: string;
  labels: string[];
  line: number;
  body: HclItem[];
  /** offsets of the block in the text: [start of type, after closing brace) */
  start: number;
  end: number;
}

export type HclItem = HclAttribute | HclBlock;

export interface HclScan {
  body: HclItem[];
  /** same length and line breaks as the input; comments and literal string text replaced by spaces */
  code: string;
  lineAt(offset: number): number;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const HEREDOC = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/y;

export function scanHcl(text: string): HclScan {
  const out = text.split("");
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === "\n") lineStarts.push(k + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`line ${lineAt(pos)}: ${what}`);
  };
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };

  /** Skips blanks and comments (blanking the comments); stops before a newline unless `newlines`. */
  const skipSpace = (newlines: boolean): void => {
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === " " || c === "\t" || c === "\r" || (newlines && c === "\n")) pos++;
      else if (c === "#" || text.startsWith("//", pos)) {
        const eol = text.indexOf("\n", pos);
        const stop = eol < 0 ? text.length : eol;
        blank(pos, stop);
        pos = stop;
      } else if (text.startsWith("/*", pos)) {
        const close = text.indexOf("*/", pos + 2);
        if (close < 0) fail("unterminated /* comment");
        blank(pos, close + 2);
        pos = close + 2;
      } else return;
    }
  };

  const ident = (): string | undefined => {
    IDENT.lastIndex = pos;
    const m = IDENT.exec(text);
    if (!m) return undefined;
    pos += m[0].length;
    return m[0];
  };

  /** Inside `${` or `%{` (already consumed) up to and including the matching `}`. */
  const skipTemplateExpr = (): void => {
    let depth = 0;
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === '"') skipString();
      else if (c === "{") (depth++, pos++);
      else if (c === "}") {
        pos++;
        if (depth-- === 0) return;
      } else pos++;
    }
    fail("unterminated template interpolation");
  };

  /** Template literal text: blank it, keep interpolations. Ends at `"` (quoted) or at the heredoc marker line. */
  const templateChar = (): void => {
    if (text.startsWith("$${", pos) || text.startsWith("%%{", pos)) {
      blank(pos, pos + 3);
      pos += 3;
    } else if (text.startsWith("${", pos) || text.startsWith("%{", pos)) {
      pos += 2;
      skipTemplateExpr();
    } else {
      blank(pos, pos + 1);
      pos++;
    }
  };

  const skipString = (): string => {
    const start = pos++;
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === '"') return text.slice(start, ++pos);
      if (c === "\n") fail("unterminated string");
      if (c === "\\") {
        blank(pos, pos + 2);
        pos += 2;
      } else templateChar();
    }
    return fail("unterminated string");
  };

  const skipHeredoc = (marker: string): void => {
    let lineStart = true;
    while (pos < text.length) {
      if (lineStart) {
        const eol = text.indexOf("\n", pos);
        const line = text.slice(pos, eol < 0 ? text.length : eol);
        if (line.trim() === marker) {
          pos += line.length;
          return;
        }
      }
      templateChar();
      lineStart = text[pos - 1] === "\n";
    }
    fail(`unterminated heredoc ${marker}`);
  };

  /** An attribute's expression: up to a newline outside brackets, or an unmatched `}` (one-line block). */
  const skipExpr = (): void => {
    let depth = 0;
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === "\n" && depth === 0) return;
      HEREDOC.lastIndex = pos;
      const heredoc = c === "<" ? HEREDOC.exec(text) : null;
      if (heredoc) {
        pos += heredoc[0].length;
        skipHeredoc(heredoc[2]!);
      } else if (c === '"') skipString();
      else if (c === "#" || text.startsWith("//", pos) || text.startsWith("/*", pos)) skipSpace(false);
      else if (c === "(" || c === "[" || c === "{") (depth++, pos++);
      else if (c === ")" || c === "]" || c === "}") {
        if (depth === 0) return;
        depth--;
        pos++;
      } else pos++;
    }
  };

  const body = (nested: boolean): HclItem[] => {
    const items: HclItem[] = [];
    for (;;) {
      skipSpace(true);
      if (pos >= text.length) {
        if (nested) fail("unclosed block");
        return items;
      }
      if (text[pos] === "}") {
        if (!nested) fail('unexpected "}"');
        pos++;
        return items;
      }
      const start = pos;
      const name = ident() ?? fail(`expected an attribute or block, found ${JSON.stringify(text[pos])}`);
      const line = lineAt(start);
      skipSpace(false);
      if (text[pos] === "=" && text[pos + 1] !== "=") {
        const from = ++pos;
        skipExpr();
        items.push({ kind: "attribute", name, line, expr: text.slice(from, pos).trim() });
        continue;
      }
      const labels: string[] = [];
      while (text[pos] !== "{") {
        if (text[pos] === '"') labels.push(JSON.parse(skipString()) as string);
        else labels.push(ident() ?? fail(`expected a block label or "{" after ${name}`));
        skipSpace(false);
      }
      pos++;
      const inner = body(true);
      items.push({ kind: "block", type: name, labels, line, body: inner, start, end: pos });
    }
  };

  const result = body(false);
  return { body: result, code: out.join(""), lineAt };
}

export const blocksOf = (items: HclItem[], type?: string): HclBlock[] =>
  items.filter((item): item is HclBlock => item.kind === "block" && (type === undefined || item.type === type));

export const attributesOf = (items: HclItem[]): HclAttribute[] =>
  items.filter((item): item is HclAttribute => item.kind === "attribute");
