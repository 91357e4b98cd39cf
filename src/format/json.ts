// JSON in prettier's layout (its "json" parser at our print width), printed from the value, so no
// formatter has to load. What prettier does with the text JSON.stringify(value, null, 2) makes:
// - an object with keys stays one key a line (the text has a line break after its "{");
// - an array goes on one line when that line, with the comma after it, fits the width; else one
//   element a line, except that an array of numbers fills its lines instead;
// - an array of two or more arrays (or objects), each with two or more entries, always breaks;
// - strings, numbers and keys are written as JSON.stringify writes them.
// test/format.test.ts holds this to prettier on every generated file and on generated values.
import { textWidth } from "./width.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const INDENT = "  ";

export function printJson(value: unknown, width: number): string {
  return `${print(value as Json, "", 0, 0, width)}\n`;
}

/**
 * `column`: where the value starts on its line; `after`: how many columns follow it on that line
 * (a comma). Both decide whether an array fits on one line.
 */
function print(value: Json, indent: string, column: number, after: number, width: number): string {
  if (Array.isArray(value)) return printArray(value, indent, column, after, width);
  if (value !== null && typeof value === "object") return printObject(value, indent, width);
  return JSON.stringify(value);
}

function printObject(value: { [key: string]: Json }, indent: string, width: number): string {
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  const inner = indent + INDENT;
  const lines = keys.map((key, i) => {
    const prefix = `${inner}${JSON.stringify(key)}: `;
    const comma = i < keys.length - 1 ? 1 : 0;
    return `${prefix}${print(value[key]!, inner, textWidth(prefix), comma, width)}${comma ? "," : ""}`;
  });
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function printArray(items: Json[], indent: string, column: number, after: number, width: number): string {
  if (items.length === 0) return "[]";
  const flat = flatArray(items);
  if (flat !== null && !alwaysBreaks(items) && column + textWidth(flat) + after <= width) return flat;
  const inner = indent + INDENT;
  if (items.every((item) => typeof item === "number")) return fillNumbers(items as number[], indent, width);
  const lines = items.map((item, i) => {
    const comma = i < items.length - 1 ? 1 : 0;
    return `${inner}${print(item, inner, textWidth(inner), comma, width)}${comma ? "," : ""}`;
  });
  return `[\n${lines.join("\n")}\n${indent}]`;
}

/** The array on one line; null when an element cannot be (an object with keys always breaks). */
function flatArray(items: Json[]): string | null {
  const parts: string[] = [];
  for (const item of items) {
    if (Array.isArray(item)) {
      const flat = item.length === 0 ? "[]" : flatArray(item);
      if (flat === null || alwaysBreaks(item)) return null;
      parts.push(flat);
    } else if (item !== null && typeof item === "object") {
      if (Object.keys(item).length > 0) return null;
      parts.push("{}");
    } else {
      parts.push(JSON.stringify(item));
    }
  }
  return `[${parts.join(", ")}]`;
}

/** Two or more elements, all arrays (or all objects) of two or more entries: a matrix, one row a line. */
function alwaysBreaks(items: Json[]): boolean {
  if (items.length < 2) return false;
  const entries = (item: Json) =>
    Array.isArray(item) ? item.length : item !== null && typeof item === "object" ? Object.keys(item).length : 0;
  const allArrays = items.every((item) => Array.isArray(item));
  const allObjects = items.every((item) => item !== null && typeof item === "object" && !Array.isArray(item));
  return (allArrays || allObjects) && items.every((item) => entries(item) > 1);
}

/** Numbers fill each line: the next one goes on this line while it and its comma fit. */
function fillNumbers(items: number[], indent: string, width: number): string {
  const inner = indent + INDENT;
  const texts = items.map((n, i) => `${JSON.stringify(n)}${i < items.length - 1 ? "," : ""}`);
  let line = `${inner}${texts[0]}`;
  const lines: string[] = [];
  for (const text of texts.slice(1)) {
    if (textWidth(line) + 1 + textWidth(text) <= width) line += ` ${text}`;
    else {
      lines.push(line);
      line = `${inner}${text}`;
    }
  }
  lines.push(line);
  return `[\n${lines.join("\n")}\n${indent}]`;
}
