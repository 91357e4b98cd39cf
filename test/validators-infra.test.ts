/**
 * Unit tests for the Terraform and ECS task-definition validators in test/support/validators/: each check is
 * shown to PASS on a known-good sample and to FAIL, with a message naming file, address and problem, on a
 * known-bad variant. The samples use real AWS provider 6.x resources; the schema is test/data/aws-provider-schema.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkTaskDefinition, cpuUnits, memoryMiB } from "./support/validators/ecs-task-definition.js";
import { scanHcl } from "./support/validators/hcl-scan.js";
import { decodeBody, loadProviderSchema } from "./support/validators/provider-schema.js";
import { checkTerraformDir, findTerraform, parseHcl, terraformFmtCheck } from "./support/validators/terraform.js";

// ---------------------------------------------------------------- Terraform sample (terraform fmt clean)

const MODULE = "infra/modules/service";
const ENV = "infra/environments/dev";

const SERVICE_MAIN = `# ECS service behind an ALB, with its task role.
locals {
  name = "\${var.name}-\${var.environment}"
  tags = { Service = var.name }
}

data "aws_region" "current" {}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "task" {
  name               = "\${local.name}-task"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = local.tags
}

resource "aws_iam_role_policy" "task" {
  name = "app"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "arn:aws:s3:::\${var.name}-assets/*"
    }]
  })
}

resource "aws_ecs_service" "app" {
  name                              = local.name
  cluster                           = var.cluster_arn
  task_definition                   = var.task_definition_arn
  desired_count                     = 2
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 60

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = var.name
    container_port   = var.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [task_definition, desired_count]
  }

  depends_on = [aws_iam_role_policy.task]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = var.lb_arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/\${local.name}"
  retention_in_days = 30
  # Region for the awslogs driver: data.aws_region.current.region (6.x), not .name (TF-DEP-03).
  tags = merge(local.tags, { Region = data.aws_region.current.region })
}
`;

const variable = (name: string, type = "string", extra = ""): string =>
  `variable "${name}" {\n  type = ${type}${extra}\n}\n`;
const SERVICE_VARIABLES = [
  `variable "name" {\n  type        = string\n  description = "Service name; var.name also names the container."\n}\n`,
  ...["environment", "cluster_arn", "task_definition_arn", "target_group_arn", "lb_arn"].map((n) => variable(n)),
  variable("subnet_ids", "list(string)"),
  variable("security_group_ids", "list(string)"),
  `variable "container_port" {\n  type    = number\n  default = 3000\n}\n`,
].join("\n");

const SERVICE_OUTPUTS = `output "service_name" {
  value = aws_ecs_service.app.name
}

output "task_role_arn" {
  value = aws_iam_role.task.arn
}
`;

const ENV_MAIN = `terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  backend "s3" {
    key          = "dev/terraform.tfstate"
    use_lockfile = true
    encrypt      = true
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "cluster_arn" {
  type = string
}

module "service" {
  source = "../../modules/service"

  name                = "web"
  environment         = "dev"
  cluster_arn         = var.cluster_arn
  task_definition_arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1"
  subnet_ids          = ["subnet-1", "subnet-2"]
  security_group_ids  = ["sg-1"]
  target_group_arn    = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1"
  lb_arn              = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1"
}

output "service_name" {
  value = module.service.service_name
}
`;

const GOOD_TREE: ReadonlyMap<string, string> = new Map([
  [`${MODULE}/main.tf`, SERVICE_MAIN],
  [`${MODULE}/variables.tf`, SERVICE_VARIABLES],
  [`${MODULE}/outputs.tf`, SERVICE_OUTPUTS],
  [`${ENV}/main.tf`, ENV_MAIN],
  [`${ENV}/terraform.tfvars.example`, 'cluster_arn = "x"\n'], // not .tf: ignored
]);

/** The good tree with `from` replaced by `to` in one file; fails loudly if `from` is not there. */
function variant(file: string, from: string, to: string): Map<string, string> {
  const tree = new Map(GOOD_TREE);
  const text = tree.get(file);
  if (!text?.includes(from)) throw new Error(`sample ${file} does not contain ${JSON.stringify(from)}`);
  tree.set(
    file,
    text.replace(from, () => to),
  ); // a function: "$$" in `to` stays "$$"
  return tree;
}

