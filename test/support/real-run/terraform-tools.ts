// What the Terraform half of the real-run suite needs from the machine: a terraform binary and a
// filesystem mirror holding hashicorp/aws (nothing is downloaded). Outside CI a missing piece skips
// the suite with the reason printed; under CI=true it is an error, so CI never passes by skipping.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findTerraform } from "../validators/terraform.js";

export interface TerraformTools {
  terraform: string;
  version: string;
  /** Directory laid out as <host>/<namespace>/<type>/<version>/<os_arch>/ (a filesystem mirror). */
  mirrorDir: string;
  awsProviderVersion: string;
}

export type ToolsLookup = { ok: true; tools: TerraformTools } | { ok: false; reason: string };

// Where machine images put the mirror; TF_MIRROR_DIR names another one.
const MIRROR_CANDIDATES = ["/opt/tf-plugins", "/usr/share/terraform/plugins", "/usr/local/share/terraform/plugins"];
const AWS_IN_MIRROR = join("registry.terraform.io", "hashicorp", "aws");

export function findTerraformTools(env: NodeJS.ProcessEnv = process.env): ToolsLookup {
  const terraform = findTerraform();
  if (!terraform) return { ok: false, reason: "no terraform binary on PATH (or TERRAFORM_BIN)" };
  let version: string;
  try {
    const out = execFileSync(terraform, ["version", "-json"], {
      encoding: "utf8",
      env: { ...env, TF_CLI_CONFIG_FILE: "" },
    });
    version = (JSON.parse(out) as { terraform_version: string }).terraform_version;
  } catch (error) {
    return { ok: false, reason: `${terraform} does not run: ${(error as Error).message.split("\n")[0]}` };
  }
  const candidates = env.TF_MIRROR_DIR ? [env.TF_MIRROR_DIR] : MIRROR_CANDIDATES;
  for (const mirrorDir of candidates) {
    const awsDir = join(mirrorDir, AWS_IN_MIRROR);
    if (!existsSync(awsDir)) continue;
    const versions = readdirSync(awsDir).sort();
    const newest = versions.at(-1);
    if (newest) return { ok: true, tools: { terraform, version, mirrorDir, awsProviderVersion: newest } };
  }
  return {
    ok: false,
    reason: `no filesystem mirror with hashicorp/aws in ${candidates.join(", ")} (set TF_MIRROR_DIR to one)`,
  };
}

/** The tools, or undefined after printing why the suite is skipped; throws under CI. */
export function terraformToolsOrSkip(env: NodeJS.ProcessEnv = process.env): TerraformTools | undefined {
  const lookup = findTerraformTools(env);
  if (lookup.ok) return lookup.tools;
  if (env.CI === "true" || env.CI === "1")
    throw new Error(`real-run terraform: ${lookup.reason}; CI must provide it (see .ci/run)`);
  console.warn(`real-run terraform skipped: ${lookup.reason}`);
  return undefined;
}

/**
 * A CLI configuration that installs providers only from the mirror and shares one plugin cache
 * across every root of the run, so each provider binary is linked, not copied, per root
 * (developer.hashicorp.com/terraform/cli/config/config-file#provider-installation).
 */
export function writeCliConfig(tools: TerraformTools, workDir: string): string {
  const cacheDir = join(workDir, "plugin-cache");
  mkdirSync(cacheDir, { recursive: true });
  const file = join(workDir, "terraform.tfrc");
  writeFileSync(
    file,
    [
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(tools.mirrorDir)}`,
      '    include = ["registry.terraform.io/hashicorp/*"]',
      "  }",
      "}",
      `plugin_cache_dir = ${JSON.stringify(cacheDir)}`,
      "",
    ].join("\n"),
  );
  return file;
}
