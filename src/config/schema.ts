// The one schema of ecs-stack.config.json. Types, defaults, the shipped JSON Schema, the README's
// config reference and the messages users see all derive from it. Every optional field has a
// `.default()`, so a parsed config is total and nothing downstream has to guess. Every field has a
// description (`.describe()`, or `.meta()` with examples): editors show it as hover docs through the
// config's `$schema`, and test/config.test.ts fails on a field without one.
// A namespace import, not `{ z }`: esbuild then bundles only the zod functions used here, without
// zod's locales (about 550 KB of the CLI bundle; see scripts/bundle.js).
import * as z from "zod";
import { scheduleExpressionProblem } from "./schedule-expression.js";
import { CACHE_VERSIONS, DATABASE_VERSIONS } from "./backing-versions.js";
import {
  FEED_STRATEGIES,
  NODE_FRAMEWORKS,
  PACKAGE_MANAGERS,
  PYTHON_FRAMEWORKS,
  PYTHON_PACKAGE_MANAGERS,
  PYTHON_SERVERS,
  STACK_PROFILES,
  STACKS,
  type StackDefaults,
} from "../stacks/index.js";
import { NODE_BUILD_SCRIPT, NODE_ENTRY } from "../stacks/node.js";

// The stack names and the lists their profiles choose from are the profiles' (src/stacks/).
export { FEED_STRATEGIES, NODE_FRAMEWORKS, PACKAGE_MANAGERS, STACKS };
export type { PackageManager, Stack } from "../stacks/index.js";

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

export const SERVICE_KINDS = ["web", "worker", "scheduler"] as const;