const SERVICE_MAIN_TF = `${MODULE}/main.tf`;
const ENV_MAIN_TF = `${ENV}/main.tf`;

async function problemsOf(tree: Map<string, string>): Promise<string[]> {
  return checkTerraformDir(tree);
}

// ---------------------------------------------------------------- Terraform

describe("AWS provider schema (test/data/aws-provider-schema.json)", () => {
  it("is provider 6.x and decodes nesting, required and min items", () => {
    const schema = loadProviderSchema();
    expect(schema.providerVersion).toMatch(/^6\./);
    const listener = schema.resource("aws_lb_listener")!;
    expect(listener.attributes.get("load_balancer_arn")).toBe(true);
    expect(listener.blocks.get("default_action")).toMatchObject({ nesting: "list", min: 1, max: undefined });
    expect(schema.resource("aws_ecs_service")!.blocks.get("network_configuration")).toMatchObject({ max: 1 });
    // TF-DEP-01: deprecated but still in the 6.x schema, so the schema check accepts it (a rule check must not).
    expect(schema.resource("aws_iam_role")!.blocks.has("inline_policy")).toBe(true);
    expect(schema.dataSource("aws_region")!.attributes.has("region")).toBe(true);
    expect(decodeBody("a b! c{list 1..3 d!}").blocks.get("c")).toMatchObject({ min: 1, max: 3 });
  });
});

describe("hcl-scan", () => {
  it("tells blocks from attributes and blanks literal text but keeps interpolations", () => {
    const text = `x { a = 1 }\ny = [{ a = 1 }]\nz = <<-EOT\n  literal var.no \${var.yes}\n  EOT\n# var.comment\nw = "var.text \${"q"} \${local.v}"\n`;
    const scan = scanHcl(text);
    expect(scan.body.map((item) => `${item.kind}:${item.kind === "block" ? item.type : item.name}`)).toEqual([
      "block:x",
      "attribute:y",
      "attribute:z",
      "attribute:w",
    ]);
    expect(scan.code).toContain("var.yes");
    expect(scan.code).toContain("local.v");
    expect(scan.code).not.toMatch(/var\.(no|comment|text)/);
    expect(scan.code.length).toBe(text.length);
  });
});

