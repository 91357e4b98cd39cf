// Rewrites schema/ecs-stack.config.schema.json and README.md's config reference from the zod schema
// (run: npm run schema).
import { readFileSync, writeFileSync } from "node:fs";
import { configJsonSchema, configJsonSchemaObject, JSON_SCHEMA_PATH } from "../dist/src/config/json-schema.js";
import { readmeWithConfigReference, README_PATH } from "../dist/src/config/config-reference.js";

writeFileSync(JSON_SCHEMA_PATH, configJsonSchema());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
const readme = readFileSync(README_PATH, "utf8");
writeFileSync(README_PATH, await readmeWithConfigReference(README_PATH, readme, configJsonSchemaObject()));
console.log(`wrote the config reference in ${README_PATH}`);