/** "`a` for x, `b` for y": a default that depends on the framework, engine or stack, as a description states it. */
const per = (values: Readonly<Record<string, string | number | null>>) =>
  Object.entries(values)
    .map(([key, value]) => `${value === null ? "none" : `\`${value}\``} for ${key}`)
    .join(", ");
const perStack = (pick: (defaults: StackDefaults) => string | number) =>
  per(Object.fromEntries(STACKS.map((stack) => [stack, pick(STACK_PROFILES[stack].defaults)])));

/** A variable name a shell, compose and ECS all accept (it is also printed unquoted as a YAML key). */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "must be a valid environment variable name" });

const secretRef = z
  .object({
    name: envName.describe("The environment variable the secret's value is given as inside the container."),
    from: z
      .string()
      .regex(/^(ssm:\/[A-Za-z0-9_.\-/{}]+|secretsmanager:[A-Za-z0-9/_+=.@{}-]+(:[A-Za-z0-9_.-]+)?)$/, {
        message:
          'must be "ssm:/path/to/parameter" or "secretsmanager:secret-name[:json-key]" ({env} in the path or name stands for the environment)',
      })
      .meta({
        description:
          "Where ECS reads the value at task start, never the value itself: `ssm:/path/name` (SSM Parameter Store) " +
          "or `secretsmanager:name[:json-key]` (Secrets Manager). `{env}` stands for the environment's name, so " +
          "each environment reads its own secret (a reference without it, shared by several environments, gets a " +
          "warning). Locally, compose reads the variable from `.env`.",
        examples: ["ssm:/shop/{env}/db_password", "secretsmanager:shop/{env}/rails:secret_key_base"],
      }),
  })
  .strict();

const sidecar = z
  .object({
    name: resourceName(20).describe(
      "The container's name in the task; unique among the task's containers. The proxy sidecar's name also " +
        "names its folder and ECR repository (`<project>/<service>-<name>`).",
    ),
    image: z
      .string()
      .regex(/^[^\s:@]+(:[^\s:@]+)?(@sha256:[0-9a-f]{64})?$/, {
        message: 'must name an image as "registry/name:tag@sha256:<digest>"',
      })
      .nullable()
      .default(null)
      .meta({
        description:
          "The image the sidecar runs, pinned by digest (`name:tag@sha256:...`) or from your own ECR; a mutable " +
          "tag is refused, and so is a third-party registry where an environment has no NAT. null for the " +
          "sidecar that receives traffic: that one is the generated nginx reverse proxy, built from its own " +
          "Dockerfile into its own ECR repository.",
        examples: ["123456789012.dkr.ecr.us-east-1.amazonaws.com/otel-collector:0.115.0"],
      }),
    port: z
      .number()
      .int()
      .min(1024)
      .max(65535)
      .nullable()
      .default(null)
      .describe(
        "The port the sidecar listens on: 1024 or above, since Fargate containers run non-root, and not the app's " +
          "port (the task's containers share localhost). Required when the sidecar receives traffic.",
      ),
    receivesTraffic: z
      .boolean()
      .default(false)
      .describe(
        "true: the load balancer sends the service's traffic to this sidecar instead of the app container. The " +
          "sidecar is then a generated nginx reverse proxy that listens on `port` and forwards every request to " +
          "the app. At most one sidecar per web service.",
      ),
    cpu: z
      .number()
      .int()
      .min(0)
      .default(128)
      .describe("Fargate CPU units reserved for the sidecar, out of the task's `cpu` (1024 = 1 vCPU)."),
    memory: z
      .number()
      .int()
      .min(6)
      .default(128)
      .describe("Memory in MiB reserved for the sidecar, out of the task's `memory`."),
  })
  .strict();

const autoscaling = z
  .object({
    min: z.number().int().min(0).default(1).describe("The fewest tasks the service scales in to."),
    max: z.number().int().min(1).default(4).describe("The most tasks the service scales out to; at least `min`."),
    cpuTarget: z
      .number()
      .int()
      .min(10)
      .max(95)
      .default(70)
      .describe(
        "Target average CPU utilisation, in percent: ECS adds tasks above it and removes them below. Lower " +
          "reacts to load sooner and costs more tasks.",
      ),
  })
  .strict();

const routing = z
  .object({
    paths: z
      .array(z.string().regex(/^\/[A-Za-z0-9_\-./*?]*$/, { message: 'must be an ALB path pattern such as "/api/*"' }))
      .max(5, { message: "an ALB rule takes at most 5 path patterns" })
      .default([])
      .meta({
        description:
          "ALB path patterns (`*` and `?` wildcards, at most 5) whose requests go to this service; empty with a " +
          "`host`: the whole host.",
        examples: [["/api/*"]],
      }),
    host: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, { message: 'must be one DNS label such as "api"' })
      .nullable()
      .default(null)
      .meta({
        description:
          "A host name label under the environment's domain whose requests go to this service, e.g. `api` for " +
          "`api.example.com`; null: any host.",
        examples: ["api"],
      }),
  })
  .strict();

// ECS deployment strategies (docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-types.html).
// Ranges from the ECS API reference, checked 2026-12-03: bake times 0 to 1440 minutes
// (API_DeploymentConfiguration, API_CanaryConfiguration, API_LinearConfiguration), canaryPercent
// multiples of 0.1 from 0.1 to 100, stepPercent multiples of 0.1 from 3 to 100 (the same in the
// @aws-sdk/client-ecs 3.1164 model).
const minutes = z.number().int().min(0).max(1440, { message: "must be 1440 minutes (24 hours) or less" });

/** What rolls a traffic-shifting release back: the alarms ECS watches until the bake time ends. */
const rollbackAlarms = {
  errorRatePercent: z
    .number()
    .min(0.1)
    .max(100)
    .default(5)
    .describe("Roll back when more than this share of the service's requests end in a 5xx from the app."),
  p99LatencyMs: z
    .number()
    .int()
    .min(1)
    .nullable()
    .default(null)
    .describe("Roll back when the 99th percentile response time exceeds this; null: no latency alarm."),
};

const bakeMinutes = (minutesDefault: number) =>
  minutes.default(minutesDefault).describe("Minutes the old revision stays ready after all traffic moved.");

export const deploymentSchema = z
  .discriminatedUnion("strategy", [
    z.object({ strategy: z.literal("rolling").describe("Tasks replaced in place.") }).strict(),
    z
      .object({
        strategy: z.literal("blue-green").describe("Every request moves to the new revision at once."),
        bakeMinutes: bakeMinutes(10),
        ...rollbackAlarms,
      })
      .strict(),
    z
      .object({
        strategy: z.literal("canary").describe("A share of the requests first, the rest later."),
        percent: z
          .number()
          .min(0.1)
          .max(100)
          .multipleOf(0.1)
          .default(10)
          .describe("Share of production traffic the new revision gets first."),
        canaryMinutes: minutes.default(5).describe("Minutes at that share before the rest moves."),
        bakeMinutes: bakeMinutes(5),
        ...rollbackAlarms,
      })
      .strict(),
    z
      .object({
        strategy: z.literal("linear").describe("The requests move in equal steps."),
        stepPercent: z
          .number()
          .min(3)
          .max(100)
          .multipleOf(0.1)
          .default(25)
          .describe("Share of production traffic each step moves."),
        stepMinutes: minutes.default(2).describe("Minutes between steps."),
        bakeMinutes: bakeMinutes(5),
        ...rollbackAlarms,
      })
      .strict(),
  ])
  .describe(
    'How a new revision replaces the running one: "rolling" replaces tasks in place; "blue-green", "canary" and ' +
      '"linear" start it beside the old one behind a second target group, move traffic to it, roll back on ' +
      "alarms, and keep the old revision for `bakeMinutes`. Web services only for the last three.",
  );

export type Deployment = z.infer<typeof deploymentSchema>;

const ownDockerfile = z
  .object({
    path: projectPath.describe(
      "The Dockerfile, relative to the project root; the build context stays the project root.",
    ),
    adopted: z
      .literal(true, { message: "must be true; remove services[].dockerfile to use the tool's Dockerfile" })
      .describe("Always true: the file is yours. Remove `dockerfile` to have the tool write its own instead."),
    target: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { message: 'must be a stage name from the Dockerfile, e.g. "runtime"' })
      .nullable()
      .default(null)
      .describe("The stage to build (`docker build --target`); null: the last stage, as Docker builds by default."),
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
    name: resourceName(14).describe(
      "Ends the schedule's name (`<project>-<env>-<service>-<name>`, at most 64 characters); unique within " +
        "the service.",
    ),
    expression: z
      .string()
      .superRefine((expression, ctx) => {
        const problem = scheduleExpressionProblem(expression);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .meta({
        description:
          "When the job runs, as an EventBridge Scheduler expression: `cron(minutes hours day-of-month month " +
          "day-of-week year)`, with one of the two day fields `?`, or `rate(value unit)`.",
        examples: ["cron(0 3 * * ? *)", "rate(15 minutes)"],
      }),
    timezone: timeZone
      .default("UTC")
      .meta({ description: "The IANA time zone the cron expression is read in.", examples: ["Europe/Berlin"] }),
    command: commandOverride
      .nullable()
      .default(null)
      .meta({
        description: "What the task runs (exec form); null: the service's own command.",
        examples: [["bin/rails", "reports:nightly"]],
      }),
    estimatedMinutes: z
      .number()
      .positive()
      .max(1440)
      .default(5)
      .describe(
        "How long one run takes, in minutes; used for the cost estimate only (Fargate bills at least a minute).",
      ),
  })
  .strict();

