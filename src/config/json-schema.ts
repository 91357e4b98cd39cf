// The JSON Schema that ships in the package (schema/ecs-stack.config.schema.json), derived from
// the zod schema and never edited by hand. A test fails when the committed copy is stale.
import { z } from "zod";
import { configSchema } from "./schema.js";

export const JSON_SCHEMA_PATH = "schema/ecs-stack.config.schema.json";

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" });
  return `${JSON.stringify({ ...schema, title: "ecs-stack.config.json", description: "Configuration of create-ecs-stack." }, null, 2)}\n`;
}
