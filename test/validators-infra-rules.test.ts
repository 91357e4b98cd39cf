/**
 * The docs/rules.md section 4/5 assertions and the cross-file consistency checks themselves: each passes on real
 * generated output and fails on a seeded violation, a one-line edit of a generated file. The fixtures are generated
 * here (not read from fixtures/<case>/expected/), so these tests do not depend on the golden files being current.
 * Every edit must apply (`edit` throws otherwise), so no test can pass by mutating nothing.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureOutput } from "./support/generated.js";
import { evaluate, Ref, UNKNOWN } from "./support/rules/hcl-eval.js";
import { checkInfraConsistency } from "./support/rules/infra-consistency.js";
import { checkTaskDefinitionRules, isSecretName } from "./support/rules/task-definition-rules.js";
import { admits, checkTerraformRules, countResources } from "./support/rules/terraform-rules.js";

type Files = Map<string, string>;
const generated = new Map<string, Files>();

beforeAll(async () => {
  for (const name of [
    "rails-sidekiq",
    "dotnet-api",
    "node-microservices",
    "cost-lean",
    "dotnet-codeartifact",
    "payroll-s3",
    "payroll-ecr-image",
    "node-s3",
    "node-ecr-image",
  ]) {
    generated.set(name, await fixtureOutput(name));
  }
});

const files = (name: string): Files => new Map(generated.get(name)!);

/** One textual edit; throws when `from` is not in the file, so a stale seed fails instead of testing nothing. */
function edit(tree: Files, path: string, from: string | RegExp, to: string): Files {
  const text = tree.get(path);
  if (text === undefined) throw new Error(`no ${path}`);
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit did not apply: ${path}: ${String(from)}`);
  return new Map(tree).set(path, next);
}

/** Prod log retention raised to 365 days: the one MUST the generated rails-sidekiq output misses (TF-LOG-01). */
const withProdRetention = (tree: Files): Files => {
  const path = "infra/environments/prod/main.tf";
  return tree.has(path)
    ? new Map(tree).set(path, tree.get(path)!.replaceAll("log_retention_days = 30", "log_retention_days = 365"))
    : tree;
};

type Check = (tree: Files) => string[];

/** `check(before)`, once per check and tree content: most seeds edit the same few trees, and a check reads all of one. */
const problemsBefore = new WeakMap<Check, Map<string, string[]>>();
function problemsOf(check: Check, before: Files): string[] {
  const hash = createHash("sha256");
  for (const [path, text] of before) hash.update(`${path}\0${text}\0`);
  const key = hash.digest("hex");
  const known = problemsBefore.get(check) ?? new Map<string, string[]>();
  problemsBefore.set(check, known);
  if (!known.has(key)) known.set(key, check(before));
  return known.get(key)!;
}

/** Problems the edit added, one of which must carry the rule id. */
function expectNew(rule: string, check: Check, before: Files, after: Files): void {
  const base = problemsOf(check, before);
  const fresh = check(after).filter((p) => !base.includes(p));
  expect(
    fresh.some((p) => p.startsWith(`${rule}:`)),
    `expected a new ${rule} problem, got:\n${fresh.join("\n") || "(none)"}`,
  ).toBe(true);
}

const MOD = "infra/modules";
const PROD = "infra/environments/prod/main.tf";
const STAGING = "infra/environments/staging/main.tf";

describe("checkTerraformRules", () => {
  it("passes on the generated output (rails-sidekiq once its prod logs keep 365 days)", () => {
    expect(checkTerraformRules(withProdRetention(files("rails-sidekiq")))).toEqual([]);
    expect(checkTerraformRules(files("dotnet-api"))).toEqual([]);
    expect(checkTerraformRules(files("node-microservices"))).toEqual([]);
    expect(checkTerraformRules(withProdRetention(files("cost-lean")))).toEqual([]);
  });

  it("counts resource blocks once per module folder", () => {
    expect(countResources(files("rails-sidekiq"))).toBeGreaterThan(40);
    expect(
      countResources(new Map([["infra/a.tf", 'resource "aws_s3_bucket" "a" {}\nmodule "m" {\n  source = "./m"\n}\n']])),
    ).toBe(1);
  });

  const seeds: [string, string, string | RegExp, string][] = [
    [
      "TF-VER-01",
      "infra/environments/prod/versions.tf",
      'required_version = ">= 1.11"',
      'required_version = ">= 1.10"',
    ],
    ["TF-VER-02", "infra/environments/prod/versions.tf", 'version = "~> 6.21"', 'version = ">= 5.0"'],
    ["TF-VER-02", "infra/global/versions.tf", 'version = "~> 6.21"', 'version = "~> 7.0"'],
    // The service module sets the canary and linear strategies, which provider 6.20 does not know.
    ["TF-VER-02", "infra/environments/prod/versions.tf", 'version = "~> 6.21"', 'version = "~> 6.4"'],
    ["TF-BE-01", "infra/environments/prod/versions.tf", /\n\s*use_lockfile = true/, ""],
    [
      "TF-BE-01",
      "infra/environments/prod/versions.tf",
      "encrypt      = true",
      'encrypt      = true\n    dynamodb_table = "locks"',
    ],
    [
      "TF-DEP-01",
      `${MOD}/service/iam.tf`,
      'resource "aws_iam_role" "task" {\n',
      'resource "aws_iam_role" "task" {\n  inline_policy {\n    name   = "x"\n    policy = "{}"\n  }\n',
    ],
    [
      "TF-DEP-01",
      `${MOD}/service/iam.tf`,
      'resource "aws_iam_role" "task" {\n',
      'resource "aws_iam_role" "task" {\n  managed_policy_arns = []\n',
    ],
    [
      "TF-DEP-02",
      `${MOD}/cache/main.tf`,
      /description(\s{10,})= "Cache of/,
      'replication_group_description$1= "Cache of',
    ],
    // An auth_token set in Terraform without its update strategy (provider 6 requires both).
    [
      "TF-DEP-02",
      `${MOD}/cache/main.tf`,
      "transit_encryption_enabled = true",
      "transit_encryption_enabled = true\n  auth_token                 = var.name",
    ],
    ["TF-DEP-03", `${MOD}/network/main.tf`, 'domain = "vpc"', "vpc = true"],
    [
      "TF-DEP-03",
      `${MOD}/network/main.tf`,
      "${data.aws_region.current.region}.s3",
      "${data.aws_region.current.name}.s3",
    ],
    [
      "TF-DEP-04",
      `${MOD}/github-oidc/main.tf`,
      'data "aws_partition"',
      'data "tls_certificate" "github" {\n  url = "https://token.actions.githubusercontent.com"\n}\n\ndata "aws_partition"',
    ],
    [
      "TF-DEP-04",
      `${MOD}/github-oidc/main.tf`,
      'client_id_list = ["sts.amazonaws.com"]',
      'client_id_list = ["sigstore"]',
    ],
    ["TF-NET-01", `${MOD}/service/main.tf`, "assign_public_ip = var.public_ip", "assign_public_ip = true"],
    [
      "TF-NET-01",
      PROD,
      /subnet_ids(\s+)= module.network.private_subnet_ids/,
      "subnet_ids$1= module.network.public_subnet_ids",
    ],
    [
      "TF-SG-01",
      `${MOD}/service/main.tf`,
      "referenced_security_group_id = var.load_balancer.security_group_id",
      'cidr_ipv4 = "0.0.0.0/0"',
    ],
    [
      "TF-SG-01",
      `${MOD}/alb/main.tf`,
      "  from_port         = 443\n  to_port           = 443",
      "  from_port         = 22\n  to_port           = 443",
    ],
    ["TF-ALB-01", `${MOD}/alb/main.tf`, /ssl_policy(\s+)= "[^"]+"/, 'ssl_policy$1= "ELBSecurityPolicy-2016-08"'],
    [
      "TF-ALB-01",
      `${MOD}/alb/main.tf`,
      /ssl_policy(\s+)= "[^"]+"/,
      'ssl_policy$1= "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06"',
    ],
    ["TF-ALB-01", `${MOD}/alb/main.tf`, /\n\s*ssl_policy\s+= "[^"]+"/, ""],
    ["TF-ALB-02", `${MOD}/alb/main.tf`, 'status_code = "HTTP_301"', 'status_code = "HTTP_302"'],
    ["TF-ALB-02", `${MOD}/alb/main.tf`, 'local.https ? "redirect" :', 'local.https ? "forward" :'],
    ["TF-ALB-04", `${MOD}/alb/main.tf`, 'target_type          = "ip"', 'target_type          = "instance"'],
    ["TF-ALB-04", `${MOD}/alb/main.tf`, /\n\s*matcher\s+= "200-399"/, ""],
    ["TF-ECR-01", `${MOD}/ecr/main.tf`, '"IMMUTABLE"', '"MUTABLE"'],
    ["TF-ECR-02", `${MOD}/ecr/main.tf`, "scan_on_push = true", "scan_on_push = false"],
    ["TF-ECR-03", `${MOD}/ecr/main.tf`, "for_each = aws_ecr_repository.this", "for_each = toset([])"],
    ["TF-ECS-01", PROD, 'container_insights = "enabled"', 'container_insights = "disabled"'],
    ["TF-ECS-01", `${MOD}/cluster/main.tf`, "value = var.container_insights", 'value = "disabled"'],
    ["TF-ECS-02", `${MOD}/service/main.tf`, "rollback = true", "rollback = false"],
    ["TF-ECS-02", `${MOD}/service/main.tf`, '= "LATEST"', '= "1.3.0"'],
    [
      "TF-ECS-03",
      `${MOD}/service/main.tf`,
      "ignore_changes = [task_definition, desired_count]",
      "ignore_changes = [task_definition]",
    ],
    ["TF-ECS-03", `${MOD}/service/main.tf`, /\n\s*lifecycle \{\n\s*ignore_changes = \[[^\]]*\]\n\s*\}/, ""],
    ["TF-ECS-04", PROD, "autoscaling          = { min = 2,", "autoscaling          = { min = 1,"],
    ["TF-ECS-04", `${MOD}/service/main.tf`, '"ECSServiceAverageCPUUtilization"', '"ECSServiceAverageNetworkIn"'],
    ["TF-ECS-05", `${MOD}/cluster/main.tf`, 'logging = "OVERRIDE"', 'logging = "NONE"'],
    ["TF-LOG-01", `${MOD}/service/main.tf`, /\n\s*retention_in_days = var.log_retention_days/, ""],
    ["TF-IAM-01", `${MOD}/service/iam.tf`, '["ecs-tasks.amazonaws.com"]', '["ec2.amazonaws.com"]'],
    ["TF-IAM-02", `${MOD}/service/iam.tf`, 'actions   = ["logs:DescribeLogGroups"]', 'actions   = ["*"]'],
    [
      "TF-IAM-02",
      `${MOD}/service/iam.tf`,
      'actions   = ["logs:DescribeLogGroups"]',
      'actions   = ["logs:DescribeLogGroups", "s3:GetObject"]',
    ],
    ["TF-IAM-02", `${MOD}/service/iam.tf`, "service-role/AmazonECSTaskExecutionRolePolicy", "AdministratorAccess"],
    ["TF-RDS-01", `${MOD}/database/main.tf`, "storage_encrypted          = true", "storage_encrypted          = false"],
    ["TF-RDS-01", `${MOD}/database/main.tf`, "publicly_accessible        = false", "publicly_accessible        = true"],
    [
      "TF-RDS-01",
      `${MOD}/database/main.tf`,
      "deletion_protection        = var.production",
      "deletion_protection        = false",
    ],
    ["TF-RDS-01", `${MOD}/database/main.tf`, "var.production ? 14 : 7", "var.production ? 14 : 1"],
    [
      "TF-RDS-02",
      `${MOD}/database/main.tf`,
      "password_wo                = ephemeral.aws_secretsmanager_random_password.master.random_password",
      'password                   = "hunter2hunter2"',
    ],
    ["TF-EC-01", `${MOD}/cache/main.tf`, "transit_encryption_enabled = true", "transit_encryption_enabled = false"],
    // No AUTH: the apply-time step that adds the token no longer sends one.
    ["TF-EC-01", `${MOD}/cache/main.tf`, /\n\s*AuthToken\s+= local.token/, ""],
    [
      "TF-EC-01",
      `${MOD}/cache/main.tf`,
      "num_cache_clusters         = var.production ? 2 : 1",
      "num_cache_clusters         = 1",
    ],
    [
      "TF-SEC-01",
      PROD,
      'secret_name    = "storefront/prod/database"',
      'secret_name    = "storefront/prod/database"\n  master_password = "s3cr3t-value"',
    ],
    [
      "TF-SEC-01",
      `${MOD}/database/variables.tf`,
      'variable "name" {',
      'variable "db_password" {\n  type    = string\n  default = "changeme"\n}\n\nvariable "name" {',
    ],
    [
      "TF-OIDC-01",
      `${MOD}/deploy-role/main.tf`,
      'values   = [for repository in var.repositories : "repo:${repository}:environment:${var.environment}"]',
      'values   = [for repository in var.repositories : "repo:${repository}:*"]',
    ],
    [
      "TF-OIDC-01",
      `${MOD}/deploy-role/main.tf`,
      /test\s+= "StringEquals"\n(\s+)variable = "token.actions.githubusercontent.com:sub"\n(\s+)values   = \[for repository in var.repositories : "repo:\$\{repository\}:environment:\$\{var.environment\}"\]/,
      'test     = "StringLike"\n$1variable = "token.actions.githubusercontent.com:sub"\n$2values   = [for repository in var.repositories : "repo:${repository}:environment:*"]',
    ],
    [
      "TF-OIDC-01",
      `${MOD}/github-oidc/main.tf`,
      'variable = "token.actions.githubusercontent.com:sub"',
      'variable = "token.actions.githubusercontent.com:actor"',
    ],
    [
      "TF-OIDC-01",
      `${MOD}/github-oidc/main.tf`,
      'values   = ["sts.amazonaws.com"]',
      'values   = ["sts.amazonaws.com", "other"]',
    ],
    ["TF-OIDC-02", `${MOD}/deploy-role/main.tf`, "resources = var.pass_role_arns", 'resources = ["*"]'],
    ["TF-OIDC-02", `${MOD}/github-oidc/main.tf`, "resources = var.repository_arns", 'resources = ["*"]'],
    ["TF-OIDC-02", PROD, "    module.service_web.task_role_arn,", '    "arn:aws:iam::123456789012:role/*",'],
    ["ECS-16", `${MOD}/service/iam.tf`, '"ssmmessages:CreateControlChannel",', ""],
    [
      "ECS-15",
      STAGING,
      'name                 = "worker"',
      'name                 = "worker"\n  spot                 = true',
    ],
    ["ECS-06", PROD, '"arn:aws:secretsmanager:us-east-2:123456789012:secret:storefront/prod/rails-??????"', '"*"'],
  ];
  it.each(seeds)("%s fails on %s: %s", (rule, path, from, to) => {
    const base = withProdRetention(files("rails-sidekiq"));
    expectNew(rule, checkTerraformRules, base, edit(base, path, from, to));
  });

  it("TF-ALB-02 leaves a plain-HTTP load balancer (no domain) alone, but not a listener rule on :80 beside HTTPS", () => {
    expect(checkTerraformRules(files("dotnet-api"))).toEqual([]);
    const base = withProdRetention(files("cost-lean"));
    const onHttp = edit(
      base,
      `${MOD}/alb/main.tf`,
      "listener_arn = local.listener_arn",
      "listener_arn = aws_lb_listener.http.arn",
    );
    expectNew("TF-ALB-02", checkTerraformRules, base, onHttp);
  });

  it("TF-SEC-01 finds credential shapes anywhere in infra/", () => {
    const base = files("dotnet-api");
    const key = edit(base, `${MOD}/network/main.tf`, "# A VPC", "# AKIAIOSFODNN7EXAMPLE\n# A VPC");
    expectNew("TF-SEC-01", checkTerraformRules, base, key);
  });
});

describe("checkTerraformRules on the feed's package stores", () => {
  const OIDC = `${MOD}/github-oidc/main.tf`;
  const BUCKET = `${MOD}/package-bucket/main.tf`;
  const PUBLISH_ROLE =
    /role(\s+)= aws_iam_role\.images\.id\n(\s+)policy = data\.aws_iam_policy_document\.publish\[0\]\.json/;
  const TO_FEED_ROLE = "role$1= aws_iam_role.feed[0].id\n$2policy = data.aws_iam_policy_document.publish[0].json";

  it("passes on the generated output of every store, owned (payroll) or not (node)", () => {
    for (const name of ["dotnet-codeartifact", "payroll-s3", "payroll-ecr-image", "node-s3", "node-ecr-image"])
      expect(checkTerraformRules(files(name)), name).toEqual([]);
  });

  const seeds: [string, string, string, string | RegExp, string][] = [
    ["FEED-CA-02", "dotnet-codeartifact", OIDC, ', "codeartifact:ReadFromRepository"', ""],
    // s3: what the roles may do with the bucket
    [
      "FEED-NUGET-06",
      "payroll-s3",
      OIDC,
      'resources = ["${var.package_bucket.arn}/${var.package_bucket.prefix}/*"]',
      'resources = ["${var.package_bucket.arn}/*"]',
    ],
    ["FEED-NUGET-06", "payroll-s3", OIDC, 'actions   = ["s3:GetObject"]', 'actions   = ["s3:*"]'],
    [
      "FEED-NUGET-06",
      "payroll-s3",
      OIDC,
      'actions   = ["s3:GetObject"]',
      'actions   = ["s3:GetObject", "s3:PutObject"]',
    ],
    [
      "FEED-NUGET-06",
      "payroll-s3",
      OIDC,
      /\n\n\s*condition \{\n\s*test\s*= "StringLike"\n\s*variable = "s3:prefix"\n\s*values\s*= \[[^\]]*\]\n\s*\}/,
      "",
    ],
    ["FEED-NUGET-06", "payroll-s3", OIDC, PUBLISH_ROLE, TO_FEED_ROLE],
    ["FEED-NUGET-06", "node-s3", OIDC, PUBLISH_ROLE, TO_FEED_ROLE],
    // s3: the bucket this stack creates
    ["FEED-NUGET-06", "payroll-s3", BUCKET, "block_public_policy     = true", "block_public_policy     = false"],
    ["FEED-NUGET-06", "payroll-s3", BUCKET, '"BucketOwnerEnforced"', '"ObjectWriter"'],
    ["FEED-NUGET-06", "payroll-s3", BUCKET, 'effect    = "Deny"', 'effect    = "Allow"'],
    ["FEED-NUGET-06", "payroll-s3", BUCKET, 'status = "Enabled"', 'status = "Suspended"'],
    // ecr-image: pull and push of the package image, and its lifecycle
    [
      "FEED-NUGET-05",
      "payroll-ecr-image",
      OIDC,
      "resources = [var.package_image.repository_arn]",
      'resources = [var.package_image.repository_arn, "*"]',
    ],
    [
      "FEED-NUGET-05",
      "payroll-ecr-image",
      OIDC,
      '"ecr:GetDownloadUrlForLayer"]',
      '"ecr:GetDownloadUrlForLayer", "ecr:PutImage"]',
    ],
    ["FEED-NUGET-05", "payroll-ecr-image", OIDC, ', "ecr:GetDownloadUrlForLayer"]', "]"],
    ["FEED-NUGET-05", "payroll-ecr-image", OIDC, PUBLISH_ROLE, TO_FEED_ROLE],
    [
      "FEED-NUGET-05",
      "payroll-ecr-image",
      `${MOD}/ecr/main.tf`,
      /(tagged images stay"\n\s*selection = \{\n\s*tagStatus\s*= )"untagged"/,
      '$1"any"',
    ],
    ["FEED-NUGET-05", "node-ecr-image", OIDC, PUBLISH_ROLE, TO_FEED_ROLE],
  ];
  it.each(seeds)("%s fails on %s: %s: %s", (rule, name, path, from, to) => {
    const base = files(name);
    expectNew(rule, checkTerraformRules, base, edit(base, path, from, to));
  });
});

describe('TF-NET-01 with nat "public" (cost-lean dev): tasks in the public subnets, each with an address', () => {
  const DEV = "infra/environments/dev/main.tf";
  const STAGING = "infra/environments/staging/main.tf";

  it("passes on the generated output: dev's tasks public, staging's and prod's private", () => {
    expect(checkTerraformRules(withProdRetention(files("cost-lean")))).toEqual([]);
    expect(files("cost-lean").get(DEV)).toMatch(
      /subnet_ids\s+= module\.network\.public_subnet_ids\n\s+public_ip\s+= true/,
    );
    expect(files("cost-lean").get(STAGING)).not.toContain("public_ip");
  });

  const seeds: [string, string, string | RegExp, string][] = [
    [
      "a public address while the network still has a NAT gateway",
      DEV,
      'nat                 = "public"',
      'nat                 = "single"',
    ],
    ["a public address in the private subnets", DEV, /public_subnet_ids(\n\s+public_ip)/, "private_subnet_ids$1"],
    [
      "a public address where the environment did not choose it",
      STAGING,
      /(subnet_ids\s+= module\.network\.private_subnet_ids)/,
      "$1\n  public_ip = true",
    ],
  ];
  it.each(seeds)("fails on %s", (_what, path, from, to) => {
    const base = withProdRetention(files("cost-lean"));
    expectNew("TF-NET-01", checkTerraformRules, base, edit(base, path, from, to));
  });
});

describe("checkTaskDefinitionRules", () => {
  const PATH = "infra/task-definitions/prod/web.json";
  const web = () => JSON.parse(files("rails-sidekiq").get(PATH)!) as Record<string, any>;
  const worker = () =>
    JSON.parse(files("rails-sidekiq").get("infra/task-definitions/prod/worker.json")!) as Record<string, any>;

  it("passes on every generated task definition", () => {
    for (const name of generated.keys())
      for (const [path, text] of files(name))
        if (path.startsWith("infra/task-definitions/"))
          expect(checkTaskDefinitionRules(JSON.parse(text), path), path).toEqual([]);
  });

  const seeds: [string, string, (td: Record<string, any>) => void][] = [
    ["ECS-01", "no taskRoleArn", (td) => delete td.taskRoleArn],
    ["ECS-01", "no runtimePlatform", (td) => delete td.runtimePlatform],
    ["ECS-01", "bridge networking", (td) => (td.networkMode = "bridge")],
    ["ECS-03", "containers larger than the task", (td) => (td.containerDefinitions[1].cpu = 4096)],
    ["ECS-04", "hostPort differs", (td) => (td.containerDefinitions[0].portMappings[0].hostPort = 80)],
    ["ECS-04", "privileged port", (td) => (td.containerDefinitions[0].portMappings[0].containerPort = 80)],
    ["ECS-04", "udp", (td) => (td.containerDefinitions[0].portMappings[0].protocol = "udp")],
    [
      "ECS-05",
      "password in environment",
      (td) => td.containerDefinitions[0].environment.push({ name: "DB_PASSWORD", value: "x" }),
    ],
    [
      "ECS-05",
      "RAILS_MASTER_KEY in environment",
      (td) => td.containerDefinitions[0].environment.push({ name: "RAILS_MASTER_KEY", value: "x" }),
    ],
    [
      "ECS-05",
      "DATABASE_URL with a password",
      (td) =>
        td.containerDefinitions[0].environment.push({ name: "DATABASE_URL", value: "postgres://app:pw@db:5432/app" }),
    ],
    [
      "ECS-05",
      "connection string with a password",
      (td) =>
        td.containerDefinitions[0].environment.push({
          name: "ConnectionStrings__Default",
          value: "Host=db;Username=app;Password=pw",
        }),
    ],
    ["ECS-05", "bad valueFrom", (td) => (td.containerDefinitions[0].secrets[0].valueFrom = "storefront/rails")],
    [
      "ECS-05",
      "double slash in an SSM ARN",
      (td) => (td.containerDefinitions[0].secrets[0].valueFrom = "arn:aws:ssm:us-east-2:123456789012:parameter//app/x"),
    ],
    [
      "ECS-07",
      "no stream prefix",
      (td) => delete td.containerDefinitions[0].logConfiguration.options["awslogs-stream-prefix"],
    ],
    ["ECS-07", "json-file driver", (td) => (td.containerDefinitions[1].logConfiguration.logDriver = "json-file")],
    ["ECS-08", "app not essential", (td) => (td.containerDefinitions[0].essential = false)],
    ["ECS-09", "app image not ECR", (td) => (td.containerDefinitions[0].image = "storefront/web:latest")],
    ["ECS-09", "sidecar on latest", (td) => (td.containerDefinitions[1].image = "nginx:latest")],
    // Issue #18 item 7: a third-party image by mutable tag reaches ECS (the sidecar before it was our own image).
    [
      "ECS-09",
      "sidecar by mutable tag from Docker Hub",
      (td) => (td.containerDefinitions[1].image = "nginxinc/nginx-unprivileged:1.29-alpine"),
    ],
    ["ECS-10", "describe output field", (td) => (td.revision = 3)],
    ["ECS-14", "sidecar without dependsOn", (td) => delete td.containerDefinitions[1].dependsOn],
    ["ECS-14", "HEALTHY on a container without healthCheck", (td) => delete td.containerDefinitions[0].healthCheck],
    ["ECS-15", "Windows", (td) => (td.runtimePlatform.operatingSystemFamily = "WINDOWS_SERVER_2022_CORE")],
    ["ECS-16", "no init process", (td) => delete td.containerDefinitions[0].linuxParameters],
    ["ECS-17", "stopTimeout over 120", (td) => (td.containerDefinitions[0].stopTimeout = 300)],
    ["ECS-18", "privileged", (td) => (td.containerDefinitions[0].privileged = true)],
    ["ECS-18", "root user", (td) => (td.containerDefinitions[0].user = "0:0")],
  ];
  it.each(seeds)("%s fails: %s", (rule, _what, mutate) => {
    const td = web();
    mutate(td);
    expect(checkTaskDefinitionRules(td, PATH).some((p) => p.startsWith(`${rule}: ${PATH}`))).toBe(true);
  });

  it("ECS-13 fails on a Sidekiq worker that stops within Sidekiq's own timeout", () => {
    const td = worker();
    td.containerDefinitions[0].stopTimeout = 20;
    expect(checkTaskDefinitionRules(td, "w.json").filter((p) => p.startsWith("ECS-13"))).toHaveLength(1);
  });

  it("ECS-05 secret names: words, not substrings; key ids and public keys are not secrets", () => {
    for (const name of [
      "DB_PASSWORD",
      "SECRET_KEY_BASE",
      "RAILS_MASTER_KEY",
      "GITHUB_TOKEN",
      "STRIPE_API_KEY",
      "AWS_ACCESS_KEY_ID",
      "JWTSECRET",
    ])
      expect(isSecretName(name), name).toBe(true);
    for (const name of [
      "KMS_KEY_ID",
      "STRIPE_PUBLISHABLE_KEY",
      "JWT_PUBLIC_KEY",
      "MONKEY_MODE",
      "DB_HOST",
      "PORT",
      "KEYCLOAK_URL",
    ])
      expect(isSecretName(name), name).toBe(false);
  });
});

describe("checkInfraConsistency", () => {
  it("passes on the generated output", () => {
    for (const name of generated.keys()) expect(checkInfraConsistency(files(name)), name).toEqual([]);
  });

  const DEPLOY = ".github/workflows/deploy.yml";
  const seeds: [string, string, string, string | RegExp, string][] = [
    ["TF-OIDC-01", "a deploy job's environment is renamed", DEPLOY, "      name: prod\n", "      name: production\n"],
    ["TF-OIDC-01", "the image job runs in an environment", DEPLOY, "  images:\n", "  images:\n    environment: prod\n"],
    [
      "TF-OIDC-01",
      "pushes from any branch assume the main-only role",
      DEPLOY,
      "  push:\n    branches: [main]\n",
      "  push:\n",
    ],
    [
      "TF-OIDC-01",
      "the plan job (trusted for pull_request and main) runs in an environment",
      ".github/workflows/terraform.yml",
      "  plan:\n",
      "  plan:\n    environment: staging\n",
    ],
    ["ECS-09", "container-name is not in the JSON", DEPLOY, "container-name: web", "container-name: app"],
    [
      "GHA-15",
      "task-definition path does not exist",
      DEPLOY,
      "task-definition: infra/task-definitions/staging/web.json",
      "task-definition: infra/task-definitions/staging/api.json",
    ],
    [
      "GHA-15",
      "cluster differs from Terraform's",
      DEPLOY,
      "cluster: storefront-prod",
      "cluster: storefront-production",
    ],
    ["GHA-15", "service differs from the JSON's service", DEPLOY, "service: worker", "service: web"],
    // The proxy is rendered into the app's rendered JSON; deploying the app's render alone keeps its bootstrap image.
    [
      "ECS-09",
      "the deploy skips the proxy's render",
      DEPLOY,
      "task-definition: ${{ steps.render-web-nginx.outputs.task-definition }}",
      "task-definition: ${{ steps.render-web.outputs.task-definition }}",
    ],
    [
      "GHA-15",
      "the proxy is rendered into a step that is not a render",
      DEPLOY,
      "task-definition: ${{ steps.render-web.outputs.task-definition }}\n          container-name: nginx",
      "task-definition: ${{ steps.login.outputs.task-definition }}\n          container-name: nginx",
    ],
    [
      "XREF",
      "the render image is another repository",
      DEPLOY,
      "storefront/web:${{ github.sha }}",
      "storefront/api:${{ github.sha }}",
    ],
    [
      "TF-OIDC-02",
      "the deploy role may not update a deployed service",
      PROD,
      "service_names        = [module.service_web.service_name, module.service_worker.service_name]",
      "service_names        = [module.service_web.service_name]",
    ],
    [
      "TF-OIDC-02",
      "the deploy role may not pass a deployed service's role",
      PROD,
      "    module.service_worker.task_role_arn,\n",
      "",
    ],
    [
      "ECS-06",
      "a secret is not in secret_arns",
      PROD,
      '    "arn:aws:secretsmanager:us-east-2:123456789012:secret:storefront/prod/cache-??????",\n',
      "",
    ],
    [
      "TF-ALB-04",
      "load balancer port the container does not listen on",
      PROD,
      'container_name = "nginx", container_port = 8080',
      'container_name = "nginx", container_port = 9090',
    ],
    [
      "TF-ALB-04",
      "load balancer container that does not exist",
      PROD,
      'container_name = "nginx"',
      'container_name = "proxy"',
    ],
    [
      "TF-LOG-01",
      "a container logs to a group nobody creates",
      "infra/task-definitions/prod/web.json",
      '"awslogs-group": "/ecs/storefront-prod/web",\n          "awslogs-region": "us-east-2",\n          "awslogs-stream-prefix": "nginx"',
      '"awslogs-group": "/ecs/nginx",\n          "awslogs-region": "us-east-2",\n          "awslogs-stream-prefix": "nginx"',
    ],
    [
      "ECS-07",
      "logs go to another region",
      "infra/task-definitions/prod/worker.json",
      '"awslogs-region": "us-east-2"',
      '"awslogs-region": "eu-west-1"',
    ],
    [
      "XREF",
      "two services share a family",
      "infra/task-definitions/staging/web.json",
      '"family": "storefront-staging-web"',
      '"family": "storefront-prod-web"',
    ],
    [
      "XREF",
      "role ARN in another account",
      "infra/task-definitions/prod/worker.json",
      '"executionRoleArn": "arn:aws:iam::123456789012:',
      '"executionRoleArn": "arn:aws:iam::999999999999:',
    ],
    [
      "XREF",
      "a root reads another environment's JSON",
      STAGING,
      "task-definitions/staging/worker.json",
      "task-definitions/prod/worker.json",
    ],
    [
      "ECS-16",
      "no NAT and no ssmmessages endpoint with ECS Exec",
      STAGING,
      'nat                 = "single"\n  interface_endpoints = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages"]',
      'nat                 = "none"\n  interface_endpoints = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]',
    ],
  ];
  it.each(seeds)("%s fails when %s", (rule, _what, path, from, to) => {
    const base = files("rails-sidekiq");
    expectNew(rule, checkInfraConsistency, base, edit(base, path, from, to));
  });

  // Issue 17 item 7: a scheduled job's revision is registered, never deployed to a service.
  it("GHA-15 fails when a long-running service is only registered, not deployed", () => {
    const base = files("rails-sidekiq");
    const from =
      "          cluster: storefront-prod\n          service: worker\n          wait-for-service-stability: true\n";
    expectNew("GHA-15", checkInfraConsistency, base, edit(base, DEPLOY, from, ""));
  });

  it("GHA-15 fails when a scheduled job is deployed to a service Terraform does not create", () => {
    const base = files("node-microservices");
    const from = "task-definition: ${{ steps.render-scheduler.outputs.task-definition }}\n";
    const to = `${from}          cluster: fulfil-dev\n          service: scheduler\n`;
    expectNew("GHA-15", checkInfraConsistency, base, edit(base, DEPLOY, from, to));
  });

  it("XREF fails when a task definition a root reads is missing", () => {
    const base = files("rails-sidekiq");
    const gone = new Map(base);
    gone.delete("infra/task-definitions/prod/worker.json");
    expectNew("XREF", checkInfraConsistency, base, gone);
  });

  it("TF-NET-02 fails when a NAT-less environment lacks the endpoint its secrets need", () => {
    const base = files("rails-sidekiq");
    const natless = edit(
      base,
      STAGING,
      'nat                 = "single"\n  interface_endpoints = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages"]',
      'nat                 = "none"\n  interface_endpoints = ["ecr.api", "ecr.dkr", "logs", "ssmmessages"]',
    );
    expectNew("TF-NET-02", checkInfraConsistency, base, natless);
  });
});

describe("hcl-eval and version constraints", () => {
  const scope = {
    lookup: (root: string, attr: string | undefined) =>
      root === "var" && attr === "repo"
        ? UNKNOWN
        : root === "var" && attr === "domain"
          ? "example.com"
          : root === "var" && attr === "targets"
            ? { a: { d: true }, b: { d: false } }
            : undefined,
  };
  it("evaluates what the generated Terraform writes", () => {
    expect(evaluate('var.domain != null ? "redirect" : "forward"', scope)).toBe("redirect");
    expect(evaluate("one([for n, t in var.targets : n if t.d])", scope)).toBe("a");
    expect(evaluate('{ "per-az" = 2, "single" = 1 }["single"]', scope)).toBe(1);
    expect(evaluate('"repo:${var.repo}:environment:prod"', scope)).toBe("repo:${?}:environment:prod");
    expect(evaluate("module.alb.arn", scope)).toEqual(new Ref("module.alb.arn"));
    expect(evaluate("foo(1)", scope)).toBe(UNKNOWN);
  });
  it("reads constraints like Terraform", () => {
    expect(admits("~> 6.0", "6.56.0")).toBe(true);
    expect(admits("~> 6.0", "7.0.0")).toBe(false);
    expect(admits("~> 6.1.0", "6.2.0")).toBe(false);
    expect(admits(">= 1.11, < 2.0", "1.10.9")).toBe(false);
    expect(admits(">= 1.11", "1.14.0")).toBe(true);
  });
});
