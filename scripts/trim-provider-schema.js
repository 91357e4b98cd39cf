// Writes test/data/aws-provider-schema.json, the AWS provider schema the Terraform validator checks against
// (test/support/validators/provider-schema.ts reads it). Run: node scripts/trim-provider-schema.js [source]
//
// The source is a dump of `terraform providers schema -json` for hashicorp/aws, already reduced to
// {provider_version, resource_schemas, data_source_schemas} with only `required` on attributes and
// `nesting_mode`/`required` (and, in fuller dumps, `min_items`/`max_items`) on block types. The 1.7 MB dump
// lives outside the repository (../shared), so the tests carry this trimmed copy instead.
//
// Each resource and data source type becomes ONE string, so the file stays small, diffs one line per type on a
// provider bump, and is already in prettier's format (prettier never breaks a string). The grammar, repeated in
// the file's "format" key:
//   body  := item*                         (items separated by one space)
//   item  := name | name "!" | name "{" mode [" " min ".." max] (" " item)* "}"
// `name!` is a required argument; `name{...}` a nested block with its nesting mode (single, list, set, map,
// group); `min..max` appears only when the block is required (min >= 1) or has max_items; either side may be
// empty. A "single" block allows at most one occurrence without a max being written.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_SOURCE = resolve(ROOT, "../shared/reference/schemas/aws-provider.json");
const OUTPUT = resolve(ROOT, "test/data/aws-provider-schema.json");

const FORMAT =
  'One string per type: items separated by spaces; "name" = optional argument, "name!" = required argument, ' +
  '"name{mode min..max items}" = nested block (min..max only when required or bounded; "single" = at most one).';

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** @param {{attributes?: Record<string, {required?: boolean}>, block_types?: Record<string, any>}} block */
function encodeBody(block) {
  const items = [];
  for (const name of Object.keys(block.attributes ?? {}).sort(byName)) {
    items.push(block.attributes[name].required ? `${name}!` : name);
  }
  for (const name of Object.keys(block.block_types ?? {}).sort(byName)) {
    const type = block.block_types[name];
    const min = type.min_items ?? (type.required ? 1 : 0);
    const max = type.max_items ?? 0;
    const head = [type.nesting_mode];
    if (min > 0 || max > 0) head.push(`${min > 0 ? min : ""}..${max > 0 ? max : ""}`);
    const inner = encodeBody(type.block ?? {});
    items.push(`${name}{${[...head, inner].filter(Boolean).join(" ")}}`);
  }
  return items.join(" ");
}

function encodeAll(schemas) {
  const out = {};
  for (const type of Object.keys(schemas ?? {}).sort(byName)) out[type] = encodeBody(schemas[type].block ?? {});
  return out;
}

const source = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_SOURCE;
const raw = readFileSync(source);
const dump = JSON.parse(raw.toString("utf8"));
if (!dump.resource_schemas) throw new Error(`${source}: no resource_schemas; not a provider schema dump`);

const trimmed = {
  source: relative(ROOT, source).split("\\").join("/"),
  source_sha256: createHash("sha256").update(raw).digest("hex"),
  provider_version: dump.provider_version ?? null,
  format: FORMAT,
  resources: encodeAll(dump.resource_schemas),
  data_sources: encodeAll(dump.data_source_schemas),
};

mkdirSync(dirname(OUTPUT), { recursive: true });
// JSON.stringify with 2-space indent is exactly prettier's output for an object of string maps.
writeFileSync(OUTPUT, `${JSON.stringify(trimmed, null, 2)}\n`);
const counts = `${Object.keys(trimmed.resources).length} resources, ${Object.keys(trimmed.data_sources).length} data sources`;
console.log(`wrote ${relative(process.cwd(), OUTPUT)} (${counts}, ${readFileSync(OUTPUT).length} bytes)`);
