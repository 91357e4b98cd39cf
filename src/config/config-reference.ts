// The README's config reference: one line per field of the JSON Schema (itself derived from the zod
// schema), with its type, default and description, written between two markers of README.md by
// `npm run schema`. A test fails when README.md is stale.
import { format, resolveConfig } from "prettier";
import type { JsonSchema } from "./json-schema.js";

export const README_PATH = "README.md";
const START = "<!-- config-reference:start -->";
const END = "<!-- config-reference:end -->";

/** How a path names the members of a record or of sibling objects of one shape. */
const PLACEHOLDERS: Record<string, string> = {
  environments: "<env>",
  "environments.<env>.services": "<service>",
};

/** A default longer than this (a whole object of defaults) is left to the fields' own lines. */
const MAX_DEFAULT_LENGTH = 60;

export interface ReferenceField {
  path: string;
  type: string;
  /** "required", "optional" (no default), or the default as JSON. */
  presence: string;
  description: string;
}

/** Every field, depth first in schema order: `services[].port`, `environments.<env>.nat`. */
export function referenceFields(root: JsonSchema): ReferenceField[] {
  return objectFields("", root);
}

function objectFields(prefix: string, schema: JsonSchema): ReferenceField[] {
  const properties = Object.entries(schema.properties ?? {});
  const shapes = properties.map(([, property]) => JSON.stringify(withoutDescriptions(property)));
  const shared =
    properties.length > 1 && new Set(shapes).size === 1 && nonNull(properties[0]![1]).properties !== undefined;
  const fields = properties.map(([key, property]) => ({
    path: `${prefix}${key}`,
    type: typeName(property),
    presence: presence(property, schema.required?.includes(key) ?? false),
    description: property.description ?? "",
  }));
  if (shared) {
    // Sibling objects of one shape (dev, staging, prod): their fields are listed once.
    const path = prefix.slice(0, -1);
    return [
      ...fields,
      ...childFields(PLACEHOLDERS[path] ?? `<${properties.map(([k]) => k).join("|")}>`, prefix, properties[0]![1]),
    ];
  }
  return properties.flatMap(([key, property], i) => [fields[i]!, ...childFields(key, prefix, property)]);
}

/** The fields inside a field: an object's, an array element's, or a record value's. */
function childFields(key: string, prefix: string, schema: JsonSchema): ReferenceField[] {
  const path = `${prefix}${key}`;
  const inner = nonNull(schema);
  if (inner.oneOf) return objectFields(`${path}.`, mergedVariants(inner.oneOf));
  if (inner.items) return objectFields(`${path}[].`, nonNull(inner.items));
  if (inner.properties) return objectFields(`${path}.`, inner);
  if (typeof inner.additionalProperties === "object" && inner.additionalProperties.properties)
    return objectFields(`${path}.${PLACEHOLDERS[path] ?? "<key>"}.`, inner.additionalProperties);
  return [];
}

/** The property every variant of a tagged union fixes to its own constant (`strategy`), if any. */
function discriminator(variants: JsonSchema[]): string | undefined {
  return Object.keys(variants[0]?.properties ?? {}).find((key) =>
    variants.every((variant) => variant.properties?.[key]?.const !== undefined),
  );
}

/**
 * A tagged union as one object: the tag lists every value with its meaning, and each other field
 * says which values it belongs to.
 */