describe("checkTerraformDir", () => {
  it("passes the good tree", async () => {
    expect(await problemsOf(new Map(GOOD_TREE))).toEqual([]);
  });

  it("parseHcl returns hcl2json's shape: blocks as arrays, expressions as ${} strings", async () => {
    const json = await parseHcl("main.tf", SERVICE_MAIN);
    const service = (json.resource as Record<string, Record<string, unknown[]>>).aws_ecs_service!.app![0];
    expect(service).toMatchObject({ cluster: "${var.cluster_arn}", network_configuration: [expect.any(Object)] });
  });

  const cases: [string, Map<string, string>, RegExp][] = [
    [
      "misspelled argument",
      variant(SERVICE_MAIN_TF, "desired_count                     = 2", "desired_cuont = 2"),
      /main\.tf:\d+: aws_ecs_service\.app: unknown argument "desired_cuont" \(did you mean "desired_count"\?\)/,
    ],
    [
      "unknown resource type",
      variant(SERVICE_MAIN_TF, 'resource "aws_lb_listener"', 'resource "aws_alb_listenr"'),
      /unknown resource type "aws_alb_listenr"/,
    ],
    [
      "unknown data source type",
      variant(SERVICE_MAIN_TF, 'data "aws_region"', 'data "aws_regions_current"'),
      /unknown data source type "aws_regions_current"/,
    ],
    [
      "unknown nested block",
      variant(SERVICE_MAIN_TF, "  network_configuration {", "  network_config {"),
      /aws_ecs_service\.app: unknown nested block "network_config"/,
    ],
    [
      "missing required argument in a nested block",
      variant(SERVICE_MAIN_TF, "    container_port   = var.container_port\n", ""),
      /aws_ecs_service\.app\.load_balancer: missing required argument "container_port"/,
    ],
    [
      "missing required argument",
      variant(SERVICE_MAIN_TF, "  assume_role_policy = data.aws_iam_policy_document.assume.json\n", ""),
      /aws_iam_role\.task: missing required argument "assume_role_policy"/,
    ],
    [
      "missing required block",
      variant(SERVICE_MAIN_TF, "  default_action {", "  default_actions {"),
      /unknown nested block "default_actions" \(did you mean "default_action"\?\)[\s\S]*aws_lb_listener\.http: missing required block "default_action"/,
    ],
    [
      "block written as an attribute",
      variant(SERVICE_MAIN_TF, "  network_configuration {", "  network_configuration = {"),
      /"network_configuration" is a nested block, not an argument/,
    ],
    [
      "attribute written as a block",
      variant(SERVICE_MAIN_TF, "  tags               = local.tags\n", "  tags {\n    a = 1\n  }\n"),
      /aws_iam_role\.task: "tags" is an argument, not a block/,
    ],
    [
      "too many single blocks",
      variant(
        SERVICE_MAIN_TF,
        "  deployment_circuit_breaker {",
        "  network_configuration {\n    subnets = []\n  }\n  deployment_circuit_breaker {",
      ),
      /2 "network_configuration" blocks, at most 1 allowed/,
    ],
    [
      "dynamic block content checked as the block",
      variant(
        SERVICE_MAIN_TF,
        "  load_balancer {\n    target_group_arn = var.target_group_arn\n",
        '  dynamic "load_balancer" {\n    for_each = [1]\n    content {\n      target_grup_arn = var.target_group_arn\n      container_name = "x"\n    }\n  }\n  load_balancer {\n    target_group_arn = var.target_group_arn\n',
      ),
      /aws_ecs_service\.app\.load_balancer: unknown argument "target_grup_arn"/,
    ],
    [
      "module call with an unknown variable",
      variant(ENV_MAIN_TF, '  environment         = "dev"', '  enviroment = "dev"'),
      /dev\/main\.tf:\d+: module\.service: "enviroment" is not a variable of infra\/modules\/service/,
    ],
    [
      "module call missing a required variable",
      variant(
        ENV_MAIN_TF,
        '  lb_arn              = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1"\n',
        "",
      ),
      /module\.service: required variable "lb_arn" of infra\/modules\/service not passed/,
    ],
    [
      "module source folder missing",
      variant(ENV_MAIN_TF, '"../../modules/service"', '"../../modules/services"'),
      /module\.service: source folder infra\/modules\/services has no \.tf files/,
    ],
    [
      "unknown module output",
      variant(ENV_MAIN_TF, "module.service.service_name", "module.service.service_arn"),
      /module\.service\.service_arn: no output "service_arn" in infra\/modules\/service/,
    ],
    [
      "undefined var reference (inside a string interpolation)",
      variant(SERVICE_MAIN_TF, "${var.name}-assets/*", "${var.bucket}-assets/*"),
      /service\/main\.tf:\d+: var\.bucket is not declared/,
    ],
    [
      "undefined local reference",
      variant(SERVICE_MAIN_TF, "  tags               = local.tags", "  tags               = local.common_tags"),
      /local\.common_tags is not defined/,
    ],
    [
      "undeclared resource reference",
      variant(SERVICE_MAIN_TF, "role = aws_iam_role.task.id", "role = aws_iam_role.app.id"),
      /aws_iam_role\.app is not declared in infra\/modules\/service/,
    ],
    [
      "data source referenced without data.",
      variant(SERVICE_MAIN_TF, "data.aws_iam_policy_document.assume.json", "aws_iam_policy_document.assume.json"),
      /aws_iam_policy_document\.assume is not declared in infra\/modules\/service \(it is a data source: data\.aws_iam_policy_document\.assume\)/,
    ],
    [
      "undeclared data source reference",
      variant(SERVICE_MAIN_TF, "data.aws_iam_policy_document.assume.json", "data.aws_iam_policy_document.trust.json"),
      /data\.aws_iam_policy_document\.trust is not declared/,
    ],
    [
      "HCL syntax error",
      variant(SERVICE_MAIN_TF, "  port              = 80\n", "  port              = 80 80\n"),
      /^infra\/modules\/service\/main\.tf: HCL syntax error: .*main\.tf:72,26-28: Missing newline after argument.*$/,
    ],
    [
      "duplicate declaration across files",
      variant(`${MODULE}/outputs.tf`, 'output "task_role_arn"', 'output "service_name"'),
      /duplicate output "service_name"/,
    ],
  ];

  it.each(cases)("fails on: %s", async (_name, tree, expected) => {
    const problems = await problemsOf(tree);
    expect(problems.join("\n")).toMatch(expected);
  });

  it("accepts deprecated inline_policy (still in the 6.x schema) and meta-arguments", async () => {
    const tree = variant(
      SERVICE_MAIN_TF,
      "  tags               = local.tags\n",
      '  tags               = local.tags\n  count              = 1\n  provider           = aws\n\n  inline_policy {\n    name   = "x"\n    policy = "{}"\n  }\n',
    );
    expect(await problemsOf(tree)).toEqual([]);
  });

  it("follows heredocs, template directives, comments and braces inside strings (cross-checked with hcl2json)", async () => {
    const tricky = `
resource "aws_ssm_parameter" "tricky" {
  name = "/app/\${var.name}/url" // a comment with "quotes" and { a brace
  type = "String"
  value = <<-EOT
    https://example.com/{path}?q="\${var.name}"
    %{ if var.name != "" }named \${upper("}")}%{ endif }
  EOT
  /* block comment with } and " */
  description = "braces { } and \\"escaped\\" quotes, $\${var.not_a_reference}"
  tags        = { for k, v in { a = "}" } : k => v }
}
`;
    const tree = variant(SERVICE_MAIN_TF, "# ECS service behind an ALB", `${tricky}\n# ECS service behind an ALB`);
    expect(await problemsOf(tree)).toEqual([]);
  });

  it("does not count references in comments or literal string text", async () => {
    const tree = variant(
      SERVICE_MAIN_TF,
      "  retention_in_days = 30\n",
      '  retention_in_days = 30\n  # var.nope\n  skip_destroy = "local.nope var.nope"\n',
    );
    expect(await problemsOf(tree)).toEqual([]);
  });
});

