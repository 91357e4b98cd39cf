// Parse, normalise, check. The only way a config enters the pipeline.
import type { z } from "zod";
import { UserError } from "../errors.js";
import { normaliseConfig, type Config } from "./normalise.js";
import { checkConfigRules } from "./rules.js";
import { configSchema } from "./schema.js";

export const CONFIG_FILE = "ecs-stack.config.json";

/** Parse the text of a config file; `source` names it in messages. Throws UserError. */
export function parseConfigText(text: string, source: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${source} is not valid JSON.`, [
      `${describeJsonError(text, error)}; fix the syntax and run again`,
    ]);
  }
  return parseConfigValue(raw, source);
}

export function parseConfigValue(raw: unknown, source: string): Config {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UserError(
      `${source} has ${plural(parsed.error.issues.length, "problem")}:`,
      parsed.error.issues.map((issue) => describeIssue(issue, raw)),
    );
  }
  const config = normaliseConfig(parsed.data);
  const problems = checkConfigRules(config);
  if (problems.length > 0) {
    throw new UserError(`${source} has ${plural(problems.length, "problem")}:`, problems);
  }
  return config;
}

/** `services[0].memory` from ["services", 0, "memory"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  );
}

// zod does not carry the offending value by default, so it is looked up in the raw input.
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const field = formatPath(issue.path) || "(top level)";
  const input = valueAt(raw, issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return `${field}: unknown ${issue.keys.length === 1 ? "key" : "keys"} ${issue.keys.map((k) => `"${k}"`).join(", ")}; remove ${issue.keys.length === 1 ? "it" : "them"} or check the spelling against the schema`;
    case "invalid_type":
      return input === undefined
        ? `${field}: is required; add it (${issue.expected})`
        : `${field}: expected ${issue.expected}, got ${describeValue(input)}`;
    case "invalid_key": {
      const key = String(issue.path.at(-1));
      return `${formatPath(issue.path.slice(0, -1))}: key ${JSON.stringify(key)} must be a valid environment variable name (letters, digits and underscores, not starting with a digit); rename it`;
    }
    case "invalid_value":
      if (input === undefined)
        return `${field}: is required; add it (one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`;
      return `${field}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}; got ${describeValue(input)}`;
    default:
      return `${field}: ${issue.message}${input !== undefined && typeof input !== "object" ? `; got ${describeValue(input)}` : ""}`;
  }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function describeJsonError(text: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, "")
    .replace(/ in JSON at position \d+.*$/, "");
  const offset = firstInvalidOffset(text);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}: ${message}`;
}

/**
 * Where JSON.parse gives up, found without relying on the wording of its message (Node 20 does
 * not always give a position): every prefix shorter than the bad token fails only because the
 * input ends, every longer one fails at the token, so a binary search finds it.
 */
function firstInvalidOffset(text: string): number {
  const failsAtToken = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      const message = String(e);
      if (n === text.length) return true;
      if (/Unexpected end of JSON input/.test(message)) return false;
      const position = /at position (\d+)/.exec(message);
      return position ? Number(position[1]) < n : true;
    }
  };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (failsAtToken(mid + 1)) high = mid;
    else low = mid + 1;
  }
  return low;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
