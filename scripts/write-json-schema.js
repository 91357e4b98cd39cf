// Rewrites schema/ecs-stack.config.schema.json from the zod schema (run: npm run schema).
import { writeFileSync } from "node:fs";
import { configJsonSchema, JSON_SCHEMA_PATH } from "../dist/src/config/json-schema.js";

writeFileSync(JSON_SCHEMA_PATH, configJsonSchema());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
