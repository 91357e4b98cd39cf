/**
 * docs/rules.md 5.9-5.11 as assertions: TF-RDS-01/02 (encrypted, private, backed up, protected in prod, no literal
 * password), TF-EC-01 (replication group, encryption at rest and in transit, AUTH), TF-SEC-01 (no secret value
 * written in .tf/.tfvars). "Production" is a call from infra/environments/prod. See terraform-rules.ts for the format.
 */
import { attributesOf, blocksOf, type HclItem } from "../validators/hcl-scan.js";
import { evaluate, isObj, isPartial, Ref, type Val } from "./hcl-eval.js";
import { attr, isProduction, problem, show, valueOf, type TfBlock, type TfModel } from "./tf-model.js";

export function checkDataRules(m: TfModel, out: Set<string>): void {
  checkDatabases(m, out);
  checkCaches(m, out);
  checkSecrets(m, out);
}

/** A value that came from Terraform itself (an ephemeral or random password, a resource attribute), not a literal. */
const generated = (v: Val | undefined): boolean =>
  v instanceof Ref && /^(ephemeral\.|random_password|aws_|data\.|module\.)/.test(v.path);

function checkDatabases(m: TfModel, out: Set<string>): void {
  for (const b of ["aws_db_instance", "aws_rds_cluster"].flatMap((t) => m.blocks("resource", t))) {
    for (const i of m.instances(b)) {
      const v = (name: string) => valueOf(b.block.body, name, i.scope);
      const add = (rule: string, msg: string) => out.add(problem(rule, b, msg, i.ctx));
      // TF-RDS-01
      if (v("storage_encrypted") !== true) add("TF-RDS-01", `storage_encrypted is ${show(v("storage_encrypted"))}`);
      if (b.block.labels[0] === "aws_db_instance" && v("publicly_accessible") !== false)
        add("TF-RDS-01", `publicly_accessible is ${show(v("publicly_accessible"))}, must be false`);
      const backups = v("backup_retention_period");
      if (typeof backups !== "number" || backups < 7 || backups > 35)
        add("TF-RDS-01", `backup_retention_period is ${show(backups)} (7..35)`);
      for (const name of ["db_subnet_group_name", "vpc_security_group_ids"])
        if (v(name) === undefined) add("TF-RDS-01", `${name} is not set`);
      if (isProduction(i.ctx)) {
        if (v("deletion_protection") !== true)
          add("TF-RDS-01", `deletion_protection is ${show(v("deletion_protection"))} in prod`);
        if (v("skip_final_snapshot") !== false)
          add("TF-RDS-01", `skip_final_snapshot is ${show(v("skip_final_snapshot"))} in prod`);
        const id = v("final_snapshot_identifier");
        if (typeof id !== "string" || id === "") add("TF-RDS-01", `final_snapshot_identifier is ${show(id)} in prod`);
      }
      // TF-RDS-02: Secrets Manager-managed or generated master password, never a literal or a variable default.
      const managed = v("manage_master_user_password") === true;
      const password = v("password") ?? v("master_password") ?? v("password_wo");
      if (!managed && !generated(password))
        add(
          "TF-RDS-02",
          `master password is ${password === undefined ? "absent" : "not generated"}: use manage_master_user_password or random_password`,
        );
    }
  }
}

function checkCaches(m: TfModel, out: Set<string>): void {
  // TF-EC-01: a replication group, never a bare aws_elasticache_cluster running Redis/Valkey.
  for (const b of m.blocks("resource", "aws_elasticache_cluster")) {
    const engine = evaluate(attr(b.block.body, "engine")?.expr ?? "null", m.scope(m.contexts(b.dir)[0]!));
    if (engine !== "memcached")
      out.add(problem("TF-EC-01", b, "use aws_elasticache_replication_group for Redis/Valkey"));
  }
  for (const b of m.blocks("resource", "aws_elasticache_replication_group")) {
    for (const i of m.instances(b)) {
      const v = (name: string) => valueOf(b.block.body, name, i.scope);
      const add = (msg: string) => out.add(problem("TF-EC-01", b, msg, i.ctx));
      for (const name of ["at_rest_encryption_enabled", "transit_encryption_enabled"])
        if (v(name) !== true) add(`${name} is ${show(v(name))}`);
      const engine = v("engine");
      if (engine !== "redis" && engine !== "valkey") add(`engine is ${show(engine)}`);
      const version = v("engine_version");
      if (typeof version !== "string" || !(Number(version.split(".")[0]) >= 7))
        add(`engine_version is ${show(version)}; 7 or later (older Redis OSS is in paid extended support)`);
      for (const name of ["description", "subnet_group_name", "security_group_ids"])
        if (v(name) === undefined) add(`${name} is not set`);
      const token = v("auth_token");
      if (v("user_group_ids") === undefined && !authAddedAtApply(m, b)) {
        if (!generated(token)) add(`auth_token is ${token === undefined ? "absent" : "not generated"}`);
        if (v("auth_token_update_strategy") === undefined) add("auth_token without auth_token_update_strategy");
      }
      const snapshots = v("snapshot_retention_limit");
      if (typeof snapshots !== "number" || snapshots < 1) add(`snapshot_retention_limit is ${show(snapshots)}`);
      if (isProduction(i.ctx)) {
        const nodes = v("num_cache_clusters");
        if (typeof nodes !== "number" || nodes < 2) add(`num_cache_clusters is ${show(nodes)} in prod (2 or more)`);
        for (const name of ["automatic_failover_enabled", "multi_az_enabled"])
          if (v(name) !== true) add(`${name} is ${show(v(name))} in prod`);
      }
    }
  }
}