/** A one-off task of the new task definition that the deploy runs before the services take the new revision. */
const migrate = z
  .object({
    command: commandOverride.meta({
      description: "The migration command (exec form).",
      examples: [
        ["bin/rails", "db:migrate"],
        ["npm", "run", "migrate"],
      ],
    }),
  })
  .strict();

export const service = z
  .object({
    name: resourceName(20).describe(
      "The service's name: its ECS service, ECR repository, compose service and folder of generated files; " +
        "unique in the project.",
    ),
    kind: z
      .enum(SERVICE_KINDS)
      .default("web")
      .describe(
        "`web`: serves HTTP behind the load balancer; `worker`: long-running, no port; `scheduler`: runs jobs " +
          "on a clock (see `schedules`).",
      ),
    path: projectPath
      .default(".")
      .describe(
        "The service's source folder inside the project; the tool's Dockerfile for it is written here. " +
          "Python: the app's folder (its dependency files, source and tests), which the image holds as /app; " +
          "every Python service shares it. A service of another stack than the project's builds from this folder as its context.",
      ),
    stack: z
      .enum(STACKS)
      .nullable()
      .default(null)
      .describe(
        "This service's stack when it is not the project's `stack`, as a Node frontend beside a Python API: " +
          "it gets that stack's Dockerfile, development container and CI test job. The private feed " +
          "(`feed`) and `restoreFiles` serve the project's stack only; the others restore from their public " +
          "registries. null: the project's `stack`.",
      ),
    runtimeVersion: z
      .string()
      .nullable()
      .default(null)
      .describe(
        "A service of another stack than the project's: that stack's runtime version, the same for each of " +
          "its services. null: the stack's current one. The project's own stack takes the top-level " +
          "`runtimeVersion`.",
      ),
    entry: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .meta({
        description:
          "What the image runs. .NET: the project file to publish. Node: the file `node` starts in the image; " +
          `null: the framework's (${per(NODE_ENTRY)}). Rails: unused (the image runs the Rails server ` +
          "or `command`). Python: the application a web service's server runs, a module and its object " +
          '("app.main:app", Flask\'s "app:create_app()", Django\'s "mysite.wsgi"); required for web services.',
        examples: ["src/Api/Api.csproj", "dist/server.js", "app.main:app"],
      }),
    assembly: z
      .string()
      .regex(/^(?![\s\S]*\.dll$)[A-Za-z0-9_.-]+$/i, {
        message: 'must be an assembly name such as "Shop.Api", without ".dll"',
      })
      .nullable()
      .default(null)
      .meta({
        description:
          ".NET only: the assembly the project builds (MSBuild's `AssemblyName`), without `.dll`; the image " +
          "runs `<assembly>.dll`. null: the project file's name, MSBuild's own default.",
        examples: ["Shop.Api"],
      }),
    command: z
      .array(z.string().min(1))
      .min(1)
      .nullable()
      .default(null)
      .meta({
        description: "Overrides the image's command for this service (exec form); null: the image's own.",
        examples: [["bundle", "exec", "sidekiq"]],
      }),
    buildScript: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        "Node only: the package.json script that builds the service in the image; null: the framework's " +
          `(${per(NODE_BUILD_SCRIPT)}).`,
      ),
    devCommand: z
      .array(z.string().min(1))
      .min(1)
      .nullable()
      .default(null)
      .describe(
        "The command the service runs in local development (docker-compose.override.yml), exec form; null: the " +
          "stack's development command (`dotnet watch`, the Rails server, the Node framework's or `devScript`).",
      ),
    devScript: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        "Node only: the package.json script that runs the service in development, watching its source (init " +
          "takes `dev`). null: compose runs the framework's usual command, and a service with a build script is " +
          "built once and then rebuilt and restarted as its files change.",
      ),
    framework: z
      .enum(NODE_FRAMEWORKS)
      .nullable()
      .default(null)
      .describe(
        "Node only: the framework that builds and serves the service; it sets the defaults of `entry` and " +
          "`buildScript`. null: `node` for Node services.",
      ),
    standalone: z
      .boolean()
      .nullable()
      .default(null)
      .describe(
        'Next.js only: true when next.config sets `output: "standalone"`, so the image runs the traced server ' +
          "in .next/standalone; false: it runs `next start` over the production dependencies. init reads it " +
          "from next.config. null: false for Next.js services.",
      ),
    port: z
      .number()
      .int()
      .min(1, { message: "must be a port number, 1024 or above" })
      .max(65535)
      .nullable()
      .default(null)
      .describe(
        "The container port; web services only. Fargate tasks run non-root, so 1024 or above; only an adopted " +
          "Dockerfile (`dockerfile`) may keep a lower one, with a warning. null for a web service: the stack's " +
          `(${perStack((d) => d.port)}).`,
      ),
    hostPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .nullable()
      .default(null)
      .describe(
        "Local development only: the port on the developer's machine (docker-compose.override.yml binds it to " +
          "127.0.0.1). Services may share a container port: on ECS every task has its own address, in compose " +
          "every container. null: the container port, or the next free one above it when an earlier service " +
          "has it.",
      ),
    healthCheckPath: z
      .string()
      .regex(/^\//, { message: 'must start with "/"' })
      .nullable()
      .default(null)
      .describe(
        "The path the load balancer probes for the service's health; web services only. null for a web " +
          `service: the stack's (${perStack((d) => d.healthCheckPath)}).`,
      ),
    cpu: z
      .number()
      .int()
      .default(512)
      .describe(
        "Fargate CPU units of the task (256 = 0.25 vCPU, 1024 = 1 vCPU); with `memory`, one of the sizes " +
          "Fargate offers.",
      ),
    memory: z
      .number()
      .int()
      .default(1024)
      .describe(
        "Memory of the task in MiB; must be a size Fargate allows for `cpu` (256 CPU units: 512, 1024 or 2048).",
      ),
    desiredCount: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe(
        "How many tasks the service starts with; without `autoscaling`, the fixed count. Later changes are " +
          "left to autoscaling or `aws ecs update-service`.",
      ),
    autoscaling: autoscaling
      .nullable()
      .default(null)
      .describe("Target-tracking autoscaling on CPU between `min` and `max` tasks; null: a fixed `desiredCount`."),
    routing: routing
      .nullable()
      .default(null)
      .describe(
        "Web services only: which requests the load balancer sends here. null: the first web service takes " +
          "everything no other rule matches, the others get `/<name>/*`.",
      ),
    deployment: deploymentSchema
      .nullable()
      .default(null)
      .describe(
        "How releases reach the service (`environments.<env>.services.<name>.deployment` overrides it per " +
          "environment). null: canary in prod for web services, rolling everywhere else.",
      ),
    environment: z
      .record(envName, z.string())
      .default({})
      .meta({
        description: "Plain, non-secret environment variables of the container; secrets go in `secrets`.",
        examples: [{ LOG_LEVEL: "info" }],
      }),
    secrets: z
      .array(secretRef)
      .default([])
      .describe(
        "Environment variables ECS reads from SSM Parameter Store or Secrets Manager at task start; the config " +
          "holds only where each value lives.",
      ),
    sidecars: z
      .array(sidecar)
      .default([])
      .describe(
        "Further containers in the service's task: the generated nginx reverse proxy in front of a web service " +
          "(`receivesTraffic`), or an image of your own.",
      ),
    dockerfile: ownDockerfile
      .optional()
      .describe(
        "The repository's own Dockerfile, adopted by init: the image is built from it, the tool never writes " +
          "it, and `port` follows its EXPOSE. Absent: the tool writes `<path>/Dockerfile`.",
      ),
    schedules: z
      .array(jobSchedule)
      .default([])
      .describe(
        "Scheduler services only: run each job as a task of its own on an EventBridge Scheduler schedule, with " +
          "no long-running service. Empty: the scheduler keeps its own clock and runs as one long-running task " +
          "(no autoscaling), so no job runs twice.",
      ),
    migrate: migrate
      .nullable()
      .optional()
      .describe(
        "Database migrations the deploy runs as a one-off task of the new task definition before any service " +
          "takes it; a failure stops the deploy. null: none. Absent: the stack's default (Rails with a " +
          "database: `bin/rails db:migrate` on the first web service; none for .NET and Node).",
      ),
  })
  .strict();

