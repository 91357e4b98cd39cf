// Every image the generated files pin beside the stacks' own, in one table, with where the tag
// was checked and when; each stack's build, runtime and test images are in its profile
// (src/stacks/<stack>.ts). An upgrade is one reviewed diff plus the golden files it changes.

export const IMAGES = {
  // Local development containers; majors match what Terraform provisions (RDS / ElastiCache).
  postgres: (major: string) => `postgres:${major}`,
  mysql: (version: string) => `mysql:${version}`,
  // SQL Server 2022 for Linux; the tools live in /opt/mssql-tools18 since CU14.
  sqlserver: (version: string) => `mcr.microsoft.com/mssql/server:${version}-latest`,
  // AWS CLI v2 on ECR Public (gallery.ecr.aws/aws-cli/aws-cli); its tags are the CLI's releases
  // (github.com/aws/aws-cli, CHANGELOG.rst). CI's test job runs it for the CodeArtifact token, since
  // the stack images have no AWS CLI. Checked 2026-12-03.
  awsCli: "public.ecr.aws/aws-cli/aws-cli:2.36.1",
  redis: (major: string) => `redis:${major}`,
  // The reverse proxy's base, the one third-party image an ECS task runs (inside the proxy image CI
  // builds into ECR). NGINX's unprivileged build of the official image: the same start-up scripts
  // (templates in /etc/nginx/templates rendered by envsubst into conf.d), but it runs as uid 101,
  // listens on 8080 and keeps its pid and temp files where that user can write
  // (github.com/nginx/docker-nginx-unprivileged README). From ECR Public, the mirror that README
  // lists: no Docker Hub pull limit on the build. Pinned by the multi-platform index digest, so a
  // rebuild gets the same bytes for amd64 and arm64 until this line changes; re-check with
  // `docker buildx imagetools inspect public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine`.
  // Digest as of 2026-12-03.
  nginxProxy: {
    image: "public.ecr.aws/nginx/nginx-unprivileged",
    tag: "1.29-alpine",
    digest: "sha256:0c79d56aee561a1d81c63f00eee5fb5fe29279560cdc55e91425133104c7fbe6",
    source: "gallery.ecr.aws/nginx/nginx-unprivileged, tag 1.29-alpine",
  },
  valkey: (major: string) => `valkey/valkey:${major}`,
} as const;

// Terraform and provider constraints of every generated root. Terraform 1.11 made S3's own state
// lock file (use_lockfile) GA and deprecated DynamoDB locking (hashicorp/terraform#36257); AWS
// provider 6.0.0 was released 2025-06-18 (terraform-provider-aws CHANGELOG). The database and cache
// modules need no other provider: their passwords are the AWS provider's ephemeral
// aws_secretsmanager_random_password, sent through write-only arguments, which Terraform supports
// from 1.11 (developer.hashicorp.com/terraform/language/resources/ephemeral/write-only).
// docs/rules.md TF-VER-01/02, checked 2026-11-22.
// The service module sets aws_ecs_service.deployment_configuration.strategy with its canary and
// linear blocks: BLUE_GREEN came in provider 6.4.0, CANARY and LINEAR in 6.21.0 (terraform-provider-aws
// CHANGELOG), so every root needs 6.21 or later, checked 2026-12-03.
export const TERRAFORM = {
  requiredVersion: ">= 1.11",
  aws: "~> 6.21",
} as const;

// Every action the generated workflows use, all running on Node 24 (GitHub runners dropped Node 20
// actions on 2026-09-23). Versions and commit SHAs: each action's release tag and its action.yml
// (`runs.using: node24`), checked 2026-11-22 (docs/rules.md section 6.1).
export const ACTIONS = {
  checkout: { uses: "actions/checkout", version: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1" },
  configureAwsCredentials: {
    uses: "aws-actions/configure-aws-credentials",
    version: "v6.2.3",
    sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c",
  },
  ecrLogin: {
    uses: "aws-actions/amazon-ecr-login",
    version: "v2.1.7",
    sha: "03f1aad4c6c7ffd436567f42f9384779290529bd",
  },
  renderTaskDefinition: {
    uses: "aws-actions/amazon-ecs-render-task-definition",
    version: "v1.9.0",
    sha: "138c24f321fdbdf7edee4a685519d253cae2cdea",
  },
  deployTaskDefinition: {
    uses: "aws-actions/amazon-ecs-deploy-task-definition",
    version: "v2.6.3",
    sha: "c465972ecbd160473f22e683363b422a5412a3de",
  },
  setupBuildx: {
    uses: "docker/setup-buildx-action",
    version: "v4.3.0",
    sha: "37fe631027851001ddb9b187196cc803df7f5f0e",
  },
  buildPush: { uses: "docker/build-push-action", version: "v7.3.0", sha: "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a" },
  setupTerraform: {
    uses: "hashicorp/setup-terraform",
    version: "v4.0.1",
    sha: "dfe3c3f87815947d99a8997f908cb6525fc44e9e",
  },
  uploadArtifact: {
    uses: "actions/upload-artifact",
    version: "v7.0.0",
    sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
  },
  downloadArtifact: {
    uses: "actions/download-artifact",
    version: "v8.0.1",
    sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
  },
} as const;

// GitHub-hosted runner labels; the arm64 runner builds ARM64 images natively instead of under QEMU.
export const RUNNERS = { X86_64: "ubuntu-24.04", ARM64: "ubuntu-24.04-arm" } as const;
