// The CI job that runs the app's own tests, in the same base image the Dockerfile builds with, so CI
// needs no setup-* actions and tests the runtime the image ships.
import type { Config } from "../src/config/normalise.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import { codeartifactTokenCommand, FEED_TOKEN_ENV, type TokenFeed } from "../src/plan/feed.js";
import { IMAGES } from "../src/plan/versions.js";
import { profileOf } from "../src/stacks/index.js";

interface ServiceContainer {
  name: string;
  image: string;
  env: { key: string; value: string }[];
  options: string;
}

export interface TestJob {
  image: string;
  services: ServiceContainer[];
  env: { key: string; value: string }[];
  /** GitHub Packages: the job's token may read packages (its install step gets it, nothing else). */
  readsPackages: boolean;
  /** CodeArtifact: the role and the token step before the install; null for the other feeds. */
  codeartifact: CodeartifactStep | null;
  steps: TestStep[];
  /** The folder the steps run in, relative to the checkout; null: its root. */
  workingDirectory: string | null;
}

interface CodeartifactStep {
  /** The repository variable holding the role's ARN. */
  role: string;
  region: string;
  /** The container image the token step runs, and its arguments (entrypoint /bin/sh). */
  image: string;
  args: string;
}

interface TestStep {
  name: string;
  run: string;
  /** Only the install step ever sees a registry credential. */
  env?: { key: string; value: string }[];
}

export function testJob(plan: StackPlan): TestJob {
  const { config } = plan;
  const job = stackTestJob(plan);
  const feed = plan.feed.token;
  if (!feed) return job;
  const github = feed.strategy === "github-packages";
  const [install, ...rest] = job.steps;
  return {
    ...job,
    readsPackages: github,
    codeartifact: feed.codeartifact ? codeartifactStep(feed.codeartifact) : null,
    steps: [
      { ...install!, env: [installCredential(config, feed, github ? GITHUB_TOKEN : CODEARTIFACT_TOKEN)] },
      ...rest,
    ],
  };
}

const GITHUB_TOKEN = "${{ secrets.GITHUB_TOKEN }}";
/** The output of the CodeArtifact token step (id feed-token), read by the install step alone. */
const CODEARTIFACT_TOKEN = "${{ steps.feed-token.outputs.token }}";

/**
 * The install step's registry credential, in the variable the image build's registry settings read
 * (docs/rules.md FEED-02, FEED-NUGET-08, FEED-GEM-03): GitHub Packages takes the job's own GITHUB_TOKEN
 * (packages: read), CodeArtifact the token the step before minted.
 */
function installCredential(config: Config, feed: TokenFeed, token: string): { key: string; value: string } {
  return profileOf(config.stack).feed.credential === "bundler-variable"
    ? { key: feed.bundlerVariable, value: `${feed.username}:${token}` }
    : { key: FEED_TOKEN_ENV, value: token };
}

/**
 * CodeArtifact in the test job: the "feed" role (OIDC, read-only) and a 15-minute token. The stack
 * images have no AWS CLI, so AWS's CLI image mints it as a container step; the script masks it
 * before it can be printed and hands it on as a step output, not as a job-wide variable. The script
 * has no quotes of its own: the runner passes `args` to the container as one double-quoted argument.
 */
function codeartifactStep(ca: NonNullable<TokenFeed["codeartifact"]>): CodeartifactStep {
  const script = `token=$(${codeartifactTokenCommand(ca)}) && echo ::add-mask::$token && echo token=$token >> $GITHUB_OUTPUT`;
  return { role: FEED_ROLE_VARIABLE, region: ca.region, image: IMAGES.awsCli, args: `-c "${script}"` };
}

/** infra/global's read-only "feed" role, as a repository variable (README, "Private packages"). */
export const FEED_ROLE_VARIABLE = "AWS_FEED_ROLE_ARN";

function stackTestJob(plan: StackPlan): TestJob {
  const { config } = plan;
  const { database, cache } = config;
  const profile = profileOf(config.stack);
  const job = profile.testJob({
    runtimeVersion: config.runtimeVersion!,
    testCommand: config.github.testCommand,
    packageManager: config.packageManager,
    workspaces: config.services.some((s) => s.path !== "."),
    packageBuilds: plan.feed.workspaceBuilds.map((build) => ({ name: `Build ${build.path}`, run: build.command })),
    restoreConfigFile: restoreConfigFile(plan),
    database: database.engine,
    tokenIndex: tokenIndexOf(plan.feed.token),
    python: config.python ?? null,
    restoreFiles: config.restoreFiles,
    serviceFolders: [...new Set(config.services.map((s) => s.path))],
  });
  const backing = job.backingServices ? backingContainers(config) : { services: [], env: [] };
  return {
    image: job.image,
    services: backing.services,
    env: [...job.env, ...backing.env],
    readsPackages: false,
    codeartifact: null,
    steps: job.steps,
    workingDirectory: job.workingDirectory,
  };
}

/** The image build's registry file away from the root (feed.configFile) is not one the restore finds by itself. */
function restoreConfigFile(plan: StackPlan): string | null {
  const configFile = plan.feed.configFile;
  const file = profileOf(plan.config.stack).feed.registryFile;
  return configFile === null || configFile === file?.name ? null : configFile;
}

/**
 * The database and cache as service containers of the job: throwaway databases that only the job's
 * network reaches, so no password to keep. The container creates the database the URL names, so a
 * test suite that does not create its own (pytest with SQLAlchemy, a Node suite) finds it there.
 */
function backingContainers(config: Config): { services: ServiceContainer[]; env: { key: string; value: string }[] } {
  const services: ServiceContainer[] = [];
  const env: { key: string; value: string }[] = [];
  const connection = profileOf(config.stack).connection;
  const { engine, version, name } = config.database;
  const database = `${name}_test`;
  if (engine === "postgres") {
    services.push({
      name: "db",
      image: IMAGES.postgres(version!),
      env: [
        { key: "POSTGRES_HOST_AUTH_METHOD", value: "trust" },
        { key: "POSTGRES_DB", value: database },
      ],
      options: "--health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 10",
    });
    env.push({
      key: connection.databaseVariable,
      value: `${connection.postgresScheme}://postgres@db:5432/${database}`,
    });
  } else if (engine === "mysql") {
    services.push({
      name: "db",
      image: IMAGES.mysql(version!),
      env: [
        { key: "MYSQL_ALLOW_EMPTY_PASSWORD", value: "yes" },
        { key: "MYSQL_DATABASE", value: database },
      ],
      options: '--health-cmd "mysqladmin ping" --health-interval 5s --health-timeout 5s --health-retries 10',
    });
    env.push({ key: connection.databaseVariable, value: `${connection.mysqlScheme}://root@db:3306/${database}` });
  }
  if (config.cache.engine !== "none") {
    const valkey = config.cache.engine === "valkey";
    services.push({
      name: "cache",
      image: valkey ? IMAGES.valkey(config.cache.version!) : IMAGES.redis(config.cache.version!),
      env: [],
      options: `--health-cmd "${valkey ? "valkey-cli" : "redis-cli"} ping" --health-interval 5s --health-timeout 5s --health-retries 10`,
    });
    env.push({ key: connection.cacheVariable, value: "redis://cache:6379/0" });
  }
  return { services, env };
}

/** The private index a token feed serves, as the stack's install reads it. */
const tokenIndexOf = (feed: TokenFeed | null) => (feed ? { url: feed.url, username: feed.username } : null);