/** An internal package the image build needs (feed.packages). */
const feedPackage = z
  .object({
    name: z
      .string()
      .regex(/^(@[a-z0-9][a-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/, {
        message: 'must be a package name such as "Acme.Core", "acme-core" or "@acme/ui"',
      })
      .meta({
        description: "The package, and the name of its folder.",
        examples: ["Acme.Core", "acme-core", "@acme/ui"],
      }),
    path: z
      .string()
      .nullable()
      .default(null)
      .meta({
        description:
          "`source` only: .NET and Rails, the sibling repository's folder, given to the image build as a named " +
          "build context; Node, the workspace folder.",
        examples: ["../Acme.Core", "packages/ui"],
      }),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, { message: 'must be "owner/name"' })
      .nullable()
      .default(null)
      .describe(
        "The GitHub repository (`owner/name`) CI checks out to build the package; not for Node workspace packages.",
      ),
    project: projectPath
      .nullable()
      .default(null)
      .describe(".NET only: the project to pack, relative to the package's folder; null: the folder itself."),
  })
  .strict();

const feed = z
  .object({
    strategy: z
      .enum(FEED_STRATEGIES)
      .default("none")
      .describe(
        "How the image build reaches private packages. `none`: public registries only. Registry strategies " +
          "(`codeartifact`, `github-packages`) pass a short-lived token to the install step as a BuildKit " +
          "secret. Folder strategies hand the build a folder of package files and need no credential in it: " +
          "`source` (sibling repositories or workspace packages, built in the image build), `s3` (synced from " +
          "a bucket by CI), `ci-artifacts` (packed by a CI job) and `ecr-image` (copied from a package image); " +
          "Rails supports `none`, `source`, `codeartifact` and `github-packages`.",
      ),
    domain: resourceName(50)
      .nullable()
      .default(null)
      .describe("`codeartifact` only: the CodeArtifact domain (required there)."),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$/, { message: "must be a CodeArtifact repository name" })
      .nullable()
      .default(null)
      .describe(
        "`codeartifact`: the repository in the domain; `ecr-image`: the ECR repository of the package image " +
          "(required for both).",
      ),
    domainOwner: z
      .string()
      .regex(/^\d{12}$/, { message: "must be a 12-digit AWS account id" })
      .nullable()
      .default(null)
      .describe("`codeartifact` only: the account that owns the domain; null: `aws.accountId`."),
    createRepository: z
      .boolean()
      .default(false)
      .describe(
        "`codeartifact`, `s3` and `ecr-image`: Terraform (infra/global) creates the CodeArtifact domain and " +
          "repository, the bucket or the ECR repository; false: they exist already.",
      ),
    owner: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, { message: "must be a GitHub user or organisation name" })
      .nullable()
      .default(null)
      .describe(
        "`github-packages` only: the user or organisation that publishes the packages; null: the owner of " +
          "`github.repository`.",
      ),
    scope: z
      .string()
      .regex(/^@[a-z0-9][a-z0-9._-]*$/, { message: 'must be an npm scope such as "@acme"' })
      .nullable()
      .default(null)
      .meta({
        description:
          "Node only: the npm scope the private registry serves; public packages still come from npmjs. " +
          "Required with `codeartifact`; with `github-packages`, only the owner's scope.",
        examples: ["@acme"],
      }),
    packagePatterns: z
      .array(z.string().regex(/^[A-Za-z0-9_.*-]+$/))
      .default([])
      .meta({
        description:
          ".NET only: package id patterns the private source serves (NuGet package source mapping); empty: the " +
          "names in `packages`.",
        examples: [["Acme.*"]],
      }),
    packages: z
      .array(feedPackage)
      .default([])
      .describe(
        "`source` and `ci-artifacts` (and the publish workflow of `s3` and `ecr-image`): the internal packages, " +
          "in build order (a package comes after the ones it depends on).",
      ),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be an S3 bucket name" })
      .nullable()
      .default(null)
      .describe("`s3` only: the bucket that holds the packages (required there)."),
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, {
        message: 'must be an S3 key prefix without leading or trailing "/", e.g. "nuget"',
      })
      .default("packages")
      .describe('`s3` only: the key prefix of the packages in the bucket, without a leading or trailing "/".'),
    tag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: "must be a Docker image tag" })
      .nullable()
      .default(null)
      .meta({
        description: "`ecr-image` only: the immutable tag of the package image (required there; `latest` is refused).",
        examples: ["2026.11.1"],
      }),
    configFile: projectPath
      .nullable()
      .default(null)
      .meta({
        description:
          "Where the generated nuget.config or .npmrc of the image build lives; null: the project root. Set it " +
          "when the repository keeps its own file at the root (init does).",
        examples: ["docker/nuget.config"],
      }),
  })
  .strict();

