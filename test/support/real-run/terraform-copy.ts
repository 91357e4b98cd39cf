// A test copy of one generated Terraform root: the root, the modules it references (transitively)
// and the task-definition JSON it reads, laid out as in infra/ so every relative path still holds.
// The copy is edited only where this machine differs from a user's: the mirror has hashicorp/aws
// 5.100.0 and nothing else, there is no state bucket, and a mock provider has no ephemeral resources.
// Every edit is in COPY_EDITS or PLAN_EDITS with its reason (CONTRIBUTING.md lists them too); anything
// else that fails is a defect of the generated files.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, posix, relative } from "node:path";

export interface CopyEdit {
  name: string;
  why: string;
  apply(content: string): string;
}

/** Stand-in value of a generated password or token: letters and digits, like the real ones. */
export const PASSWORD_STAND_IN = "TestCopyPassword0123456789abcdefTestCopy";

export const COPY_EDITS: CopyEdit[] = [
  {
    name: "aws provider constraint",
    why: "the roots pin ~> 6.21; the mirror has only 5.100.0",
    apply: (text) =>
      text.replace(/(source\s*=\s*"hashicorp\/aws"\s*\n\s*version\s*=\s*)"~> 6\.\d+"/g, '$1">= 5.100.0, < 7.0.0"'),
  },
  {
    name: "S3 backend",
    why: "no state bucket here; init runs with -backend=false, and validate and test need no state",
    apply: (text) => text.replace(/\n[ \t]*backend\s+"s3"\s*\{[\s\S]*?\n[ \t]*\}\n/g, "\n"),
  },
  {
    // registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-6-upgrade: aws_region
    // gained `region` in 6.0 and deprecated `name`; 5.x has only `name`, with the same value.
    name: "aws_region.region",
    why: "6.x attribute; 5.x calls it name",
    apply: (text) => text.replace(/(data\.aws_region\.[A-Za-z0-9_]+)\.region\b/g, "$1.name"),
  },
  {
    // aws_ecs_service.deployment_configuration (strategy, bake time, canary and linear settings) and
    // load_balancer.advanced_configuration (blue/green's second target group, listener rules, role)
    // came in provider 6.4.0 and 6.21.0; 5.100 refuses both blocks. The copy drops them, so the
    // service is a rolling one for validate and the mocked plan; the static HCL check still holds
    // them to the 6.x schema (test/data/aws-provider-schema.json).
    name: "ECS deployment strategy blocks",
    why: "6.4+/6.21+ blocks; 5.100 has neither deployment_configuration nor advanced_configuration",
    apply: (text) =>
      removeBlocks(
        removeBlocks(text, /\n[ \t]*deployment_configuration\s*\{/g),
        /\n[ \t]*dynamic\s+"advanced_configuration"\s*\{/g,
      ),
  },
];

/** Removes every block whose opening line `start` matches, through its matching closing brace. */
export function removeBlocks(text: string, start: RegExp): string {
  let out = text;
  for (;;) {
    start.lastIndex = 0;
    const match = start.exec(out);
    if (!match) return out;
    let depth = 0;
    let end = match.index + match[0].length - 1;
    for (; end < out.length; end++) {
      if (out[end] === "{") depth++;
      else if (out[end] === "}" && --depth === 0) break;
    }
    out = out.slice(0, match.index) + out.slice(end + 1);
  }
}

/**
 * Edits made after `terraform validate` and before the mocked plan: validate checks the files as
 * generated (ephemeral resources included), the plan needs what a mock provider can serve.
 */
export const PLAN_EDITS: CopyEdit[] = [
  {
    name: "ephemeral password",
    why:
      'mock providers serve no ephemeral resources (Terraform 1.11: "No ephemeral resource types in mock providers"); ' +
      "each aws_secretsmanager_random_password becomes an ephemeral input variable with the stand-in as its default, " +
      "so Terraform still refuses it anywhere but a write-only argument or a provisioner",
    apply: replaceEphemeralPasswords,
  },
];

function replaceEphemeralPasswords(text: string): string {
  return (
    text
      .replace(
        /ephemeral\s+"aws_secretsmanager_random_password"\s+"([A-Za-z0-9_]+)"\s*\{[^}]*\}\n/g,
        (_match, name: string) =>
          `variable "ephemeral_password_${name}" {\n  type      = string\n  ephemeral = true\n  default   = "${PASSWORD_STAND_IN}"\n}\n`,
      )
      // References may sit in another file of the module, so replace them wherever they appear.
      .replace(
        /\bephemeral\.aws_secretsmanager_random_password\.([A-Za-z0-9_]+)\.random_password\b/g,
        "var.ephemeral_password_$1",
      )
  );
}

export interface TestCopy {
  /** The root's directory inside the copy. */
  rootDir: string;
  /** The copy's infra/ and the folders of it that were copied, relative to it. */
  infraDir: string;
  dirs: string[];
  /** Edit name -> files it changed, relative to the copy's infra/. */
  edits: Map<string, string[]>;
}

/**
 * Copies `infraDir/rootRel` and what it references to `destInfraDir`, then applies COPY_EDITS
 * (and `extraEdits`, for seeded mistakes) to every .tf file of the copy.
 */
export function makeTestCopy(
  infraDir: string,
  rootRel: string,
  destInfraDir: string,
  extraEdits: CopyEdit[] = [],
): TestCopy {
  const dirs = referencedDirs(infraDir, rootRel);
  for (const dir of dirs) copyTfFiles(join(infraDir, dir), join(destInfraDir, dir));
  // Roots read infra/task-definitions/<env>/*.json with file(); copy what exists.
  const taskDefinitions = join(infraDir, "task-definitions");
  if (existsSync(taskDefinitions)) cpSync(taskDefinitions, join(destInfraDir, "task-definitions"), { recursive: true });

  const copy = { rootDir: join(destInfraDir, rootRel), infraDir: destInfraDir, dirs, edits: new Map() };
  editCopy(copy, [...COPY_EDITS, ...extraEdits]);
  return copy;
}

/** Applies `edits` to every .tf file of the copy, recording which files each one changed. */
export function editCopy(copy: TestCopy, edits: CopyEdit[]): void {
  for (const dir of copy.dirs)
    for (const file of readdirSync(join(copy.infraDir, dir)).filter((f) => f.endsWith(".tf"))) {
      const path = join(copy.infraDir, dir, file);
      let text = readFileSync(path, "utf8");
      for (const edit of edits) {
        const next = edit.apply(text);
        if (next === text) continue;
        text = next;
        copy.edits.set(edit.name, [...(copy.edits.get(edit.name) ?? []), posix.join(dir, file)]);
      }
      writeFileSync(path, text);
    }
}

/** The root and every local module directory it reaches through `source = "./..."` or `"../..."`. */
export function referencedDirs(infraDir: string, rootRel: string): string[] {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    if (relative(infraDir, join(infraDir, dir)).startsWith(".."))
      throw new Error(`${rootRel} references ${dir}, outside infra/`);
    seen.add(dir);
    for (const file of readdirSync(join(infraDir, dir)).filter((f) => f.endsWith(".tf")))
      for (const match of readFileSync(join(infraDir, dir, file), "utf8").matchAll(/\bsource\s*=\s*"(\.\.?\/[^"]+)"/g))
        visit(posix.normalize(posix.join(dir, match[1]!)));
  };
  visit(rootRel);
  return [...seen].sort();
}

function copyTfFiles(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from).filter((f) => f.endsWith(".tf") || f.endsWith(".tfvars")))
    writeFileSync(join(to, file), readFileSync(join(from, file)));
}