// ---------------------------------------------------------------- terraform fmt

const terraform = findTerraform();
if (!terraform) {
  console.warn("\n!!! terraform binary NOT FOUND: the `terraform fmt -check` tests below are SKIPPED !!!\n");
}

describe("terraformFmtCheck", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  async function writeTree(tree: ReadonlyMap<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "tf-fmt-"));
    dirs.push(dir);
    for (const [path, text] of tree) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    return dir;
  }

  it.skipIf(!terraform)("passes the formatted sample tree", async () => {
    const result = await terraformFmtCheck(await writeTree(GOOD_TREE));
    expect(result).toMatchObject({ ok: true, skipped: false });
  });

  it.skipIf(!terraform)("fails on a badly indented file, with a diff", async () => {
    const tree = variant(
      SERVICE_MAIN_TF,
      "  cluster                           = var.cluster_arn",
      "      cluster = var.cluster_arn",
    );
    const result = await terraformFmtCheck(await writeTree(tree));
    expect(result.ok).toBe(false);
    expect(result.output).toContain("main.tf");
    expect(result.output).toMatch(/^\+ {2}cluster +=/m);
  });
});

// ---------------------------------------------------------------- ECS task definition

const GOOD_TASK_DEFINITION = {
  family: "web-dev",
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu: "512",
  memory: "1024",
  executionRoleArn: "arn:aws:iam::123456789012:role/web-dev-execution",
  taskRoleArn: "arn:aws:iam::123456789012:role/web-dev-task",
  runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
  volumes: [{ name: "tmp" }],
  containerDefinitions: [
    {
      name: "web",
      image: "<IMAGE>",
      essential: true,
      portMappings: [{ containerPort: 3000, protocol: "tcp" }],
      environment: [{ name: "NODE_ENV", value: "production" }],
      secrets: [{ name: "DATABASE_PASSWORD", valueFrom: "arn:aws:ssm:eu-west-1:123456789012:parameter/web/dev/db" }],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/ecs/web-dev", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "web" },
      },
      healthCheck: { command: ["CMD-SHELL", "wget -qO- http://localhost:3000/healthz || exit 1"], interval: 30 },
      linuxParameters: { initProcessEnabled: true },
      readonlyRootFilesystem: true,
      mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp" }],
      stopTimeout: 30,
    },
  ],
  tags: [{ key: "Environment", value: "dev" }],
};