const database = z
  .object({
    engine: z
      .enum(["postgres", "mysql", "sqlserver", "none"])
      .default("none")
      .describe("The database: a local container in compose and RDS in each environment; `none`: no database."),
    version: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .nullable()
      .default(null)
      .describe(
        "The major version; the local container and RDS run the same one. null: " + `${per(DATABASE_VERSIONS)}.`,
      ),
    name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
      .default("app")
      .describe("The name of the database the app uses."),
  })
  .strict();

const cache = z
  .object({
    engine: z
      .enum(["redis", "valkey", "none"])
      .default("none")
      .describe(
        "The cache: `valkey` (ElastiCache for Valkey, which speaks the Redis protocol; detected Redis clients " +
          "get it), `redis` (ElastiCache for Redis OSS, which stops at 7.1) or `none`.",
      ),
    version: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .nullable()
      .default(null)
      .describe(
        "The major version; the local container and ElastiCache run the same one: Redis 6 or 7 (ElastiCache " +
          `7.1), Valkey 7, 8 or 9. null: ${per(CACHE_VERSIONS)}.`,
      ),
  })
  .strict();

export const NAT_MODES = ["per-az", "single", "none", "public"] as const;
export const SPOT_MODES = ["none", "workers", "all"] as const;
// The containerInsights cluster setting's values (ECS API reference, ClusterSetting, checked 2026-12-03).
export const CONTAINER_INSIGHTS_MODES = ["enhanced", "enabled", "disabled"] as const;
export const WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a 24-hour time such as "08:00"' });

