/**
 * Checks one `resource` / `data` block body against the AWS provider schema: unknown arguments and nested blocks,
 * missing required arguments and blocks, a block written as an attribute or an attribute written as a block, and
 * nested block counts outside min/max. Meta-arguments are Terraform's, not the provider's, and are skipped:
 * https://developer.hashicorp.com/terraform/language/meta-arguments (count, for_each, depends_on, provider,
 * lifecycle; connection and provisioner blocks).
 *
 * Limits (the trimmed schema carries names, required, nesting and counts only): attribute types, computed-only
 * attributes (`id`, `tags_all` are accepted as optional) and value constraints are not checked.
 */
import type { HclBlock, HclItem } from "./hcl-scan.js";
import type { BlockSchema, NestedBlockSchema } from "./provider-schema.js";

const META_ATTRIBUTES = new Set(["count", "for_each", "depends_on", "provider"]);
const META_BLOCKS = new Set(["lifecycle", "connection", "provisioner"]);

/**
 * Block types the provider also accepts in attribute syntax (`ingress = [...]`, typically `= []` to remove all):
 * "Attributes as Blocks", https://developer.hashicorp.com/terraform/language/attr-as-blocks — in the AWS
 * provider these are the SDK fields with ConfigMode = SchemaConfigModeAttr.
 */
const ATTRIBUTES_AS_BLOCKS: Record<string, string[]> = {
  aws_security_group: ["ingress", "egress"],
  aws_default_security_group: ["ingress", "egress"],
  aws_network_acl: ["ingress", "egress"],
  aws_default_network_acl: ["ingress", "egress"],
  aws_route_table: ["route"],
  aws_default_route_table: ["route"],
};

export interface SchemaCheckContext {
  file: string;
  problems: string[];
}

/** `block` is a scanned top-level `resource` or `data` block with labels [type, name]. */
export function checkAgainstSchema(ctx: SchemaCheckContext, block: HclBlock, schema: BlockSchema): void {
  const [type = "", name = ""] = block.labels;
  const address = block.type === "data" ? `data.${type}.${name}` : `${type}.${name}`;
  checkBody(ctx, block.body, schema, address, type, block.line);
}

function checkBody(
  ctx: SchemaCheckContext,
  items: HclItem[],
  schema: BlockSchema,
  address: string,
  resourceType: string,
  /** line of the block header, where missing arguments are reported; top level = the resource block itself */
  headerLine: number,
  topLevel = true,
): void {
  const report = (line: number, what: string): void => {
    ctx.problems.push(`${ctx.file}:${line}: ${address}: ${what}`);
  };
  const seenAttributes = new Set<string>();
  const blockCounts = new Map<string, number>();
  const dynamicBlocks = new Set<string>();

  for (const item of items) {
    if (item.kind === "attribute") {
      if (topLevel && META_ATTRIBUTES.has(item.name)) continue;
      seenAttributes.add(item.name);
      if (schema.attributes.has(item.name)) continue;
      if (schema.blocks.has(item.name)) {
        if (topLevel && ATTRIBUTES_AS_BLOCKS[resourceType]?.includes(item.name)) {
          blockCounts.set(item.name, Infinity); // attribute syntax sets the whole list; count unknown here
          continue;
        }
        report(item.line, `"${item.name}" is a nested block, not an argument: write ${item.name} { ... }`);
      } else report(item.line, `unknown argument "${item.name}"${suggest(item.name, schema)}`);
      continue;
    }
    if (topLevel && META_BLOCKS.has(item.type)) continue;
    let target = item.type;
    let bodyItems = item.body;
    if (item.type === "dynamic") {
      // dynamic "x" { for_each = ...; iterator = ...; content { <x's body> } }
      target = item.labels[0] ?? "";
      const contents = item.body.filter(
        (inner): inner is HclBlock => inner.kind === "block" && inner.type === "content",
      );
      if (contents.length !== 1) report(item.line, `dynamic "${target}" needs exactly one content block`);
      bodyItems = contents[0]?.body ?? [];
      dynamicBlocks.add(target);
    } else blockCounts.set(target, (blockCounts.get(target) ?? 0) + 1);
    const nested = schema.blocks.get(target);
    if (!nested) {
      if (schema.attributes.has(target))
        report(item.line, `"${target}" is an argument, not a block: write ${target} = ...`);
      else report(item.line, `unknown nested block "${target}"${suggest(target, schema)}`);
      continue;
    }
    checkBody(ctx, bodyItems, nested, `${address}.${target}`, resourceType, item.line, false);
  }

  const line = headerLine;
  for (const [attribute, required] of schema.attributes) {
    if (required && !seenAttributes.has(attribute)) report(line, `missing required argument "${attribute}"`);
  }
  for (const [blockName, nested] of schema.blocks) {
    if (dynamicBlocks.has(blockName)) continue; // count decided at plan time
    const count = blockCounts.get(blockName) ?? 0;
    if (count < nested.min) report(line, `missing required block "${blockName}"${range(nested)}`);
    else if (nested.max !== undefined && count > nested.max && count !== Infinity) {
      report(line, `${count} "${blockName}" blocks, at most ${nested.max} allowed (${nested.nesting})`);
    }
  }
}

function range(nested: NestedBlockSchema): string {
  return nested.min > 1 || nested.max !== undefined ? ` (${nested.min}..${nested.max ?? ""})` : "";
}

/** "did you mean" for typos: the closest known name within edit distance 2 (and small against the name's length). */
function suggest(name: string, schema: BlockSchema): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of [...schema.attributes.keys(), ...schema.blocks.keys()]) {
    const d = editDistance(name, candidate);
    if (d < bestDistance && d * 4 <= name.length) [best, bestDistance] = [candidate, d];
  }
  return best ? ` (did you mean "${best}"?)` : "";
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
