// The CI job that runs the app's own tests, in the same base image the Dockerfile builds with, so CI
// needs no setup-* actions and tests the runtime the image ships.
import type { Config } from "../src/config/normalise.js";
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
  steps: { name: string; run: string }[];
}

export function testJob(config: Config): TestJob {
  const custom = config.github.testCommand;
  switch (config.stack) {
    case "dotnet":
      return {
        image: IMAGES.dotnetSdk(config.runtimeVersion!),
        services: [],
        env: [{ key: "DOTNET_CLI_TELEMETRY_OPTOUT", value: "1" }],
        steps: [{ name: "Test", run: custom ?? "dotnet test" }],
      };
    case "node": {
      const workspaces = config.services.some((s) => s.path !== ".");
      return {
        image: IMAGES.node(config.runtimeVersion!),
        services: [],
        env: [],
        steps: [
          { name: "Install", run: "npm ci" },
          {
            name: "Test",
            run: custom ?? (workspaces ? "npm test --workspaces --if-present" : "npm test --if-present"),
          },
        ],
      };
    }
    case "rails":
      return railsTestJob(config, custom);
  }
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
    steps: [
      { name: "Install gems", run: "bundle install --jobs 4" },
      ...(engine !== "none" ? [{ name: "Prepare the database", run: "bin/rails db:prepare" }] : []),
      { name: "Test", run: custom ?? "bin/rails test" },
    ],
  };
}
