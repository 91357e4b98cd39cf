// The CI job that runs the app's own tests, in the same base image the Dockerfile builds with, so CI
// needs no setup-* actions and tests the runtime the image ships.
import type { Config } from "../src/config/normalise.js";
import {
  codeartifactTokenCommand,
  feedConfigFile,
  FEED_TOKEN_ENV,
  planFeed,
  workspacePackageBuilds,
  type TokenFeed,
} from "../src/plan/feed.js";
import { packageManagerFacts } from "../src/config/package-managers.js";
import { corepackEnv, corepackSetup } from "../src/plan/package-manager.js";
import { IMAGES } from "../src/plan/versions.js";

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

export function testJob(config: Config): TestJob {
  const job = stackTestJob(config);
  const feed = planFeed(config);
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
  return config.stack === "rails"
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

function stackTestJob(config: Config): TestJob {
  const custom = config.github.testCommand;
  switch (config.stack) {
    case "dotnet":
      return {
        image: IMAGES.dotnetSdk(config.runtimeVersion!),
        services: [],
        env: [{ key: "DOTNET_CLI_TELEMETRY_OPTOUT", value: "1" }],
        readsPackages: false,
        codeartifact: null,
        steps: [
          { name: "Restore", run: dotnetRestore(config) },
          { name: "Test", run: custom ?? "dotnet test --no-restore" },
        ],
      };
    case "node": {
      const workspaces = config.services.some((s) => s.path !== ".");
      const manager = packageManagerFacts(config.packageManager);
      const setup = corepackSetup(manager, config.runtimeVersion!);
      return {
        image: IMAGES.node(config.runtimeVersion!),
        services: [],
        env: corepackEnv(manager),
        readsPackages: false,
        codeartifact: null,
        steps: [
          { name: "Install", run: [...(setup ? [setup] : []), manager.install].join(" && ") },
          ...packageBuilds(config),
          { name: "Test", run: custom ?? manager.test(workspaces) },
        ],
      };
    }
    case "rails":
      return railsTestJob(config, custom);
  }
}

/** The image build's nuget.config away from the root (feed.configFile) is not one NuGet finds by itself. */
function dotnetRestore(config: Config): string {
  const configFile = feedConfigFile(config);
  return configFile === null || configFile === "nuget.config"
    ? "dotnet restore"
    : `dotnet restore --configfile ${configFile}`;
}

// The full ruby image (not -slim) has the compilers and libpq/libmysqlclient headers native gems need.
// Docker Official Image "ruby", checked 2026-11-22.
function railsTestJob(config: Config, custom: string | null): TestJob {
  const services: ServiceContainer[] = [];
  const env = [{ key: "RAILS_ENV", value: "test" }];
  const { engine, version, name } = config.database;
  // Throwaway databases that only the job's network reaches: no password to keep.
  if (engine === "postgres") {
    services.push({
      name: "db",
      image: IMAGES.postgres(version!),
      env: [{ key: "POSTGRES_HOST_AUTH_METHOD", value: "trust" }],
      options: "--health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 10",
    });
    env.push({ key: "DATABASE_URL", value: `postgres://postgres@db:5432/${name}_test` });
  } else if (engine === "mysql") {
    services.push({
      name: "db",
      image: IMAGES.mysql(version!),
      env: [{ key: "MYSQL_ALLOW_EMPTY_PASSWORD", value: "yes" }],
      options: '--health-cmd "mysqladmin ping" --health-interval 5s --health-timeout 5s --health-retries 10',
    });
    env.push({ key: "DATABASE_URL", value: `mysql2://root@db:3306/${name}_test` });
  }
  if (config.cache.engine !== "none") {
    const valkey = config.cache.engine === "valkey";
    services.push({
      name: "cache",
      image: valkey ? IMAGES.valkey(config.cache.version!) : IMAGES.redis(config.cache.version!),
      env: [],
      options: `--health-cmd "${valkey ? "valkey-cli" : "redis-cli"} ping" --health-interval 5s --health-timeout 5s --health-retries 10`,
    });
    env.push({ key: "REDIS_URL", value: "redis://cache:6379/0" });
  }
  return {
    image: `ruby:${config.runtimeVersion}`,
    services,
    env,
    readsPackages: false,
    codeartifact: null,
    steps: [
      { name: "Install gems", run: "bundle install --jobs 4" },
      ...(engine !== "none" ? [{ name: "Prepare the database", run: "bin/rails db:prepare" }] : []),
      { name: "Test", run: custom ?? "bin/rails test" },
    ],
  };
}

/** Tests that import an internal workspace package need it built, as the image build does. */
function packageBuilds(config: Config): TestStep[] {
  return workspacePackageBuilds(config).map((build) => ({ name: `Build ${build.path}`, run: build.command }));
}