/**
 * ElastiCache has no write-only auth_token, so a token kept out of state is added after the create: a
 * terraform_data in the same module, replaced with the group, whose provisioner sends an AuthToken for it.
 */
function authAddedAtApply(m: TfModel, group: TfBlock): boolean {
  const address = `aws_elasticache_replication_group.${group.block.labels[1]}`;
  return m
    .blocks("resource", "terraform_data")
    .filter((b) => b.dir === group.dir)
    .some(
      (b) =>
        (attr(b.block.body, "triggers_replace")?.expr ?? "").includes(address) &&
        blocksOf(b.block.body)
          .filter((p) => p.type === "provisioner")
          .some((p) => /\bAuthToken\s*=\s*(ephemeral\.|local\.)/.test(attr(p.body, "environment")?.expr ?? "")),
    );
}

/** Names of arguments, inputs and keys that hold a secret value (not its name, ARN, id or rotation strategy). */
export const SECRET_NAME =
  /(^|_)(password|passwd|secret|secret_string|secret_binary|token|auth_token|api_key|private_key|secret_key|client_secret|master_key)$/i;
/** Well-known credential shapes that must never appear in generated text. */
const CREDENTIAL_SHAPES: [RegExp, string][] = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/, "a GitHub token"],
  [/:\/\/[^/\s:@"'${}]*:[^/\s@"'${}]+@/, "a URL with a literal password"],
];

function checkSecrets(m: TfModel, out: Set<string>): void {
  // TF-SEC-01 (and TF-RDS-02's "never a tfvars default"): a secret-named argument, module input or object key
  // is never a literal string; secret-named variables are sensitive and have no default.
  const literal = (v: Val | undefined): boolean => typeof v === "string" && !isPartial(v) && v !== "";
  const walk = (b: TfBlock, items: HclItem[], scopeOf: () => ReturnType<TfModel["scope"]>): void => {
    for (const a of attributesOf(items)) {
      const v = evaluate(a.expr, scopeOf());
      if (SECRET_NAME.test(a.name) && literal(v))
        out.add(problem("TF-SEC-01", b, `${a.name} is a literal secret value`, undefined, a.line));
      const stack: Val[] = [v];
      while (stack.length) {
        const x = stack.pop()!;
        if (Array.isArray(x)) stack.push(...x);
        else if (isObj(x))
          for (const [k, y] of Object.entries(x)) {
            if (SECRET_NAME.test(k) && literal(y))
              out.add(problem("TF-SEC-01", b, `${a.name}.${k} is a literal secret value`, undefined, a.line));
            stack.push(y);
          }
      }
    }
    for (const child of blocksOf(items)) walk(b, child.body, scopeOf);
  };
  for (const kind of ["resource", "module", "data", "locals", "provider"])
    for (const b of m.blocks(kind)) walk(b, b.block.body, () => m.scope(m.contexts(b.dir)[0]!));
  for (const b of m.blocks("variable")) {
    if (!SECRET_NAME.test(b.block.labels[0]!)) continue;
    const scope = m.scope(m.contexts(b.dir)[0]!);
    if (valueOf(b.block.body, "sensitive", scope) !== true)
      out.add(problem("TF-SEC-01", b, "secret variable is not sensitive = true"));
    const def = valueOf(b.block.body, "default", scope);
    if (def !== undefined && def !== null) out.add(problem("TF-SEC-01", b, "secret variable has a default value"));
  }
  // aws_ssm_parameter: a secret-looking parameter is a SecureString.
  for (const b of m.blocks("resource", "aws_ssm_parameter"))
    for (const i of m.instances(b)) {
      const name = valueOf(b.block.body, "name", i.scope);
      if (/secret|password|token|key/i.test(String(name)) && valueOf(b.block.body, "type", i.scope) !== "SecureString")
        out.add(problem("TF-SEC-01", b, `parameter ${show(name)} is not a SecureString`, i.ctx));
    }
  for (const [path, text] of m.raw) {
    if (!path.startsWith("infra/") || !/\.(tf|tfvars)$/.test(path)) continue;
    text.split("\n").forEach((line, n) => {
      for (const [re, what] of CREDENTIAL_SHAPES)
        if (re.test(line)) out.add(`TF-SEC-01: ${path}:${n + 1}: ${what} in the text`);
      if (path.endsWith(".tfvars")) {
        const key = /^\s*([\w-]+)\s*=/.exec(line)?.[1];
        if (key && SECRET_NAME.test(key)) out.add(`TF-SEC-01: ${path}:${n + 1}: ${key} is set in a tfvars file`);
      }
    });
  }
}
