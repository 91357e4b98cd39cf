// What a stack is to the rest of the tool: one typed profile per stack (src/stacks/<stack>.ts),
// gathered in STACK_PROFILES (index.ts). Everything that differs between stacks is a field here,
// so a new name in STACKS makes the compiler list what the new stack must say, instead of a
// `stack === "..."` elsewhere silently taking another stack's branch. This folder is the bottom
// layer: it imports nothing of the tool's but its own files.

export const STACKS = ["dotnet", "node", "rails", "python"] as const;
export type Stack = (typeof STACKS)[number];

export const FEED_STRATEGIES = [
  "none",
  "source",
  "codeartifact",
  "github-packages",
  "s3",
  "ci-artifacts",
  "ecr-image",
] as const;
export type FeedStrategy = (typeof FEED_STRATEGIES)[number];

export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn", "yarn-classic"] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export const NODE_FRAMEWORKS = ["next", "express", "nest", "node"] as const;
export type Framework = (typeof NODE_FRAMEWORKS)[number];

export const PYTHON_FRAMEWORKS = ["fastapi", "starlette", "django", "flask"] as const;
export type PythonFramework = (typeof PYTHON_FRAMEWORKS)[number];

export const PYTHON_PACKAGE_MANAGERS = ["poetry", "uv", "pip"] as const;
export type PythonPackageManager = (typeof PYTHON_PACKAGE_MANAGERS)[number];

/**
 * The process that serves a Python web app: Uvicorn alone (ASGI), or Gunicorn managing worker
 * processes (WSGI workers for Django and Flask, Uvicorn workers for the ASGI frameworks).
 */
export const PYTHON_SERVERS = ["uvicorn", "gunicorn"] as const;
export type PythonServer = (typeof PYTHON_SERVERS)[number];

/** The Python app's framework, the tool that installs its dependencies and its server (the config's `python` block). */
export interface PythonOptions {
  framework: PythonFramework;
  packageManager: PythonPackageManager;
  /** null: the framework's own (pythonServer in python.ts). */
  server: PythonServer | null;
}

/**
 * How long ECS waits after SIGTERM before it kills a container (the task definition's stopTimeout).
 * Web: the target group's 30 s deregistration delay. Workers get longer to finish a job (Sidekiq
 * stops within 25 s by default; Fargate allows up to 120 s).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_timeout
 */
export const STOP_TIMEOUT_SECONDS = { web: 30, worker: 60 } as const;

export type DatabaseEngine = "postgres" | "mysql" | "sqlserver";

/**
 * The build stages of the .NET SDK and Ruby images have no account for the developer's uid, so
 * its home would be "/", where it may not write: the SDK's first-run files and NuGet's packages
 * (~/.dotnet, ~/.nuget) and Bundler's settings go to a writable one instead. The Node image has
 * the user "node" (1000) with a home of its own.
 */
export const NAMELESS_HOME: EnvVar = { key: "HOME", value: "/tmp" };

export interface EnvVar {
  key: string;
  value: string;
}

/** The parts of a configured service a profile reads (the config's Service has them all). */
export interface ServiceFacts {
  kind: "web" | "worker" | "scheduler";
  path: string;
  entry: string | null;
  framework: Framework | null;
  buildScript: string | null;
  command: string[] | null;
  devCommand: string[] | null;
  devScript: string | null;
  port: number | null;
}

/** What each stack assumes when the config leaves a field out. */
export interface StackDefaults {
  runtimeVersion: string;
  /** Runtime versions we generate for; anything else is refused with this list. */
  supportedVersions: RegExp;
  supportedVersionsHint: string;
  /** Versions that still build but are past end of support: generate, and warn. */
  endOfLife: Record<string, string>;
  port: number;
  healthCheckPath: string;
  /** The migration a deploy runs when the config names none; null: none unless configured. */
  migrateCommand: string[] | null;
  /** services[].framework when left out; null: the stack has no frameworks to choose from. */
  framework: Framework | null;
  /** packageManager when left out; null: the stack has one package manager, not a choice. */
  packageManager: PackageManager | null;
  /** The stack's own options block (`rails`) when left out; null: the stack takes none. */
  railsOptions: { assetPrecompile: boolean; bootsnap: boolean } | null;
  /** The stack's own options block (`python`) when left out; null: the stack takes none. */
  pythonOptions: PythonOptions | null;
}

