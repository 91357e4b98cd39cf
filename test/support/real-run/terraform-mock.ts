// The mocked plan of a test copy: tests/plan.tftest.hcl with `mock_provider "aws"`, so
// `terraform test` evaluates the whole root (count, for_each, conditionals, jsonencode, the
// provider's own argument validation) without credentials or AWS
// (developer.hashicorp.com/terraform/language/tests/mocking).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";

// A mock returns random strings for computed attributes, and empty lists and maps. These data
// sources feed values the configuration parses or indexes, so they get realistic ones.
const MOCK_DATA: Record<string, string> = {
  // Policy documents end up in aws_iam_role / aws_iam_role_policy, whose arguments must be JSON.
  aws_iam_policy_document: 'json = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}"',
  // The network module slices the first AZs; an empty list would leave the subnets without one.
  aws_availability_zones: 'names = ["us-east-2a", "us-east-2b", "us-east-2c"]',
  // Account ids, partitions and regions are spliced into ARNs the provider checks.
  aws_caller_identity: 'account_id = "123456789012"\n      arn = "arn:aws:iam::123456789012:root"',
  aws_partition: 'partition = "aws"\n      dns_suffix = "amazonaws.com"',
  aws_region: 'name = "us-east-2"',
  aws_iam_openid_connect_provider:
    'arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"',
  aws_route53_zone: 'zone_id = "Z0123456789EXAMPLE"',
  // The workload permissions boundary infra/global creates; roles take its ARN, which the provider checks.
  aws_iam_policy: 'arn = "arn:aws:iam::123456789012:policy/example-workload-boundary"',
};

// The AWS provider fills domain_validation_options during plan (from domain_name and the SANs), which
// is why the usual for_each over it plans on a first apply; a mock leaves it unknown until apply, so
// it is set during plan here, with an ARN the listener accepts.
//
// The database's and cache's addresses are known during plan as well, so that every value built from
// them (a connection URL in a secret version) is planned in full and its secrets can be looked for.
const MOCK_RESOURCES: Record<string, string> = {
  aws_db_instance: [
    "override_during = plan",
    "    defaults = {",
    '      address = "db.example.internal"',
    "    }",
  ].join("\n"),
  aws_elasticache_replication_group: [
    "override_during = plan",
    "    defaults = {",
    '      primary_endpoint_address = "cache.example.internal"',
    "    }",
  ].join("\n"),
  aws_acm_certificate: [
    "override_during = plan",
    "    defaults = {",
    '      arn = "arn:aws:acm:us-east-2:123456789012:certificate/00000000-0000-0000-0000-000000000000"',
    "      domain_validation_options = [{",
    '        domain_name           = "app.example.com"',
    '        resource_record_name  = "_0123.app.example.com."',
    '        resource_record_type  = "CNAME"',
    '        resource_record_value = "_4567.acm-validations.aws."',
    "      }]",
    "    }",
  ].join("\n"),
};

// Values for root variables that have no default (what the user passes with -var or tfvars).
const ROOT_VARIABLES: Record<string, string> = {
  state_bucket: '"example-terraform-state"',
  github_repository: '"example/app"',
};

/** Writes tests/plan.tftest.hcl into the root; throws for a required variable it has no value for. */
export async function writePlanTest(rootDir: string): Promise<string> {
  const required = await requiredVariables(rootDir);
  const missing = required.filter((name) => !(name in ROOT_VARIABLES));
  if (missing.length > 0) throw new Error(`${rootDir}: no test value for root variable(s) ${missing.join(", ")}`);

  const lines = ['mock_provider "aws" {'];
  for (const [type, body] of Object.entries(MOCK_DATA))
    lines.push(`  mock_data "${type}" {`, "    defaults = {", `      ${body}`, "    }", "  }");
  for (const [type, body] of Object.entries(MOCK_RESOURCES))
    lines.push(`  mock_resource "${type}" {`, `    ${body}`, "  }");
  lines.push("}", "");
  if (required.length > 0) {
    lines.push("variables {");
    for (const name of required) lines.push(`  ${name} = ${ROOT_VARIABLES[name]}`);
    lines.push("}", "");
  }
  lines.push('run "plan" {', "  command = plan", "}", "");

  mkdirSync(join(rootDir, "tests"), { recursive: true });
  const file = join(rootDir, "tests", "plan.tftest.hcl");
  writeFileSync(file, lines.join("\n"));
  return file;
}

async function requiredVariables(rootDir: string): Promise<string[]> {
  const names: string[] = [];
  for (const file of readdirSync(rootDir).filter((f) => f.endsWith(".tf"))) {
    const json = (await parse(file, readFileSync(join(rootDir, file), "utf8"))) as {
      variable?: Record<string, Array<{ default?: unknown }>>;
    };
    for (const [name, blocks] of Object.entries(json.variable ?? {}))
      if (!blocks.some((block) => "default" in block)) names.push(name);
  }
  return names.sort();
}
