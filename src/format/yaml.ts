// YAML in prettier's layout (its "yaml" parser at our print width) for the values our templates
// write with the `json` helper: a double-quoted scalar, or a flow sequence of them, at the end of
// a `key:` or `- ` line. The templates' own text is already in that layout (test/format.test.ts
// holds every generated file to prettier), so only those values can differ, in two ways:
// - quotes: a double-quoted string whose only escapes are \" is written in single quotes when it
//   holds more double quotes than single ones (prettier's preferred quote);
// - width: a flow sequence that does not fit on its line moves to the next line under its key,
//   and when it does not fit there either, it puts one element a line.
// Block scalars (`run: |`) and comments are left as they are, as prettier leaves them.
import { textWidth } from "./width.js";

/** `indent`, then any `- ` markers, then an optional `key: `, then a double-quoted or flow-sequence value. */
const VALUE_LINE = /^( *)((?:- )*)((?:[^\s"'#\-[{][^:#]*|"[^"]*"): )?(["[].*)$/;
/** A block scalar's header (`key: |`, `- >-`): its text is every following line indented deeper than the key or dash. */
const BLOCK_HEADER = /^( *)((?:- )*)(.*?)[|>][-+0-9]*$/;

export function settleYaml(text: string, width: number): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let blockColumn = -1; // inside a block scalar: the column of its key or dash
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (blockColumn >= 0) {
      if (line.trim() === "" || indent > blockColumn) {
        out.push(line);
        continue;
      }
      blockColumn = -1;
    }
    blockColumn = blockHeaderColumn(line);
    out.push(settleLine(line, width));
  }
  return out.join("\n");
}

function blockHeaderColumn(line: string): number {
  const header = BLOCK_HEADER.exec(line.trimEnd());
  if (!header) return -1;
  const [, indent = "", dashes = "", key = ""] = header;
  if (key === "") return indent.length + Math.max(dashes.length - 2, 0);
  return key.endsWith(": ") ? indent.length + dashes.length : -1;
}

function settleLine(line: string, width: number): string {
  const match = VALUE_LINE.exec(line);
  if (!match) return line;
  const [, indent = "", dashes = "", key = "", value = ""] = match;
  const parsed = parseValue(value);
  if (parsed === null) return line;
  const lead = `${indent}${dashes}${key}`;
  if (!Array.isArray(parsed)) return `${lead}${quote(parsed)}`;
  const items = parsed.map((item) => (typeof item === "string" ? quote(item) : String(item)));
  const flat = `[${items.join(", ")}]`;
  if (textWidth(lead) + textWidth(flat) <= width) return `${lead}${flat}`;
  // The column the sequence's own lines are indented from: its key's, or its last dash's.
  const base = key ? textWidth(indent) + dashes.length : textWidth(indent) + Math.max(dashes.length - 2, 0);
  const under = " ".repeat(base + 2);
  if (key && under.length + textWidth(flat) <= width) return `${lead.trimEnd()}\n${under}${flat}`;
  const elements = items.map((item) => `${under}  ${item},`).join("\n");
  return key ? `${lead.trimEnd()}\n${under}[\n${elements}\n${under}]` : `${lead}[\n${elements}\n${under}]`;
}

/** The value when it is a JSON string, or a JSON array of strings and numbers; null for anything else. */
function parseValue(value: string): string | (string | number)[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  // Only the spelling the json helper writes, so an escape a template wrote by hand keeps its form.
  if (typeof parsed === "string") return JSON.stringify(parsed) === value ? parsed : null;
  if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string" || typeof item === "number")) {
    const spelled = `[${parsed.map((item) => JSON.stringify(item)).join(", ")}]`;
    return spelled === value ? parsed : null;
  }
  return null;
}

/** A string as prettier quotes it, given that it was written with JSON.stringify. */
function quote(text: string): string {
  const double = JSON.stringify(text);
  if (/\\[^"]/.test(double)) return double; // only double quotes can escape a newline, a tab, a backslash
  const doubles = text.split('"').length - 1;
  const singles = text.split("'").length - 1;
  return doubles > singles ? `'${text.replaceAll("'", "''")}'` : double;
}
