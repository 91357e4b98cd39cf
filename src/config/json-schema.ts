// The JSON Schema that ships in the package (schema/ecs-stack.config.schema.json), derived from
// the zod schema and never edited by hand. A test fails when the committed copy is stale.
import { z } from "zod";
import { configSchema } from "./schema.js";

export const JSON_SCHEMA_PATH = "schema/ecs-stack.config.schema.json";

/** The subset of JSON Schema that zod writes for the config and that the config reference reads. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
}

export function configJsonSchemaObject(): JsonSchema {
  const schema = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" }) as JsonSchema;
  return { ...schema, title: "ecs-stack.config.json", description: "Configuration of create-ecs-stack." };
}

export function configJsonSchema(): string {
  return `${JSON.stringify(configJsonSchemaObject(), null, 2)}\n`;
}
