// Markdown in prettier's layout for what our templates cannot write aligned themselves: tables,
// and the blank lines a section left empty by the config would double (prettier keeps one).
// Prettier pads every cell to its column's widest (at least 3, the delimiter's "---"), right-
// aligns a column whose delimiter ends in ":", centres one with ":" at both ends, and writes the
// delimiter row as dashes of the column's width. The rest of DEPLOY.md is written in prettier's
// layout by its template (test/format.test.ts holds every generated file to prettier); code
// blocks are left as they are.
import { textWidth } from "./width.js";

type Align = "none" | "left" | "right" | "center";

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const DELIMITER_ROW = /^\|(?: *:?-+:? *\|)+ *$/;

/** No print width: prettier aligns tables whatever their width (its proseWrap "preserve"). */
export function settleMarkdown(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const opening = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (opening?.startsWith(fence)) fence = null;
      out.push(line);
    } else if (opening !== undefined) {
      fence = opening;
      out.push(line);
    } else if (line === "" && out.at(-1) === "") {
      continue;
    } else if (line.startsWith("|") && DELIMITER_ROW.test(lines[i + 1] ?? "")) {
      let end = i + 2;
      while (end < lines.length && lines[end]!.startsWith("|")) end++;
      out.push(...alignTable(lines.slice(i, end)));
      i = end - 1;
    } else {
      out.push(line);
    }
  }
  return out.join("\n");
}

function alignTable(lines: string[]): string[] {
  const [header, delimiter, ...body] = lines.map(cells);
  const aligns = delimiter!.map(alignOf);
  const rows = [header!, ...body];
  const widths = aligns.map((_, column) => Math.max(3, ...rows.map((row) => textWidth(row[column] ?? ""))));
  const printRow = (row: string[]) =>
    `| ${widths.map((w, column) => pad(row[column] ?? "", w, aligns[column]!)).join(" | ")} |`;
  return [printRow(header!), `| ${widths.map((w, c) => rule(w, aligns[c]!)).join(" | ")} |`, ...body.map(printRow)];
}

/** A row's cells, trimmed; a pipe escaped with a backslash stays in its cell. */
function cells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

function alignOf(delimiter: string): Align {
  const left = delimiter.startsWith(":");
  const right = delimiter.endsWith(":");
  return left && right ? "center" : right ? "right" : left ? "left" : "none";
}

function rule(width: number, align: Align): string {
  if (align === "center") return `:${"-".repeat(width - 2)}:`;
  if (align === "right") return `${"-".repeat(width - 1)}:`;
  if (align === "left") return `:${"-".repeat(width - 1)}`;
  return "-".repeat(width);
}

function pad(cell: string, width: number, align: Align): string {
  const space = width - textWidth(cell);
  if (align === "right") return " ".repeat(space) + cell;
  if (align === "center") return " ".repeat(Math.floor(space / 2)) + cell + " ".repeat(Math.ceil(space / 2));
  return cell + " ".repeat(space);
}
