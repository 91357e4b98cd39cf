/**
 * The MUST / MUST-NOT rules of docs/rules.md section 5 (Terraform), as assertions over a generated tree (path -> text;
 * only `infra/**\/*.tf` is read). Every problem starts with its rule id and points at file and line:
 * `TF-ALB-01: infra/modules/alb/main.tf:126: aws_lb_listener.https: ssl_policy "ELBSecurityPolicy-2016-08" ...`.
 * A module's values mostly come from the roots (`var.production`, `var.domain`), so each module block is judged
 * once per call with what that call passes, and the message names the call: "(via infra/environments/prod/main.tf:84
 * module.database)". What cannot be evaluated statically is reported, not assumed to be fine.
 *
 * Here: TF-VER-01/02, TF-BE-01, TF-DEP-01..04. TF-NET-01 and TF-ALB-01/02/04: terraform-network-rules.ts; TF-SG-01:
 * terraform-sg-rules.ts; TF-ECR-*, TF-ECS-01..05, TF-LOG-01, ECS-15 (Spot): terraform-compute-rules.ts; TF-RDS-*,
 * TF-EC-01, TF-SEC-01: terraform-data-rules.ts; TF-IAM-*, TF-OIDC-02, ECS-06, ECS-16: terraform-iam-rules.ts;
 * TF-OIDC-01: terraform-oidc-rules.ts; FEED-CA-02 and the s3 / ecr-image package stores (FEED-NUGET-05/06):
 * terraform-feed-rules.ts. SHOULD rules are not asserted, but for those two, which the generated package stores
 * keep. The model (folders, calls, instances) is tf-model.ts; expressions are evaluated by hcl-eval.ts.
 */
import { blocksOf } from "../validators/hcl-scan.js";
import { isObj, UNKNOWN } from "./hcl-eval.js";
import { checkComputeRules } from "./terraform-compute-rules.js";
import { checkDataRules } from "./terraform-data-rules.js";
import { checkFeedRules } from "./terraform-feed-rules.js";
import { checkIamRules } from "./terraform-iam-rules.js";
import { checkNetworkRules } from "./terraform-network-rules.js";
import { attr, problem, show, TfModel, valueOf, type TfBlock } from "./tf-model.js";

export function checkTerraformRules(files: Map<string, string>): string[] {
  const m = new TfModel(files);
  const out = new Set<string>();
  checkVersionsAndBackend(m, out);
  checkDeprecations(m, out);
  checkNetworkRules(m, out);
  checkComputeRules(m, out);
  checkDataRules(m, out);
  checkIamRules(m, out);
  checkFeedRules(m, out);
  return [...m.problems, ...out];
}

/** `resource` blocks in the tree; a module folder counts once however many roots call it. */
export function countResources(files: Map<string, string>): number {
  return new TfModel(files).blocks("resource").length;
}

// ------------------------------------------------------------------ version constraints (TF-VER-01/02)