/**
 * How a service says what it runs: .NET by its project file (services[].entry), Node by the
 * folder of its package.json (services[].path), Rails from the project root, Python web services by
 * their ASGI/WSGI application object (services[].entry, "module:attribute").
 */
export type ServiceLocation =
  | { kind: "project-file"; extension: string; example: string }
  | { kind: "package-folder" }
  | { kind: "root" }
  | { kind: "app-object"; example: string };

/** How the app finds its database and cache, in the form its libraries read. */
export interface ConnectionFacts {
  databaseVariable: string;
  cacheVariable: string;
  /** ADO.NET connection strings (.NET) or URLs (everyone else). */
  form: "connection-string" | "url";
  /** The key of the JSON secret (written by the database and cache modules) the task reads. */
  secretKey: "connection_string" | "url";
  /** The scheme of a PostgreSQL URL: libpq takes both; SQLAlchemy 1.4 and later only "postgresql". */
  postgresScheme: "postgres" | "postgresql";
  /** The scheme of a MySQL URL (Rails' mysql2 adapter registers its own). */
  mysqlScheme: "mysql" | "mysql2";
  /** sslmode of an RDS PostgreSQL URL (RDS forces TLS from PostgreSQL 15). */
  postgresSslMode: "require" | "no-verify";
}

/** The variables and form of the stacks whose libraries read URLs (Node, Rails, Python). */
export const URL_CONNECTION = {
  databaseVariable: "DATABASE_URL",
  cacheVariable: "REDIS_URL",
  form: "url",
  secretKey: "url",
} as const satisfies Partial<ConnectionFacts>;

/** What a development container runs (docker-compose.override.yml), past what every stack shares. */
export interface StackDevelopment {
  /** The build stage with the toolchain. */
  target: string;
  buildArgs: EnvVar[];
  /** Set where the development target lacks the image's own ENTRYPOINT. */
  entrypoint: string[] | null;
  command: string[] | null;
  volumes: string[];
  environment: EnvVar[];
}

export interface DevelopmentInput {
  service: ServiceFacts;
  packageManager: PackageManager | null;
  /** Workspace folders of internal packages (feed "source" in a Node monorepo), built in order. */
  workspacePackages: string[];
  python: PythonOptions | null;
  restoreFiles: string[];
}

export interface TokenIndex {
  url: string;
  username: string;
}

export interface TestStep {
  name: string;
  run: string;
}

export interface TestJobInput {
  runtimeVersion: string;
  /** github.testCommand: replaces the stack's own test command. */
  testCommand: string | null;
  packageManager: PackageManager | null;
  /** Whether any service lives in a workspace folder. */
  workspaces: boolean;
  /** Internal workspace packages the tests import, built first. */
  packageBuilds: TestStep[];
  /** The image build's registry file where the restore would not find it by itself (feed.configFile); null otherwise. */
  restoreConfigFile: string | null;
  database: DatabaseEngine | "none";
  /** The private index a token feed serves (its URL and user name); null: public registries only. */
  tokenIndex: TokenIndex | null;
  python: PythonOptions | null;
  restoreFiles: string[];
  /** The folders the services' source lives in ("." for the root), each once, in config order. */
  serviceFolders: string[];
}

