// One field's schema, found in the config schema by its path ("aws.accountId", "services.port",
// "feed.domain"), so a prompt or a flag validates exactly as the config file will: the messages
// are the schema's own, and a field added to the schema needs nothing here.
import type * as z from "zod";
import { configSchema } from "./schema.js";

type AnySchema = z.ZodType;
type Wrapper = AnySchema & { unwrap(): AnySchema };

const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly"]);

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (WRAPPERS.has(s.def.type)) s = (s as Wrapper).unwrap();
  return s;
}

/** The schema of a field, without its default or null; array fields step into their element ("services.name"). */
export function fieldSchema(path: string): AnySchema | null {
  let s: AnySchema = configSchema;
  for (const key of path.split(".")) {
    s = unwrap(s);
    if (s.def.type === "array") s = unwrap((s as z.ZodArray<AnySchema>).element);
    if (s.def.type !== "object") return null;
    const next = (s as z.ZodObject).shape[key] as AnySchema | undefined;
    if (!next) return null;
    s = next;
  }
  return unwrap(s);
}

/** The schema's default for a field ("aws.region" -> "us-east-1"), or undefined. */
export function defaultOf(path: string): unknown {
  const keys = path.split(".");
  const parent = keys.length > 1 ? fieldSchema(keys.slice(0, -1).join(".")) : configSchema;
  let s =
    parent?.def.type === "object" ? ((parent as z.ZodObject).shape[keys.at(-1)!] as AnySchema | undefined) : undefined;
  while (s && WRAPPERS.has(s.def.type)) {
    if (s.def.type === "default") return (s.def as unknown as { defaultValue: unknown }).defaultValue;
    s = (s as Wrapper).unwrap();
  }
  return undefined;
}

/** Turns typed text into the field's type: numbers, true/false, comma-separated lists. */
export function valueFromText(schema: AnySchema, text: string): unknown {
  switch (schema.def.type) {
    case "number":
      return text.trim() === "" ? text : Number(text);
    case "boolean":
      return /^(true|yes|y)$/i.test(text.trim()) ? true : /^(false|no|n)$/i.test(text.trim()) ? false : text;
    case "array":
      return text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return text.trim();
  }
}

/** true, or the schema's message for the first problem (what a prompt's validate returns). */
export function checkField(path: string, value: unknown): true | string {
  const schema = fieldSchema(path);
  if (!schema) return `${path} is not a config field`;
  const result = schema.safeParse(value);
  return result.success ? true : (result.error.issues[0]?.message ?? "is not valid");
}