/** Minutes since midnight of a 24-hour time ("08:30" is 510). */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours! * 60 + minutes!;
}

/** Working hours: every service runs from start to stop on these days and is scaled to zero otherwise. */
const schedule = z
  .object({
    timezone: timeZone
      .default("UTC")
      .meta({ description: "The IANA time zone of `start` and `stop`.", examples: ["Europe/Berlin"] }),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, { message: "list at least one day" })
      .default(["MON", "TUE", "WED", "THU", "FRI"])
      .describe("The days the services run."),
    start: clockTime.default("08:00").describe("When the services start, on the 24-hour clock."),
    stop: clockTime.default("20:00").describe("When they scale to zero, later the same day."),
  })
  .strict();

const serviceOverride = z
  .object({
    cpu: z.number().int().optional().describe("This environment's Fargate CPU units; absent: the service's `cpu`."),
    memory: z.number().int().optional().describe("This environment's memory in MiB; absent: the service's `memory`."),
    desiredCount: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("This environment's task count; absent: the service's `desiredCount`."),
    autoscaling: autoscaling
      .nullable()
      .optional()
      .describe("This environment's autoscaling, or null for none; absent: the service's `autoscaling`."),
    deployment: deploymentSchema
      .optional()
      .describe("This environment's release strategy for the service; absent: the service's `deployment`."),
    environment: z
      .record(envName, z.string())
      .optional()
      .describe(
        "This environment's plain variables: each replaces the service's variable of the same name, or adds one.",
      ),
    secrets: z
      .array(secretRef)
      .optional()
      .describe(
        "This environment's secret references: each replaces the service's reference of the same name, or adds one.",
      ),
  })
  .strict();

const environment = z
  .object({
    services: z
      .record(z.string(), serviceOverride)
      .default({})
      .meta({
        description: "Per-service overrides for this environment, keyed by service name.",
        examples: [{ api: { cpu: 1024, memory: 2048, desiredCount: 2 } }],
      }),
    domain: z
      .string()
      .nullable()
      .default(null)
      .describe(
        "This environment's host name; null: `<env>.<domain>` (prod: the apex `domain`), or the load " +
          "balancer's own DNS name without a `domain`.",
      ),
    nat: z
      .enum(NAT_MODES)
      .nullable()
      .default(null)
      .describe(
        "How the tasks reach the internet and AWS's APIs: `per-az` (a NAT gateway in each AZ, which survives an AZ " +
          "outage), `single` (one NAT gateway shared by the AZs, cheaper), `none` (VPC endpoints for ECR, logs " +
          "and secrets only; no internet) or `public` (the tasks run in the public subnets with a public IPv4 " +
          "address each and no NAT gateway, the cheapest for a few tasks; their security group still admits only " +
          "the load balancer, and databases and caches stay private). null: `per-az` for prod, `single` otherwise.",
      ),
    spot: z
      .enum(SPOT_MODES)
      .default("none")
      .describe(
        "Fargate Spot, up to 70% cheaper, but AWS may stop a task with two minutes' notice: `none` (every " +
          "service on regular Fargate), `workers` (workers and schedulers on Spot, web services not) or `all` " +
          "(not in prod). `X86_64` only. Turning it on or off moves the running revision's tasks to the other " +
          "capacity in place, as a new deployment.",
      ),
    schedule: schedule
      .nullable()
      .default(null)
      .meta({
        description:
          "Scale every service of this environment to zero outside working hours with ECS scheduled scaling; " +
          "`{}` for weekdays 08:00-20:00 UTC. The load balancer, NAT gateways, database and cache keep running " +
          "(and billing). In prod only for an app that may be offline outside working hours (a demo, an internal tool): its load balancer answers 503 then, and every generate says so. null: always on.",
        examples: [{}, { timezone: "Europe/Berlin", start: "07:00", stop: "19:00" }],
      }),
    allowPlainHttp: z
      .boolean()
      .default(false)
      .describe(
        "Accept plain HTTP in prod: without a domain (`domain` or this environment's), the load balancer serves " +
          "prod over HTTP on its own AWS name, with no certificate, so passwords and session cookies cross the " +
          "internet unencrypted. Generation refuses a prod with web services and no domain unless this is " +
          "true, and then warns. Other environments are served over HTTP without a domain either way.",
      ),
    containerInsights: z
      .enum(CONTAINER_INSIGHTS_MODES)
      .nullable()
      .default(null)
      .describe(
        "CloudWatch Container Insights on the cluster: `enabled` (cluster and service metrics, billed as custom " +
          "metrics, and performance log events), `enhanced` (adds task- and container-level metrics, more of " +
          "them with every task) or `disabled` (ECS's free service CPU and memory metrics only). null: " +
          "`enabled` for prod, `disabled` otherwise.",
      ),
  })
  .strict();

// PutRetentionPolicy retentionInDays values (CloudWatch Logs API reference, checked 2026-11-22).
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const ENVIRONMENT_NAMES = ["dev", "staging", "prod"] as const;