const td = (patch: Record<string, unknown>): Record<string, unknown> => ({ ...GOOD_TASK_DEFINITION, ...patch });
const container = (patch: Record<string, unknown>): Record<string, unknown> =>
  td({ containerDefinitions: [{ ...GOOD_TASK_DEFINITION.containerDefinitions[0], ...patch }] });

describe("checkTaskDefinition", () => {
  it("passes a valid Fargate task definition (cpu/memory as strings or numbers)", () => {
    expect(checkTaskDefinition(GOOD_TASK_DEFINITION)).toEqual([]);
    expect(checkTaskDefinition(td({ cpu: 1024, memory: 8192 }))).toEqual([]);
    expect(checkTaskDefinition(td({ cpu: "1 vCPU", memory: "2 GB" }))).toEqual([]);
    expect([cpuUnits("0.25 vcpu"), memoryMiB("3GB")]).toEqual([256, 3072]);
  });

  const { containerDefinitions, ...withoutContainers } = GOOD_TASK_DEFINITION;
  const cases: [string, unknown, RegExp][] = [
    [
      "unknown key (containerDefinition typo)",
      { ...withoutContainers, containerDefinition: containerDefinitions },
      /containerDefinition: unknown key in RegisterTaskDefinitionRequest \(did you mean "containerDefinitions"\?\)[\s\S]*missing required member "containerDefinitions"/,
    ],
    [
      "unknown nested key",
      container({ portMapping: [] }),
      /containerDefinitions\[0\]\.portMapping: unknown key in ContainerDefinition/,
    ],
    ["cpu: true", td({ cpu: true }), /^cpu: expected a string, got boolean true$/m],
    [
      "portMappings: {}",
      container({ portMappings: {} }),
      /containerDefinitions\[0\]\.portMappings: expected an array, got an object/,
    ],
    [
      "containerPort as string",
      container({ portMappings: [{ containerPort: "3000" }] }),
      /containerPort: expected a number/,
    ],
    ["essential as string", container({ essential: "true" }), /essential: expected a boolean/],
    ["enum value", td({ networkMode: "awsvpx" }), /networkMode: "awsvpx" is not one of "awsvpc"/],
    [
      "enum in a list",
      td({ requiresCompatibilities: ["FARGATE_SPOT"] }),
      /requiresCompatibilities\[0\]: "FARGATE_SPOT" is not one of/,
    ],
    [
      "map value type",
      container({ logConfiguration: { logDriver: "awslogs", options: { "awslogs-create-group": true } } }),
      /options\.awslogs-create-group: expected a string/,
    ],
    [
      "required member",
      container({ secrets: [{ name: "X" }] }),
      /secrets\[0\]: missing required member "valueFrom" of Secret/,
    ],
    [
      "invalid Fargate pair 256/4096",
      td({ cpu: "256", memory: "4096" }),
      /memory: 4096 MiB is not valid with cpu 256 on Fargate; allowed: 512, 1024, 2048 \(ECS-02\)/,
    ],
    ["not a Fargate cpu", td({ cpu: "768", memory: "2048" }), /cpu: 768 is not a Fargate size/],
    ["Fargate without awsvpc", td({ networkMode: "bridge" }), /networkMode: FARGATE requires "awsvpc"/],
    ["Fargate without memory", { ...GOOD_TASK_DEFINITION, memory: undefined }, /cpu\/memory: both are required/],
    [
      "taskDefinitionArn present",
      td({ taskDefinitionArn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3" }),
      /^taskDefinitionArn: read-only describe-task-definition field \(ECS-10\)/m,
    ],
    ["revision/status present", td({ revision: 3, status: "ACTIVE" }), /revision: read-only[\s\S]*status: read-only/],
    ["not an object", [], /expected an object \(RegisterTaskDefinitionRequest\), got an array/],
  ];

  it.each(cases)("fails on: %s", (_name, json, expected) => {
    const input = JSON.parse(JSON.stringify(json)) as unknown; // as read from a file (drops undefined)
    expect(checkTaskDefinition(input).join("\n")).toMatch(expected);
  });
});
