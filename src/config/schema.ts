// The one schema of ecs-stack.config.json. Types, defaults, the shipped JSON Schema and the
// messages users see all derive from it. Every optional field has a `.default()`, so a parsed
// config is total and nothing downstream has to guess.
// A namespace import, not `{ z }`: esbuild then bundles only the zod functions used here, without
// zod's locales (about 550 KB of the CLI bundle; see scripts/bundle.js).
import * as z from "zod";
import { scheduleExpressionProblem } from "./schedule-expression.js";

/** Safe in a folder name, an ECR repository, an ECS service and (with a suffix) an ALB target group. */
const NAME_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const NAME_HINT =
  "use 2 to 20 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";

export const resourceName = (max: number) =>
  z
    .string()
    .min(2, { message: `too short; ${NAME_HINT}` })
    .max(max, { message: `longer than ${max} characters; it becomes part of AWS resource names` })
    .regex(NAME_PATTERN, { message: NAME_HINT });

/** A path inside the project: relative, forward slashes, no "..", no leading "/". */
export const projectPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith("/") && !/^[A-Za-z]:/.test(p), {
    message: "must be relative to the project folder, not absolute",
  })
  .refine((p) => !p.split(/[\\/]/).includes(".."), {
    message: 'must stay inside the project folder (no ".." segments)',
  })
  .refine((p) => !p.includes("\\"), { message: "use forward slashes" });

export const STACKS = ["dotnet", "node", "rails"] as const;
export const SERVICE_KINDS = ["web", "worker", "scheduler"] as const;
export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn", "yarn-classic"] as const;
export const FEED_STRATEGIES = [
  "none",
  "source",
  "codeartifact",
  "github-packages",
  "s3",
  "ci-artifacts",
  "ecr-image",
] as const;
export const NODE_FRAMEWORKS = ["next", "express", "nest", "node"] as const;

/** A variable name a shell, compose and ECS all accept (it is also printed unquoted as a YAML key). */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "must be a valid environment variable name" });

const secretRef = z
  .object({
    /** Variable name inside the container. */
    name: envName,
    /**
     * Where ECS reads it at task start: `ssm:/path/name` (SSM Parameter Store) or
     * `secretsmanager:name[:json-key]` (Secrets Manager). Never a value. `{env}` stands for the
     * environment's name, so each environment reads its own secret:
     * "secretsmanager:shop/{env}/rails:secret_key_base".
     */
    from: z.string().regex(/^(ssm:\/[A-Za-z0-9_.\-/{}]+|secretsmanager:[A-Za-z0-9/_+=.@{}-]+(:[A-Za-z0-9_.-]+)?)$/, {
      message:
        'must be "ssm:/path/to/parameter" or "secretsmanager:secret-name[:json-key]" ({env} in the path or name stands for the environment)',
    }),
  })
  .strict();

const sidecar = z
  .object({
    name: resourceName(20),
    /**
     * The image, pinned by digest ("name:tag@sha256:...") or from your own ECR. null for the sidecar
     * that receives traffic: that one is the generated nginx reverse proxy, built from its own
     * Dockerfile into its own ECR repository. @default null
     */
    image: z
      .string()
      .regex(/^[^\s:@]+(:[^\s:@]+)?(@sha256:[0-9a-f]{64})?$/, {
        message: 'must name an image as "registry/name:tag@sha256:<digest>"',
      })
      .nullable()
      .default(null),
    /** Port the sidecar listens on (Fargate runs non-root: 1024 or above). */
    port: z.number().int().min(1024).max(65535).nullable().default(null),
    /**
     * When set, the ALB sends traffic to this sidecar instead of the app container: a generated
     * nginx that listens on `port` and proxies every request to the app.
     */
    receivesTraffic: z.boolean().default(false),
    cpu: z.number().int().min(0).default(128),
    memory: z.number().int().min(6).default(128),
  })
  .strict();

const autoscaling = z
  .object({
    min: z.number().int().min(0).default(1),
    max: z.number().int().min(1).default(4),
    /** Target average CPU utilisation, percent. */
    cpuTarget: z.number().int().min(10).max(95).default(70),
  })
  .strict();