export const FILE_POLICIES = ["merge", "managed", "once", "ignore"] as const;

const environmentEntry = (name: string) =>
  environment.optional().describe(`The ${name} environment; absent: the stack has no ${name} environment.`);

export const configSchema = z
  .object({
    $schema: z
      .string()
      .optional()
      .describe(
        "The JSON Schema of this file, for completion and hover docs in editors; init writes the one in the " +
          "installed package.",
      ),
    project: resourceName(20).describe(
      "The project's name; prefixes every AWS resource. init takes the folder or package name.",
    ),
    stack: z
      .enum(STACKS)
      .describe("The app's stack, and that of every service that names none (`services[].stack`); init detects it."),
    runtimeVersion: z
      .string()
      .nullable()
      .default(null)
      .describe(
        `The runtime's version: ${STACKS.map((stack) => `${STACK_PROFILES[stack].label}: ${STACK_PROFILES[stack].defaults.supportedVersionsHint}`).join("; ")}; ` +
          "a version past end of support is generated, with a warning. null: " +
          `the stack's current one (${perStack((d) => d.runtimeVersion)}).`,
      ),
    restoreFiles: z
      .array(projectPath)
      .default([])
      .describe(
        "Files copied into the image before the dependency restore, so that layer stays cached until they " +
          "change; relative to the project root. Empty: the stack's (the .NET project files, package.json and " +
          "the lockfile, or Gemfile and Gemfile.lock); init lists them.",
      ),
    packageManager: z
      .enum(PACKAGE_MANAGERS)
      .nullable()
      .default(null)
      .describe(
        "Node only: the repository's package manager, which installs and runs scripts in the image, compose " +
          "and CI: `npm`, `pnpm`, `yarn` (Yarn 2 and later) or `yarn-classic` (Yarn 1). pnpm and Yarn run " +
          "through corepack at the version package.json's `packageManager` field pins; with a private feed or " +
          "workspace services, npm only for now. null: `npm` for Node.",
      ),
    architecture: z
      .enum(["X86_64", "ARM64"])
      .default("X86_64")
      .describe(
        "The CPU architecture of the images and the Fargate tasks: `X86_64` or `ARM64` (Graviton). Fargate " +
          "Spot runs `X86_64` only.",
      ),
    aws: z
      .object({
        region: z
          .string()
          .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'must be an AWS region such as "us-east-1"' })
          .default("us-east-1")
          .describe("The AWS region of the stack."),
        accountId: z
          .string()
          .regex(/^\d{12}$/, { message: "must be the 12-digit AWS account id" })
          .nullable()
          .default(null)
          .describe(
            "The 12-digit AWS account id; required to generate, since the task definitions and IAM policies " +
              "name ARNs in it (`aws sts get-caller-identity --query Account --output text` prints it).",
          ),
      })
      .strict()
      .default({ region: "us-east-1", accountId: null })
      .describe("The AWS account and region the stack is deployed to."),
    feed: feed
      .default({
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
      })
      .describe(
        "Private packages: how the image build, compose and CI reach them. The fields other than `strategy` " +
          "apply to the strategies they name.",
      ),
    github: z
      .object({
        repository: z
          .string()
          .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: 'must be "owner/repository"' })
          .nullable()
          .default(null)
          .describe(
            "The GitHub repository (`owner/name`) whose workflows may assume the deploy roles; null: Terraform " +
              "asks for it.",
          ),
        ownerId: z
          .number()
          .int()
          .positive()
          .nullable()
          .default(null)
          .describe(
            "The numeric id of the repository's owner (`gh api repos/OWNER/NAME --jq .owner.id`); with " +
              "`repositoryId`, the roles also trust the id form of the OIDC subject, which repositories created " +
              "or renamed since 2026-07-15 use. null: the name form only.",
          ),
        repositoryId: z
          .number()
          .int()
          .positive()
          .nullable()
          .default(null)
          .describe(
            "The numeric id of the repository (`gh api repos/OWNER/NAME --jq .id`); set together with `ownerId`.",
          ),
        pinActions: z
          .enum(["sha", "major"])
          .default("sha")
          .describe(
            "How workflows reference actions: `sha` pins the full commit SHA with the version in a comment " +
              "(immutable), `major` uses the major tag (easier to read, but moves with each release).",
          ),
        testCommand: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe(
            "The command CI runs for the app's own tests; null: the stack's (`dotnet test`, the package " +
              "manager's `test` script or `bin/rails test`).",
          ),
      })
      .strict()
      .default({ repository: null, ownerId: null, repositoryId: null, pinActions: "sha", testCommand: null })
      .describe("The GitHub repository and how its workflows are written."),
    terraform: z
      .object({
        stateBucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be an S3 bucket name" })
          .nullable()
          .default(null)
          .describe(
            "An existing, versioned S3 bucket for the Terraform state; null: pass it at `terraform init " +
              "-backend-config`.",
          ),
      })
      .strict()
      .default({ stateBucket: null })
      .describe("Where Terraform keeps its state."),
    ecsExec: z
      .boolean()
      .default(false)
      .describe(
        "Allow ECS Exec (`aws ecs execute-command`) into running tasks, with audit logging; it adds the " +
          "permissions and, without NAT, the VPC endpoint it needs.",
      ),
    logs: z
      .object({
        retentionDays: z
          .number()
          .int()
          .refine((d) => LOG_RETENTION_DAYS.includes(d), {
            message: `must be one of the CloudWatch retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
          })
          .default(30)
          .describe(`How many days CloudWatch Logs keeps the logs: ${LOG_RETENTION_DAYS.join(", ")}.`),
      })
      .strict()
      .default({ retentionDays: 30 })
      .describe("The services' CloudWatch logs."),
    ecr: z
      .object({
        keepImages: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(20)
          .describe("How many tagged images each ECR repository keeps; older ones expire."),
      })
      .strict()
      .default({ keepImages: 20 })
      .describe("The ECR repositories of the images."),
    services: z
      .array(service)
      .min(1, { message: "list at least one service" })
      .describe("The app's services: one image, task definition and ECS service each. At least one."),
    database: database
      .default({ engine: "none", version: null, name: "app" })
      .describe("The database, if the app has one."),
    cache: cache.default({ engine: "none", version: null }).describe("The cache, if the app has one."),
    domain: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { message: 'must be a domain name such as "example.com"' })
      .nullable()
      .default(null)
      .meta({
        description:
          "The apex domain served over HTTPS (ACM certificate, Route 53 records; its hosted zone must exist): " +
          "prod at the apex, the other environments at `<env>.<domain>`. null: plain HTTP on the load " +
          "balancer's own name.",
        examples: ["example.com"],
      }),
    environments: z
      .object({ dev: environmentEntry("dev"), staging: environmentEntry("staging"), prod: environmentEntry("prod") })
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
      })
      .describe("The environments the stack deploys to, each with its own Terraform root. Absent: dev only."),
    rails: z
      .object({
        assetPrecompile: z
          .boolean()
          .default(true)
          .describe("Run `assets:precompile` with a dummy secret (false for API-only apps)."),
        bootsnap: z
          .boolean()
          .default(true)
          .describe(
            "Run `bootsnap precompile` (true when bootsnap is in the Gemfile, as in every generated Rails app).",
          ),
      })
      .strict()
      .nullable()
      .default(null)
      .describe(
        "Rails only: what the image build runs besides `bundle install`. null: both steps for Rails, nothing " +
          "for the other stacks.",
      ),
    python: z
      .object({
        framework: z
          .enum(PYTHON_FRAMEWORKS)
          .default("fastapi")
          .describe(
            "The web framework: `fastapi` and `starlette` run under Uvicorn, `django` and `flask` under Gunicorn " +
              "(see `server`; the server must be in the app's dependencies). Django also collects its static files in the image build.",
          ),
        packageManager: z
          .enum(PYTHON_PACKAGE_MANAGERS)
          .default("pip")
          .describe(
            "What installs the dependencies: `poetry` (poetry.lock), `uv` (uv.lock) or `pip` (requirements.txt).",
          ),
        server: z
          .enum(PYTHON_SERVERS)
          .nullable()
          .default(null)
          .describe(
            "What serves a web service: `uvicorn` (FastAPI and Starlette only) or `gunicorn`, which runs " +
              "`WEB_CONCURRENCY` worker processes (2 unless the task sets it), Uvicorn workers for FastAPI and " +
              "Starlette (the `uvicorn-worker` package must be a dependency). null: `uvicorn` for FastAPI and " +
              "Starlette, `gunicorn` for Django and Flask; init picks `gunicorn` when the dependencies have it.",
          ),
      })
      .strict()
      .optional()
      .describe(
        'Python only: the framework, package manager and server. Absent: `{ "framework": "fastapi", ' +
          '"packageManager": "pip", "server": "uvicorn" }` for Python, nothing for the other stacks.',
      ),
    besideOwnFiles: z
      .object({
        compose: z
          .boolean()
          .default(false)
          .describe("true: compose.ecs-stack.yml and compose.ecs-stack.override.yml, run with `docker compose -f`."),
        workflows: z
          .boolean()
          .default(false)
          .describe("true: the workflows are `.github/workflows/ecs-stack-<name>.yml`."),
      })
      .strict()
      .optional()
      .describe(
        "Names of the tool's files where the repository has its own under the usual names (init sets them): " +
          "compose would merge a docker-compose.override.yml into the repository's own compose file, and a " +
          "workflow of the same name would replace the repository's. Absent: the usual names.",
      ),
    files: z
      .record(z.string(), z.enum(FILE_POLICIES))
      .default({})
      .meta({
        description:
          "How `generate` treats a file, keyed by path or glob (`*`, `**`, `?`; an exact path wins, then the " +
          "longest matching pattern): `merge` (the default: your edits are kept), `managed` (the tool owns it; " +
          "edits are replaced, a deleted file is recreated), `once` (created if missing, never updated) or " +
          "`ignore` (never written).",
        examples: [{ "docker-compose.override.yml": "once", ".github/workflows/*": "managed" }],
      }),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type Service = z.output<typeof service>;
export type Sidecar = z.output<typeof sidecar>;
export type FilePolicy = (typeof FILE_POLICIES)[number];
