/**
 * Independent checks of generated Terraform (docs/rules.md §5; DESIGN.md "What correct output means"):
 * - `terraformFmtCheck`: the real `terraform fmt -check -recursive -diff` (the binary ships with the machine image
 *   at /usr/local/bin/terraform; where it is absent the check is skipped with a loud warning);
 * - `parseHcl`: HashiCorp's HCL parser compiled to WASM (@cdktf/hcl2json), HCL -> JSON, throws on syntax errors;
 * - `checkTerraformDir`: a whole generated tree against the AWS provider schema (terraform-schema-check.ts, schema
 *   from test/data/aws-provider-schema.json) and for consistent module calls and references (terraform-refs.ts).
 */
import { existsSync } from "node:fs";
import { delimiter, join, posix } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { execa } from "execa";
import { blocksOf, scanHcl, type HclScan } from "./hcl-scan.js";
import { loadProviderSchema } from "./provider-schema.js";
import { checkReferences, type TfFile } from "./terraform-refs.js";
import { checkAgainstSchema } from "./terraform-schema-check.js";

export interface TerraformFmtResult {
  ok: boolean;
  output: string;
  skipped: boolean;
}

export function findTerraform(): string | undefined {
  const candidates = [
    process.env.TERRAFORM_BIN,
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => dir && join(dir, "terraform")),
    "/usr/local/bin/terraform",
  ];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
}

let warnedMissing = false;

export async function terraformFmtCheck(dir: string): Promise<TerraformFmtResult> {
  const terraform = findTerraform();
  if (!terraform) {
    if (!warnedMissing) {
      warnedMissing = true;
      console.warn(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n" +
          "!!! terraform NOT FOUND (PATH, $TERRAFORM_BIN, /usr/local/bin): `terraform fmt -check` is SKIPPED.  !!!\n" +
          "!!! Generated .tf files are NOT format-checked in this run.                                          !!!\n" +
          "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
      );
    }
    return { ok: true, output: "terraform not found: fmt check skipped", skipped: true };
  }
  const env: Record<string, string | undefined> = { TF_IN_AUTOMATION: "1" };
  // fmt reads no CLI configuration, but a TF_CLI_CONFIG_FILE pointing at a missing file (as on these machines)
  // prints a warning into every result; point it at an empty file instead.
  if (process.env.TF_CLI_CONFIG_FILE && !existsSync(process.env.TF_CLI_CONFIG_FILE))
    env.TF_CLI_CONFIG_FILE = "/dev/null";
  const result = await execa(terraform, ["fmt", "-check", "-recursive", "-diff", "-no-color", dir], {
    reject: false,
    all: true,
    env,
  });
  // Exit 0: formatted; 3: files would change (listed, with -diff); 2: HCL syntax error.
  return { ok: result.exitCode === 0, output: result.all ?? "", skipped: false };
}

/** HCL -> JSON with HashiCorp's parser. Blocks become arrays of objects, expressions "${...}" strings. */
export async function parseHcl(path: string, text: string): Promise<Record<string, unknown>> {
  return (await parse(path, text)) as Record<string, unknown>;
}

/**
 * Checks every `.tf` file of a generated tree (relative POSIX path -> content; other files are ignored).
 * Returns problems as "file:line: address: what is wrong"; empty when the tree is consistent.
 */
export async function checkTerraformDir(files: Map<string, string>): Promise<string[]> {
  const problems: string[] = [];
  const schema = loadProviderSchema();
  const parsed: TfFile[] = [];
  // Folders with a file that could not be read: their declarations are incomplete, so reference checks in them
  // (and calls into them) would only repeat the syntax error as "not declared" noise.
  const unreadableDirs = new Set<string>();
  for (const [rawPath, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = rawPath.replace(/\\/g, "/").replace(/^\.\//, "");
    if (!path.endsWith(".tf")) continue;
    let json: Record<string, unknown>;
    let scan: HclScan;
    try {
      json = await parseHcl(path, text);
    } catch (error) {
      problems.push(`${path}: HCL syntax error: ${(error as Error).message}`);
      unreadableDirs.add(posix.dirname(path));
      continue;
    }
    try {
      scan = scanHcl(text);
    } catch (error) {
      problems.push(`${path}: hcl-scan could not follow a file hcl2json accepts (${(error as Error).message})`);
      unreadableDirs.add(posix.dirname(path));
      continue;
    }
    problems.push(...crossCheck(path, json, scan));
    parsed.push({ path, scan });

    for (const block of blocksOf(scan.body)) {
      if (block.type !== "resource" && block.type !== "data") continue;
      const [type = ""] = block.labels;
      // Only the AWS provider's schema is here; random_password, tls_private_key, terraform_data… are not checked.
      if (!type.startsWith("aws_")) continue;
      const typeSchema = block.type === "resource" ? schema.resource(type) : schema.dataSource(type);
      if (!typeSchema) {
        const kind = block.type === "resource" ? "resource" : "data source";
        problems.push(`${path}:${block.line}: unknown ${kind} type "${type}" (AWS provider ${schema.providerVersion})`);
        continue;
      }
      checkAgainstSchema({ file: path, problems }, block, typeSchema);
    }
  }
  // Data source types too: `aws_iam_policy_document.x.json` without `data.` is a reference to a missing resource.
  const types = new Set([...schema.resourceTypes(), ...schema.dataSourceTypes()]);
  checkReferences(parsed, types, problems, unreadableDirs);
  return problems;
}

/**
 * The scanner must see the same resources/data sources (and their argument and block names) as hcl2json; a
 * difference is a scanner bug and is reported rather than trusted.
 */
function crossCheck(path: string, json: Record<string, unknown>, scan: HclScan): string[] {
  const out: string[] = [];
  for (const kind of ["resource", "data"]) {
    const fromJson = new Map<string, string[]>();
    for (const [type, byName] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, unknown[]>>)) {
      for (const [name, bodies] of Object.entries(byName)) {
        fromJson.set(`${type}.${name}`, Object.keys((bodies[0] ?? {}) as object).sort());
      }
    }
    const fromScan = new Map<string, string[]>();
    for (const block of blocksOf(scan.body, kind)) {
      const names = new Set(block.body.map((item) => (item.kind === "block" ? item.type : item.name)));
      const address = block.labels.join(".");
      if (!fromScan.has(address)) fromScan.set(address, [...names].sort()); // hcl2json's bodies[0] is the first, too
    }
    for (const address of new Set([...fromJson.keys(), ...fromScan.keys()])) {
      const [a, b] = [fromJson.get(address)?.join(","), fromScan.get(address)?.join(",")];
      if (a !== b) out.push(`${path}: ${kind} ${address}: hcl-scan sees [${b ?? "-"}], hcl2json [${a ?? "-"}]`);
    }
  }
  return out;
}