/** CI's job that runs the app's own tests, in the image the Dockerfile builds with. */
export interface StackTestJob {
  image: string;
  env: EnvVar[];
  /** The first step installs (and alone sees a registry credential). */
  steps: TestStep[];
  /** Whether the tests run against a real database and cache, as service containers of the job. */
  backingServices: boolean;
  /** The folder the steps run in, relative to the checkout; null: the checkout's root. */
  workingDirectory: string | null;
}

/** The registry settings file the image build restores with, when a feed needs one. */
export interface RegistryFile {
  /** Its name at the root of the build (feed.configFile may place it elsewhere). */
  name: string;
  /** Which template writes it: NuGet's XML or npm's ini. */
  format: "nuget" | "npmrc";
  /** Whether the folder strategies use it too (NuGet lists the folder as a source; npm's file: dependencies need no registry). */
  forFolders: boolean;
}

/** How a package of a folder strategy is packed, in CI (and for .NET in the image build). */
export interface PackFacts {
  /** Whether the pack runs from the app's checkout (.NET: with its nuget.config) or in each package's. */
  fromAppCheckout: boolean;
  /**
   * The command that packs one package: `target` is what .NET packs (relative to the folder that
   * holds the checkouts), `checkout` the package's folder there, `output` the package folder
   * relative to the app.
   */
  command: (pkg: { target: string; checkout: string; configFile: string | null; output: string }) => string;
}

export interface FeedFacts {
  /**
   * The strategies the stack wires end to end (DESIGN.md, "Feed strategy"), each with its line in
   * init's feed question; a strategy left out is refused by the config rules.
   */
  strategies: { readonly [S in FeedStrategy]?: string };
  /** Why another strategy is refused, for the message. */
  unavailableReason: string;
  /** The public registry, as the docs name it. */
  publicRegistry: string;
  /** feed "source": Node's workspaces, or sibling repositories (.NET packs them in the image build, Rails uses them as path gems). */
  source: "workspaces" | "packed-siblings" | "path-siblings";
  registryFile: RegistryFile | null;
  /**
   * How the install step reads the token: FEED_TOKEN (through the registry file), Bundler's per-host
   * variable, or the installer's own index variables set from FEED_TOKEN for that command (Python).
   */
  credential: "feed-token" | "bundler-variable" | "index-variables";
  /** The CodeArtifact package format and the URL its client reads below the repository's endpoint. */
  codeartifact: { format: string; url: (endpoint: string) => string };
  /** The GitHub Packages registry of the stack's package format; null: GitHub Packages has none for it. */
  githubPackages: { host: string; url: (host: string, owner: string) => string } | null;
  /** How the folder strategies pack a package; null when the stack has no folder strategy that packs. */
  pack: PackFacts | null;
  /** How the app takes the packages of a folder strategy, in a sentence for the docs. */
  folderConsumption: (registryFile: string | null, folder: string) => string;
  /** Whether it reads feed.scope (npm scopes: the private registry serves one scope, npmjs the rest). */
  npmScope: boolean;
  /** Whether it reads feed.packagePatterns (NuGet package source mapping). */
  packagePatterns: boolean;
  /** Whether it reads feed.packages[].project (the project `dotnet pack` builds in a package's repository). */
  packProject: boolean;
}

export interface StackProfile {
  /** The stack as init words it. */
  label: string;
  defaults: StackDefaults;
  service: ServiceLocation;
  /** The variable the app reads its port from. */
  portVariable: string;
  connection: ConnectionFacts;
  /** The container health check's command for a URL, from a tool the image has; null: the load balancer's check is the only one. */
  healthCheck: ((url: string) => string[]) | null;
  /** The files the restore layer copies before the source when restoreFiles is left out. */
  restoreFiles: (
    services: ServiceFacts[],
    packageManager: PackageManager | null,
    python: PythonOptions | null,
  ) => string[];
  development: {
    /** What the development containers write in the checkout they mount. */
    output: string;
    plan: (input: DevelopmentInput) => StackDevelopment;
  };
  testJob: (input: TestJobInput) => StackTestJob;
  feed: FeedFacts;
}
