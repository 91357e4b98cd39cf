/**
 * The AWS provider schema (hashicorp/aws, version in the file) as the Terraform validator needs it: argument names,
 * which are required, and nested block types with nesting mode and min/max items.
 *
 * Read from test/data/aws-provider-schema.json, written by scripts/trim-provider-schema.js from a
 * `terraform providers schema -json` dump. Each type is one compact string; its grammar is documented in that script
 * and in the file's "format" key. Types are decoded lazily: the file holds ~2,200 of them, a test touches a dozen.
 */
import { readFileSync } from "node:fs";

export interface BlockSchema {
  /** argument name -> required */
  attributes: Map<string, boolean>;
  blocks: Map<string, NestedBlockSchema>;
}

export interface NestedBlockSchema extends BlockSchema {
  nesting: string;
  min: number;
  /** undefined = unbounded; "single" nesting is always at most one */
  max: number | undefined;
}

interface SchemaFile {
  provider_version: string;
  resources: Record<string, string>;
  data_sources: Record<string, string>;
}

export interface ProviderSchema {
  providerVersion: string;
  resource(type: string): BlockSchema | undefined;
  dataSource(type: string): BlockSchema | undefined;
  resourceTypes(): string[];
  dataSourceTypes(): string[];
}

const SCHEMA_FILE = new URL("../../data/aws-provider-schema.json", import.meta.url);

let cached: ProviderSchema | undefined;

export function loadProviderSchema(): ProviderSchema {
  if (cached) return cached;
  const file = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as SchemaFile;
  const decoded = new Map<string, BlockSchema>();
  const lookup = (kind: "resources" | "data_sources", type: string): BlockSchema | undefined => {
    const key = `${kind}:${type}`;
    if (!decoded.has(key)) {
      if (!Object.hasOwn(file[kind], type)) return undefined;
      decoded.set(key, decodeBody(file[kind][type]!, `${kind}.${type}`));
    }
    return decoded.get(key);
  };
  cached = {
    providerVersion: file.provider_version,
    resource: (type) => lookup("resources", type),
    dataSource: (type) => lookup("data_sources", type),
    resourceTypes: () => Object.keys(file.resources),
    dataSourceTypes: () => Object.keys(file.data_sources),
  };
  return cached;
}

/** Decodes `a b! blk{list 1.. c! d}` (see scripts/trim-provider-schema.js). */
export function decodeBody(text: string, where = "schema"): BlockSchema {
  const tokens = text.match(/[^\s{}]+\{|\}|[^\s{}]+/g) ?? [];
  let i = 0;
  const body = (): BlockSchema => {
    const block: BlockSchema = { attributes: new Map(), blocks: new Map() };
    while (i < tokens.length && tokens[i] !== "}") {
      const token = tokens[i++]!;
      if (!token.endsWith("{")) {
        const required = token.endsWith("!");
        block.attributes.set(required ? token.slice(0, -1) : token, required);
        continue;
      }
      const nesting = tokens[i++];
      if (!nesting || nesting === "}") throw new Error(`${where}: block ${token} without nesting mode`);
      let min = 0;
      let max: number | undefined = nesting === "single" ? 1 : undefined;
      const range = /^(\d*)\.\.(\d*)$/.exec(tokens[i] ?? "");
      if (range) {
        i++;
        min = range[1] ? Number(range[1]) : 0;
        if (range[2]) max = Number(range[2]);
      }
      const inner = body();
      if (tokens[i++] !== "}") throw new Error(`${where}: unclosed block ${token}`);
      block.blocks.set(token.slice(0, -1), { ...inner, nesting, min, max });
    }
    return block;
  };
  const result = body();
  if (i !== tokens.length) throw new Error(`${where}: unexpected "}"`);
  return result;
}