const routing = z
  .object({
    /** ALB path patterns, e.g. ["/api/*"]; empty with a host means the whole host. */
    paths: z
      .array(z.string().regex(/^\/[A-Za-z0-9_\-./*?]*$/, { message: 'must be an ALB path pattern such as "/api/*"' }))
      .max(5, { message: "an ALB rule takes at most 5 path patterns" })
      .default([]),
    /** Host name label under the environment's domain, e.g. "api" for api.example.com. */
    host: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, { message: 'must be one DNS label such as "api"' })
      .nullable()
      .default(null),
  })
  .strict();

const ownDockerfile = z
  .object({
    /** The Dockerfile, relative to the project root; the build context stays the project root. */
    path: projectPath,
    /** Always true: the file is yours. Remove `dockerfile` to have the tool write its own instead. */
    adopted: z.literal(true, { message: "must be true; remove services[].dockerfile to use the tool's Dockerfile" }),
    /** The stage to build (`docker build --target`); null: the last stage, as Docker builds by default. */
    target: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { message: 'must be a stage name from the Dockerfile, e.g. "runtime"' })
      .nullable()
      .default(null),
  })
  .strict();

let primaryZones: ReadonlySet<string> | undefined;

/**
 * Whether `zone` is a time zone the runtime knows. Intl.DateTimeFormat decides, but its first use
 * loads ICU's zone data (about 30 ms, a tenth of a `check`), so the names it surely accepts are
 * looked up first: "UTC", which every implementation must support (ECMA-262, "Time Zone
 * Identifiers": https://tc39.es/ecma262/#sec-time-zone-identifiers), and the primary names
 * Intl.supportedValuesOf lists. Links ("Asia/Calcutta") and other casings still reach it.
 */
function isTimeZone(zone: string): boolean {
  primaryZones ??= new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  if (primaryZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A time zone Application Auto Scaling and EventBridge Scheduler accept: an IANA name such as "Europe/Berlin". */
const timeZone = z.string().refine(isTimeZone, {
  message: 'must be an IANA time zone such as "Europe/Berlin" or "UTC"',
});
/** A command run by the service's image instead of its own (exec form). */
const commandOverride = z.array(z.string().min(1)).min(1);

/**
 * One scheduled run of a scheduler service: an EventBridge Scheduler schedule that starts one task
 * of the service's task definition on the cluster.
 */
const jobSchedule = z
  .object({
    /** Ends the schedule's name ("<project>-<env>-<service>-<name>", at most 64 characters); unique within the service. */
    name: resourceName(14),
    /**
     * EventBridge Scheduler expression: "cron(minutes hours day-of-month month day-of-week year)"
     * (one of the two day fields "?") or "rate(value unit)", e.g. "cron(0 3 * * ? *)", "rate(15 minutes)".
     */
    expression: z.string().superRefine((expression, ctx) => {
      const problem = scheduleExpressionProblem(expression);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    /** IANA time zone the cron expression is read in. @default "UTC" */
    timezone: timeZone.default("UTC"),
    /** What the task runs; null: the service's own command. */
    command: commandOverride.nullable().default(null),
    /** How long one run takes, in minutes, for the cost estimate only (Fargate bills at least a minute). @default 5 */
    estimatedMinutes: z.number().positive().max(1440).default(5),
  })
  .strict();

/** A one-off task of the new task definition that the deploy runs before the services take the new revision. */
const migrate = z
  .object({
    /** The migration command, e.g. ["bin/rails", "db:migrate"] or ["npm", "run", "migrate"]. */
    command: commandOverride,
  })
  .strict();

export const service = z
  .object({
    name: resourceName(20),
    /** web: behind the load balancer; worker: long-running, no port; scheduler: cron-like worker. */
    kind: z.enum(SERVICE_KINDS).default("web"),
    /** Source folder of the service inside the project; its Dockerfile is written here. @default "." */
    path: projectPath.default("."),
    /**
     * What the image runs. .NET: the project file to publish (e.g. "src/Api/Api.csproj").
     * Node: the file `node` starts in the image (e.g. "dist/server.js"; Next.js: "server.js").
     * Rails: unused (the image runs the Rails server or `command`).
     */
    entry: z.string().min(1).nullable().default(null),
    /**
     * .NET only: the assembly the project builds (MSBuild's `<AssemblyName>`); the image runs
     * `<assembly>.dll`. null: the project file's name, MSBuild's own default.
     */
    assembly: z
      .string()
      .regex(/^(?![\s\S]*\.dll$)[A-Za-z0-9_.-]+$/i, {
        message: 'must be an assembly name such as "Shop.Api", without ".dll"',
      })
      .nullable()
      .default(null),
    /** Overrides the image's command for this service (exec form), e.g. ["bundle","exec","sidekiq"]. */
    command: z.array(z.string().min(1)).min(1).nullable().default(null),
    /** Node only: the package.json script that builds the service, or null when it needs no build. */
    buildScript: z.string().min(1).nullable().default(null),
    /** Command for local development in docker-compose.override.yml. */
    devCommand: z.array(z.string().min(1)).min(1).nullable().default(null),
    /**
     * Node only: the package.json script that runs the service in development, watching its source
     * (init takes "dev"). null: compose runs the framework's usual command, and a service with a
     * build script is built once and then rebuilt and restarted as its files change.
     */
    devScript: z.string().min(1).nullable().default(null),
    /** Node only: which framework builds and serves this service. */
    framework: z.enum(NODE_FRAMEWORKS).nullable().default(null),
    /**
     * Next.js only: next.config sets `output: "standalone"`, so the image runs the traced server in
     * .next/standalone; false: it runs `next start` over the production dependencies. init reads it
     * from next.config.*. @default false for Next.js services, null for the others
     */
    standalone: z.boolean().nullable().default(null),
    /**
     * Container port; web services only. Fargate tasks run non-root, so 1024 or above; only an
     * adopted Dockerfile (`dockerfile`) may keep a lower one, with a warning.
     */
    port: z
      .number()
      .int()
      .min(1, { message: "must be a port number, 1024 or above" })
      .max(65535)
      .nullable()
      .default(null),
    /**
     * Port on the developer's machine (docker-compose.override.yml binds it to 127.0.0.1). Services may
     * share a container port: on ECS every task has its own address, in compose every container.
     * null: the container port, or the next free one above it when an earlier service has it.
     */
    hostPort: z.number().int().min(1).max(65535).nullable().default(null),
    healthCheckPath: z.string().regex(/^\//, { message: 'must start with "/"' }).nullable().default(null),
    /** Fargate CPU units (256 = 0.25 vCPU). */
    cpu: z.number().int().default(512),
    /** Fargate memory in MiB; must be allowed for the CPU size. */
    memory: z.number().int().default(1024),
    desiredCount: z.number().int().min(0).default(1),
    autoscaling: autoscaling.nullable().default(null),
    /**
     * Web services only: which requests the load balancer sends here. null: the first web service
     * takes everything else, the others get "/<name>/*".
     */
    routing: routing.nullable().default(null),
    /** Plain, non-secret environment variables. */
    environment: z.record(envName, z.string()).default({}),
    secrets: z.array(secretRef).default([]),
    sidecars: z.array(sidecar).default([]),
    /**
     * The repository's own Dockerfile, adopted by init: the image is built from it, the tool never
     * writes it, and `port` follows its EXPOSE. Absent: the tool writes `<path>/Dockerfile`.
     */
    dockerfile: ownDockerfile.optional(),
    /**
     * Scheduler services only: run each job as a task of its own on an EventBridge Scheduler schedule
     * instead of a long-running service. Empty: the scheduler keeps its own clock and runs as one
     * long-running task (no autoscaling), so no job runs twice. @default []
     */
    schedules: z.array(jobSchedule).default([]),
    /**
     * Database migrations the deploy runs as a one-off task of the new task definition before any
     * service takes it; a failure stops the deploy. null: none. Left out: the stack's default (Rails
     * with a database: `bin/rails db:migrate` on the first web service; none for .NET and Node).
     */
    migrate: migrate.nullable().optional(),
  })
  .strict();

/** An internal package the image build needs (feed.packages). */
const feedPackage = z
  .object({
    /** The package (and its folder): "PayrollEngine.Core", "acme-core", "@acme/ui". */
    name: z.string().regex(/^(@[a-z0-9][a-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/, {
      message: 'must be a package name such as "Acme.Core", "acme-core" or "@acme/ui"',
    }),
    /**
     * source: .NET and Rails, the sibling repository's folder ("../Acme.Core"), given to the build as a
     * named build context; Node, the workspace folder ("packages/ui").
     */
    path: z.string().nullable().default(null),
    /** The GitHub repository ("owner/name") CI checks out to build the package; not for Node workspaces. */
    repository: z
      .string()
      .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, { message: 'must be "owner/name"' })
      .nullable()
      .default(null),
    /** .NET: the project to pack, relative to the package's folder; null: the folder itself. */
    project: projectPath.nullable().default(null),
  })
  .strict();

const feed = z
  .object({
    strategy: z.enum(FEED_STRATEGIES).default("none"),
    /** codeartifact: the CodeArtifact domain. */
    domain: resourceName(50).nullable().default(null),
    /** codeartifact: the repository in the domain. */
    repository: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$/, { message: "must be a CodeArtifact repository name" })
      .nullable()
      .default(null),
    /** codeartifact: account that owns the domain; null: aws.accountId. */
    domainOwner: z
      .string()
      .regex(/^\d{12}$/, { message: "must be a 12-digit AWS account id" })
      .nullable()
      .default(null),
    /** codeartifact: create the domain and repository in infra/global (false: they exist already). */
    createRepository: z.boolean().default(false),
    /** github-packages: the user or organisation that publishes the packages; null: the owner of github.repository. */
    owner: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, { message: "must be a GitHub user or organisation name" })
      .nullable()
      .default(null),
    /** Node: the npm scope the private registry serves, e.g. "@acme" (public packages still come from npmjs). */
    scope: z
      .string()
      .regex(/^@[a-z0-9][a-z0-9._-]*$/, { message: 'must be an npm scope such as "@acme"' })
      .nullable()
      .default(null),
    /** .NET: package id patterns the private source serves, e.g. ["Acme.*"] (NuGet package source mapping). */
    packagePatterns: z.array(z.string().regex(/^[A-Za-z0-9_.*-]+$/)).default([]),
    /**
     * source, ci-artifacts (and the publish workflow of s3 and ecr-image): the internal packages, in
     * build order (a package comes after the ones it depends on).
     */
    packages: z.array(feedPackage).default([]),
    /** s3: the bucket that holds the packages. */
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be an S3 bucket name" })
      .nullable()
      .default(null),
    /** s3: the key prefix of the packages in the bucket. */
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, {
        message: 'must be an S3 key prefix without leading or trailing "/", e.g. "nuget"',
      })
      .default("packages"),
    /** ecr-image: the immutable tag of the package image (feed.repository names its ECR repository). */
    tag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: "must be a Docker image tag" })
      .nullable()
      .default(null),
    /**
     * Where the generated nuget.config or .npmrc of the image build lives; null: the project root.
     * Set it (e.g. "docker/nuget.config") when the repository keeps its own file at the root.
     */
    configFile: projectPath.nullable().default(null),
  })
  .strict();

const database = z
  .object({
    engine: z.enum(["postgres", "mysql", "sqlserver", "none"]).default("none"),
    /** Major version; the local container and RDS use the same one. */
    version: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .nullable()
      .default(null),
    name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
      .default("app"),
  })
  .strict();

const cache = z
  .object({
    /**
     * "valkey" (ElastiCache for Valkey, which speaks the Redis protocol; detected Redis clients get it),
     * "redis" (ElastiCache for Redis OSS, which stops at 7.1) or "none".
     */
    engine: z.enum(["redis", "valkey", "none"]).default("none"),
    /**
     * Major version; the local container and ElastiCache run the same one: Redis 6 or 7 (ElastiCache
     * 7.1), Valkey 7, 8 or 9. null: Redis 7, Valkey 8.
     */
    version: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .nullable()
      .default(null),
  })
  .strict();

export const NAT_MODES = ["per-az", "single", "none"] as const;
export const SPOT_MODES = ["none", "workers", "all"] as const;
// The containerInsights cluster setting's values (ECS API reference, ClusterSetting, checked 2026-12-03).
export const CONTAINER_INSIGHTS_MODES = ["enhanced", "enabled", "disabled"] as const;
export const WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a 24-hour time such as "08:00"' });

/** Working hours: every service runs from start to stop on these days and is scaled to zero otherwise. */
const schedule = z
  .object({
    /** IANA time zone of start and stop. @default "UTC" */
    timezone: timeZone.default("UTC"),
    /** Days the services run. @default ["MON", "TUE", "WED", "THU", "FRI"] */
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, { message: "list at least one day" })
      .default(["MON", "TUE", "WED", "THU", "FRI"]),
    /** When the services start, 24-hour clock. @default "08:00" */
    start: clockTime.default("08:00"),
    /** When they scale to zero, later the same day. @default "20:00" */
    stop: clockTime.default("20:00"),
  })
  .strict();

const serviceOverride = z
  .object({
    cpu: z.number().int().optional(),
    memory: z.number().int().optional(),
    desiredCount: z.number().int().min(0).optional(),
    autoscaling: autoscaling.nullable().optional(),
    environment: z.record(envName, z.string()).optional(),
    /** This environment's secret references: each replaces the service's reference of the same name, or adds one. */
    secrets: z.array(secretRef).optional(),
  })
  .strict();

const environment = z
  .object({
    /** Per-service overrides for this environment, keyed by service name. */
    services: z.record(z.string(), serviceOverride).default({}),
    /** Hostname for this environment; null uses the load balancer's DNS name. */
    domain: z.string().nullable().default(null),
    /**
     * Outbound internet for the private subnets: "per-az" (a NAT gateway in each AZ), "single" (one
     * shared NAT gateway) or "none" (VPC endpoints for ECR, logs and secrets; no internet).
     * null: "per-az" for prod, "single" otherwise.
     */
    nat: z.enum(NAT_MODES).nullable().default(null),
    /**
     * Fargate Spot, up to 70% cheaper but AWS may stop a task with two minutes' notice: "none" (every
     * service on regular Fargate), "workers" (workers and schedulers on Spot, web services not) or
     * "all" (not in prod). x86_64 only (RULES.md ECS-15). Turning it on or off moves the running
     * revision's tasks to the other capacity in place, as a new deployment.
     * @default "none"
     */
    spot: z.enum(SPOT_MODES).default("none"),
    /**
     * Scale every service of this environment to zero outside working hours with ECS scheduled scaling,
     * e.g. {} for weekdays 08:00-20:00 UTC. The load balancer, NAT gateways, database and cache keep
     * running (and billing). Not for prod. @default null (always on)
     */
    schedule: schedule.nullable().default(null),
    /**
     * Accept plain HTTP in prod: without a domain ("domain" or this environment's), the load balancer
     * serves prod over HTTP on its own AWS name, with no certificate, so passwords and session cookies
     * cross the internet unencrypted. Generation refuses a prod with web services and no domain unless
     * this is true. Other environments are served over HTTP without a domain either way.
     * @default false
     */
    allowPlainHttp: z.boolean().default(false),
    /**
     * CloudWatch Container Insights on the cluster: "enabled" (cluster and service metrics, billed as
     * custom metrics, and performance log events), "enhanced" (adds task- and container-level metrics,
     * more of them with every task) or "disabled" (ECS's free service CPU and memory metrics only).
     * null: "enabled" for prod, "disabled" otherwise.
     */
    containerInsights: z.enum(CONTAINER_INSIGHTS_MODES).nullable().default(null),
  })
  .strict();

// PutRetentionPolicy retentionInDays values (CloudWatch Logs API reference, checked 2026-11-22).
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const ENVIRONMENT_NAMES = ["dev", "staging", "prod"] as const;

export const FILE_POLICIES = ["merge", "managed", "once", "ignore"] as const;

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    /** Project name; prefixes every AWS resource. */
    project: resourceName(20),
    stack: z.enum(STACKS),
    /** .NET: "8.0" | "9.0" | "10.0"; Node: LTS major "22" | "24" | "26"; Rails: Ruby "3.3" | "3.4" | "4.0" (patch allowed). */
    runtimeVersion: z.string().nullable().default(null),
    /** Files copied into the image before the dependency restore (the cached layer), relative to the project root. */
    restoreFiles: z.array(projectPath).default([]),
    /**
     * Node only: the repository's package manager, which installs and runs scripts in the image,
     * compose and CI: "npm", "pnpm", "yarn" (Yarn 2 and later) or "yarn-classic" (Yarn 1). pnpm and
     * Yarn run through corepack at the version package.json's `packageManager` field pins.
     * @default "npm" for Node, null otherwise
     */
    packageManager: z.enum(PACKAGE_MANAGERS).nullable().default(null),
    architecture: z.enum(["X86_64", "ARM64"]).default("X86_64"),
    aws: z
      .object({
        region: z
          .string()
          .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'must be an AWS region such as "us-east-1"' })
          .default("us-east-1"),
        accountId: z
          .string()
          .regex(/^\d{12}$/, { message: "must be the 12-digit AWS account id" })
          .nullable()
          .default(null),
      })
      .strict()
      .default({ region: "us-east-1", accountId: null }),
    feed: feed.default({
      strategy: "none",
      domain: null,
      repository: null,
      domainOwner: null,
      createRepository: false,
      owner: null,
      scope: null,
      packagePatterns: [],
      packages: [],
      bucket: null,
      prefix: "packages",
      tag: null,
      configFile: null,
    }),
    /** GitHub repository ("owner/name") whose workflows may assume the deploy roles; null asks Terraform for it. */
    github: z
      .object({
        repository: z
          .string()
          .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: 'must be "owner/repository"' })
          .nullable()
          .default(null),
        /**
         * The numeric ids of the repository's owner and of the repository
         * (`gh api repos/OWNER/NAME --jq '.owner.id, .id'`). Repositories created or renamed since
         * 2026-07-15 name themselves by id in their OIDC tokens; with the ids the roles trust both
         * forms. null: the name form only.
         */
        ownerId: z.number().int().positive().nullable().default(null),
        repositoryId: z.number().int().positive().nullable().default(null),
        /**
         * How workflows reference actions: "sha" pins the full commit SHA with the version in a comment
         * (immutable; RULES.md GHA-01), "major" uses the major tag (easier to read, moves with releases).
         */
        pinActions: z.enum(["sha", "major"]).default("sha"),
        /** The command CI runs for the app's own tests; null: dotnet test, npm test or bin/rails test. */
        testCommand: z.string().min(1).nullable().default(null),
      })
      .strict()
      .default({ repository: null, ownerId: null, repositoryId: null, pinActions: "sha", testCommand: null }),
    /** Terraform state: an existing S3 bucket (versioned); null passes it at `terraform init -backend-config`. */
    terraform: z
      .object({
        stateBucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be an S3 bucket name" })
          .nullable()
          .default(null),
      })
      .strict()
      .default({ stateBucket: null }),
    /** ECS Exec (`aws ecs execute-command`) into running tasks, with audit logging. */
    ecsExec: z.boolean().default(false),
    logs: z
      .object({
        /** CloudWatch Logs retention, one of the values CloudWatch accepts. */
        retentionDays: z
          .number()
          .int()
          .refine((d) => LOG_RETENTION_DAYS.includes(d), {
            message: `must be one of the CloudWatch retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
          })
          .default(30),
      })
      .strict()
      .default({ retentionDays: 30 }),
    ecr: z
      .object({
        /** Tagged images each ECR repository keeps; older ones expire. */
        keepImages: z.number().int().min(1).max(1000).default(20),
      })
      .strict()
      .default({ keepImages: 20 }),
    services: z.array(service).min(1, { message: "list at least one service" }),
    database: database.default({ engine: "none", version: null, name: "app" }),
    cache: cache.default({ engine: "none", version: null }),
    /** Apex domain served over HTTPS (ACM + Route 53); null for the load balancer's own name. */
    domain: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { message: 'must be a domain name such as "example.com"' })
      .nullable()
      .default(null),
    environments: z
      .object({ dev: environment.optional(), staging: environment.optional(), prod: environment.optional() })
      .strict()
      .default({
        dev: {
          services: {},
          domain: null,
          nat: null,
          spot: "none",
          schedule: null,
          allowPlainHttp: false,
          containerInsights: null,
        },
      }),
    /** Rails only (null for other stacks): what the image build runs besides `bundle install`. */
    rails: z
      .object({
        /** `assets:precompile` with a dummy secret (false for API-only apps). */
        assetPrecompile: z.boolean().default(true),
        /** `bootsnap precompile` (true when bootsnap is in the Gemfile, as in every generated Rails app). */
        bootsnap: z.boolean().default(true),
      })
      .strict()
      .nullable()
      .default(null),
    /**
     * Names of the tool's files where the repository has its own under the usual names (init sets
     * them): compose would merge a docker-compose.override.yml into the repository's own compose
     * file, and a workflow of the same name would replace the repository's. Absent: the usual names.
     */
    besideOwnFiles: z
      .object({
        /** true: compose.ecs-stack.yml and compose.ecs-stack.override.yml, run with `docker compose -f`. */
        compose: z.boolean().default(false),
        /** true: the workflows are .github/workflows/ecs-stack-<name>.yml. */
        workflows: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** Per path or glob (`*`, `**`, `?`; exact path, else longest pattern): merge (default), managed, once, ignore. */
    files: z.record(z.string(), z.enum(FILE_POLICIES)).default({}),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type Service = z.output<typeof service>;
export type Sidecar = z.output<typeof sidecar>;
export type Stack = (typeof STACKS)[number];
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];
export type FilePolicy = (typeof FILE_POLICIES)[number];