const parse = (v: string): number[] => v.split(".").map(Number);
function cmp(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Does a Terraform version constraint ("~> 6.0", ">= 1.11, < 2.0") admit a version? undefined: unreadable. */
export function admits(constraint: string, version: string): boolean | undefined {
  const v = parse(version);
  for (const part of constraint.split(",")) {
    const m = /^\s*(~>|>=|<=|!=|>|<|=)?\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(part);
    if (!m) return undefined;
    const c = parse(m[2]!);
    const d = cmp(v, c);
    const ok = {
      "~>": () => d >= 0 && cmp(v, c.length === 1 ? [c[0]! + 1] : [...c.slice(0, -2), c[c.length - 2]! + 1]) < 0,
      ">=": () => d >= 0,
      "<=": () => d <= 0,
      "!=": () => d !== 0,
      ">": () => d > 0,
      "<": () => d < 0,
      "=": () => d === 0,
    }[m[1] ?? "="]!();
    if (!ok) return false;
  }
  return true;
}

/** A constraint "admits X, excludes Y" judged on sample versions on both sides of the line. */
function constraintProblem(constraint: string, admit: string[], exclude: string[]): string | undefined {
  if (exclude.some((v) => admits(constraint, v) === undefined)) return `cannot read the constraint "${constraint}"`;
  const bad = exclude.filter((v) => admits(constraint, v));
  if (bad.length) return `"${constraint}" admits ${bad.join(", ")}`;
  if (!admit.some((v) => admits(constraint, v))) return `"${constraint}" admits none of ${admit.join(", ")}`;
  return undefined;
}

const TF_TOO_OLD = ["0.15.5", "1.0.0", "1.5.7", "1.9.8", "1.10.0", "1.10.5", "1.10.99"];
const TF_OK = ["1.11.0", "1.11.4", "1.12.0", "1.13.0", "1.14.0"];
const AWS_OUTSIDE = ["4.67.0", "5.0.0", "5.99.0", "5.100.0", "7.0.0", "7.1.0"];
const AWS_6 = ["6.0.0", "6.20.0", "6.56.0"];

/**
 * Provider releases too old for the ECS deployment strategies the modules set: BLUE_GREEN came in
 * 6.4.0, CANARY and LINEAR in 6.21.0 (terraform-provider-aws CHANGELOG).
 */
function tooOldForStrategies(m: TfModel): string[] {
  const services = m.blocks("resource", "aws_ecs_service").map((b) => b.file.text);
  if (services.some((text) => /\b(canary|linear)_configuration\b/.test(text))) return ["6.0.0", "6.4.0", "6.20.0"];
  if (services.some((text) => /\bdeployment_configuration\b/.test(text))) return ["6.0.0", "6.3.0"];
  return [];
}

function checkVersionsAndBackend(m: TfModel, out: Set<string>): void {
  const roots = m.roots().filter((dir) => !dir.startsWith("infra/modules/"));
  const terraformBlocks = m.blocks("terraform");
  for (const b of terraformBlocks) {
    const scope = m.scope(m.contexts(b.dir)[0]!);
    // TF-VER-01: required_version >= 1.11 (use_lockfile GA), wherever a terraform block declares one.
    const rv = valueOf(b.block.body, "required_version", scope);
    if (rv !== undefined || roots.includes(b.dir)) {
      const why = typeof rv === "string" ? constraintProblem(rv, TF_OK, TF_TOO_OLD) : `required_version is ${show(rv)}`;
      if (why) out.add(problem("TF-VER-01", b, `${why}; Terraform >= 1.11 is required`));
    }
    // TF-VER-02: aws admits 6.x and excludes 5.x / 7.x; every other provider pinned with an upper bound.
    for (const rp of blocksOf(b.block.body, "required_providers")) {
      for (const a of rp.body.filter((i) => i.kind === "attribute")) {
        const v = valueOf(rp.body, a.name, scope);
        const version = isObj(v!) ? v.version : UNKNOWN;
        const source = isObj(v!) ? v.source : UNKNOWN;
        if (typeof version !== "string") {
          out.add(problem("TF-VER-02", b, `provider ${a.name} has no version constraint`, undefined, a.line));
          continue;
        }
        if (a.name === "aws") {
          if (source !== "hashicorp/aws")
            out.add(problem("TF-VER-02", b, `aws source is ${show(source)}, not "hashicorp/aws"`, undefined, a.line));
          const tooOld = tooOldForStrategies(m);
          const why = constraintProblem(
            version,
            AWS_6.filter((v) => !tooOld.includes(v)),
            [...AWS_OUTSIDE, ...tooOld],
          );
          if (why) out.add(problem("TF-VER-02", b, `aws ${why}; it must admit 6.x only`, undefined, a.line));
        } else if (!/~>|</.test(version)) {
          out.add(problem("TF-VER-02", b, `provider ${a.name} "${version}" has no upper bound`, undefined, a.line));
        }
      }
    }
  }
  for (const root of roots) {
    const blocks = terraformBlocks.filter((b) => b.dir === root);
    const declaresAws = blocks.some((b) =>
      blocksOf(b.block.body, "required_providers").some((rp) => attr(rp.body, "aws")),
    );
    if (!blocks.some((b) => attr(b.block.body, "required_version")))
      out.add(`TF-VER-01: ${root}: root has no terraform { required_version }`);
    if (!declaresAws) out.add(`TF-VER-02: ${root}: root does not pin the aws provider in required_providers`);
    // TF-BE-01: S3 backend, native lock file, encryption; no DynamoDB locking.
    const backends = blocks.flatMap((b) => blocksOf(b.block.body, "backend").map((be) => ({ b, be })));
    if (backends.length === 0) out.add(`TF-BE-01: ${root}: root has no backend block (state would be local)`);
    for (const { b, be } of backends) {
      const where = (msg: string) => problem("TF-BE-01", b, msg, undefined, be.line);
      const scope = m.scope(m.contexts(root)[0]!);
      if (be.labels[0] !== "s3") out.add(where(`backend "${be.labels[0]}" is not "s3"`));
      for (const [name, want] of [
        ["use_lockfile", true],
        ["encrypt", true],
      ] as const) {
        const v = valueOf(be.body, name, scope);
        if (v !== want) out.add(where(`backend ${name} is ${show(v)}, must be ${want}`));
      }
      for (const name of ["key", "region"])
        if (!attr(be.body, name)) out.add(where(`backend has no ${name} (only bucket may come from -backend-config)`));
      for (const item of be.body) {
        const name = item.kind === "attribute" ? item.name : item.type;
        if (/^dynamodb_/.test(name) || (item.kind === "block" && attr(item.body, "dynamodb")))
          out.add(where(`${name}: DynamoDB locking is deprecated since Terraform 1.11, use use_lockfile`));
      }
    }
  }
}

// ------------------------------------------------------------------ deprecations (TF-DEP-01..04)

const FORBIDDEN_ARGS: Record<string, [string, string, string][]> = {
  // [argument or block, rule, replacement]
  aws_iam_role: [
    ["inline_policy", "TF-DEP-01", "aws_iam_role_policy"],
    ["managed_policy_arns", "TF-DEP-01", "aws_iam_role_policy_attachment"],
  ],
  aws_elasticache_replication_group: [
    ["number_cache_clusters", "TF-DEP-02", "num_cache_clusters"],
    ["replication_group_description", "TF-DEP-02", "description"],
    ["availability_zones", "TF-DEP-02", "preferred_cache_cluster_azs"],
    ["cluster_mode", "TF-DEP-02", "num_node_groups / replicas_per_node_group"],
  ],
  aws_eip: [["vpc", "TF-DEP-03", 'domain = "vpc"']],
  aws_db_instance: [["name", "TF-DEP-03", "db_name"]],
  aws_ecs_cluster: [
    ["capacity_providers", "TF-DEP-03", "aws_ecs_cluster_capacity_providers"],
    ["default_capacity_provider_strategy", "TF-DEP-03", "aws_ecs_cluster_capacity_providers"],
  ],
  aws_ecs_task_definition: [["inference_accelerator", "TF-DEP-03", "nothing (Elastic Inference is gone)"]],
  aws_flow_log: [["log_group_name", "TF-DEP-03", "log_destination"]],
};

const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";

function checkDeprecations(m: TfModel, out: Set<string>): void {
  for (const [type, args] of Object.entries(FORBIDDEN_ARGS)) {
    for (const b of m.blocks("resource", type)) {
      for (const item of b.block.body) {
        const name = item.kind === "attribute" ? item.name : item.type === "dynamic" ? item.labels[0] : item.type;
        const hit = args.find(([arg]) => arg === name);
        if (hit) out.add(problem(hit[1], b, `${name} is removed or deprecated; use ${hit[2]}`, undefined, item.line));
      }
    }
  }
  // TF-DEP-02: provider 6 wants auth_token_update_strategy with auth_token; engine in lower case.
  for (const b of m.blocks("resource", "aws_elasticache_replication_group")) {
    if (attr(b.block.body, "auth_token") && !attr(b.block.body, "auth_token_update_strategy"))
      out.add(problem("TF-DEP-02", b, "auth_token without auth_token_update_strategy"));
    for (const i of m.instances(b)) {
      const engine = valueOf(b.block.body, "engine", i.scope);
      if (typeof engine === "string" && engine !== engine.toLowerCase())
        out.add(problem("TF-DEP-02", b, `engine "${engine}" must be lower case`, i.ctx));
    }
  }
  // TF-DEP-03: data.aws_region.<name>.name is deprecated in provider 6 (use .region). Strings are blanked in
  // scan.code but interpolations are kept, so "${data.aws_region.current.name}" is found too.
  for (const f of m.files) {
    for (const match of f.scan.code.matchAll(/\bdata\.aws_region\.[A-Za-z_][\w-]*\.name\b/g)) {
      out.add(`TF-DEP-03: ${f.path}:${f.scan.lineAt(match.index)}: ${match[0]} is deprecated, use .region`);
    }
  }
  // TF-DEP-04: no thumbprint fetched through tls_certificate; the GitHub provider's url and audience exact.
  for (const b of m.blocks("data", "tls_certificate"))
    out.add(problem("TF-DEP-04", b, "no tls_certificate lookup: AWS ignores GitHub thumbprints"));
  const providers: TfBlock[] = [
    ...m.blocks("resource", "aws_iam_openid_connect_provider"),
    ...m.blocks("data", "aws_iam_openid_connect_provider"),
  ];
  for (const b of providers) {
    for (const i of m.instances(b)) {
      const url = valueOf(b.block.body, "url", i.scope);
      if (url !== GITHUB_OIDC_URL)
        out.add(problem("TF-DEP-04", b, `url is ${show(url)}, not "${GITHUB_OIDC_URL}"`, i.ctx));
      if (b.block.type === "resource") {
        const ids = valueOf(b.block.body, "client_id_list", i.scope);
        if (JSON.stringify(ids) !== '["sts.amazonaws.com"]')
          out.add(problem("TF-DEP-04", b, `client_id_list is ${show(ids)}, not ["sts.amazonaws.com"]`, i.ctx));
      }
    }
  }
}