function mergedVariants(variants: JsonSchema[]): JsonSchema {
  const tag = discriminator(variants);
  if (tag === undefined) return {};
  const tagOf = (variant: JsonSchema) => variant.properties![tag]!.const;
  const properties: Record<string, JsonSchema> = {
    [tag]: {
      enum: variants.map(tagOf),
      description: variants.map((v) => `${code(tagOf(v))}: ${v.properties![tag]!.description ?? ""}`).join(" "),
    },
  };
  for (const key of new Set(variants.flatMap((v) => Object.keys(v.properties ?? {})).filter((k) => k !== tag))) {
    const owners = variants.filter((v) => v.properties?.[key] !== undefined);
    const { default: _, ...field } = owners[0]!.properties![key]!;
    const defaults = new Map<string, unknown[]>();
    for (const owner of owners) {
      const value = JSON.stringify(owner.properties![key]!.default);
      defaults.set(value, [...(defaults.get(value) ?? []), tagOf(owner)]);
    }
    const [only] = defaults.keys();
    properties[key] = {
      ...field,
      // One default for every variant stays the field's; differing ones are said per variant.
      ...(defaults.size === 1 && only !== undefined ? { default: JSON.parse(only) as unknown } : {}),
      description: [
        `${field.description ?? ""} (${tag} ${owners.map((v) => code(tagOf(v))).join(", ")}`,
        defaults.size > 1
          ? `; default ${[...defaults].map(([value, tags]) => `\`${value}\` with ${tags.map(code).join(", ")}`).join(", ")})`
          : ")",
      ].join(""),
    };
  }
  return { type: "object", properties, required: [tag] };
}

/** The non-null branch of `X or null`. */
function nonNull(schema: JsonSchema): JsonSchema {
  return schema.anyOf?.find((branch) => branch.type !== "null") ?? schema;
}

function typeName(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeName).join(" | ");
  if (schema.oneOf) return discriminator(schema.oneOf) === undefined ? "any" : "object";
  if (schema.const !== undefined) return code(schema.const);
  if (schema.enum) return schema.enum.map(code).join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? "any"];
  return types
    .map((type) => {
      if (type === "array") return `${schema.items ? elementTypeName(schema.items) : "any"}[]`;
      if (type === "object" && typeof schema.additionalProperties === "object" && !schema.properties)
        return `map of ${typeName(schema.additionalProperties)}`;
      return type;
    })
    .join(" | ");
}

const elementTypeName = (schema: JsonSchema) => {
  const name = typeName(schema);
  return name.includes(" ") ? `(${name})` : name;
};

function presence(schema: JsonSchema, required: boolean): string {
  if (required) return "required";
  if (!("default" in schema)) return "optional";
  if (JSON.stringify(schema.default).length <= MAX_DEFAULT_LENGTH) return `default ${code(schema.default)}`;
  return isFieldDefaults(schema) ? "default: its fields' defaults" : `default ${code(abbreviated(schema.default))}`;
}

/** An object's default that is just what its fields default to, field by field. */
function isFieldDefaults(schema: JsonSchema): boolean {
  const fields = Object.entries(nonNull(schema).properties ?? {});
  const value = schema.default as Record<string, unknown>;
  return (
    fields.length === Object.keys(value).length &&
    fields.every(([key, field]) => JSON.stringify(field.default) === JSON.stringify(value[key]))
  );
}

/** `{"dev":{…}}`: the top level of a long default. */
function abbreviated(value: unknown): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return JSON.stringify(value);
  const entries = Object.entries(value).map(
    ([key, v]) => `${JSON.stringify(key)}:${v !== null && typeof v === "object" ? "{…}" : JSON.stringify(v)}`,
  );
  return `{${entries.join(",")}}`;
}

const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

function withoutDescriptions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (schema === null || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== "description" && key !== "examples")
      .map(([key, value]) => [key, withoutDescriptions(value)]),
  );
}

export function configReferenceMarkdown(root: JsonSchema): string {
  return referenceFields(root)
    .map((f) => `- \`${f.path}\` (${f.type}; ${f.presence}): ${f.description}`)
    .join("\n");
}

/**
 * README.md's text with the section between the markers rewritten, formatted as `prettier --check`
 * expects (with the options that apply to `readmeFile`).
 */
export async function readmeWithConfigReference(readmeFile: string, readme: string, root: JsonSchema): Promise<string> {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${README_PATH}: the markers ${START} and ${END} are missing`);
  const rewritten = `${readme.slice(0, start + START.length)}\n\n${configReferenceMarkdown(root)}\n\n${readme.slice(end)}`;
  const options = await resolveConfig(readmeFile);
  return format(rewritten, { ...options, parser: "markdown" });
}
