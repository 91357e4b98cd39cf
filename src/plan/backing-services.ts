// The local stand-ins for RDS and ElastiCache in docker-compose, and how the app reaches them.
// Data, not template logic: each engine is one entry.
import type { Config } from "../config/normalise.js";
import { profileOf, type EnvVar, type Stack } from "../stacks/index.js";
import { stacksOf } from "../config/stack-parts.js";
import type { TokenFeed } from "./feed.js";
import { IMAGES } from "./versions.js";

export type { EnvVar };

export interface BackingService {
  /** Compose service name, also the host name the app uses. */
  name: "db" | "cache";
  image: string;
  environment: EnvVar[];
  volume: { name: string; target: string } | null;
  healthcheck: string[];
  port: number;
}

/** A variable the developer sets in .env (copied from .env.example). */
export interface LocalSecret {
  key: string;
  example: string;
  comment: string;
}

const required = (key: string) => `\${${key}:?Set ${key} in .env (copy .env.example)}`;

// Health checks: compose-spec 05-services.md#healthcheck; "$$" keeps the variable for the container's
// shell instead of compose interpolation (12-interpolation.md).
export function planDatabase(config: Config): BackingService | null {
  const { engine, version, name } = config.database;
  switch (engine) {
    case "none":
      return null;
    case "postgres":
      return {
        name: "db",
        image: IMAGES.postgres(version!),
        environment: [
          { key: "POSTGRES_USER", value: "app" },
          { key: "POSTGRES_DB", value: name },
          { key: "POSTGRES_PASSWORD", value: required("POSTGRES_PASSWORD") },
        ],
        // postgres 18+ images keep data below /var/lib/postgresql/<major>/docker (docker-library/postgres#1259).
        volume: { name: "db-data", target: Number(version) >= 18 ? "/var/lib/postgresql" : "/var/lib/postgresql/data" },
        healthcheck: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}"],
        port: 5432,
      };
    case "mysql":
      return {
        name: "db",
        image: IMAGES.mysql(version!),
        environment: [
          { key: "MYSQL_DATABASE", value: name },
          { key: "MYSQL_USER", value: "app" },
          { key: "MYSQL_PASSWORD", value: required("MYSQL_PASSWORD") },
          { key: "MYSQL_ROOT_PASSWORD", value: required("MYSQL_ROOT_PASSWORD") },
        ],
        volume: { name: "db-data", target: "/var/lib/mysql" },
        healthcheck: ["CMD-SHELL", "mysqladmin ping -h 127.0.0.1 -u app --password=$${MYSQL_PASSWORD} --silent"],
        port: 3306,
      };
    case "sqlserver":
      return {
        name: "db",
        image: IMAGES.sqlserver(version!),
        environment: [
          { key: "ACCEPT_EULA", value: "Y" },
          { key: "MSSQL_SA_PASSWORD", value: required("MSSQL_SA_PASSWORD") },
        ],
        volume: { name: "db-data", target: "/var/opt/mssql" },
        healthcheck: [
          "CMD-SHELL",
          '/opt/mssql-tools18/bin/sqlcmd -C -S localhost -U sa -P "$${MSSQL_SA_PASSWORD}" -Q "SELECT 1" -b',
        ],
        port: 1433,
      };
  }
}

// RDS engine names and instance classes: Graviton db.t4g.micro for Postgres and MySQL; SQL Server
// Express runs on Intel classes only (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_SQLServer.html).
// SQL Server 2022 is engine version 16.00 on RDS. Express edition has no Multi-AZ
// (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_SQLServerMultiAZ.html). Checked 2026-11-22.
export const RDS = {
  postgres: { engine: "postgres", port: 5432, instanceClass: "db.t4g.micro", multiAz: true, version: (v: string) => v },
  mysql: { engine: "mysql", port: 3306, instanceClass: "db.t4g.micro", multiAz: true, version: (v: string) => v },
  sqlserver: {
    engine: "sqlserver-ex",
    port: 1433,
    instanceClass: "db.t3.small",
    multiAz: false,
    version: (v: string) => ({ "2022": "16.00", "2019": "15.00" })[v] ?? v,
  },
} as const;

/** ElastiCache's engine_version for the configured one: a major alone becomes its release there. */
export function elastiCacheVersion(engine: "redis" | "valkey", version: string): string {
  if (version.includes(".")) return version;
  const releases: Record<string, string> = engine === "redis" ? { "6": "6.2", "7": "7.1" } : { "7": "7.2" };
  return releases[version] ?? `${version}.0`;
}

export function planCache(config: Config): BackingService | null {
  const { engine, version } = config.cache;
  if (engine === "none") return null;
  const cli = engine === "valkey" ? "valkey-cli" : "redis-cli";
  return {
    name: "cache",
    image: engine === "valkey" ? IMAGES.valkey(version!) : IMAGES.redis(version!),
    environment: [],
    volume: null,
    healthcheck: ["CMD", cli, "ping"],
    port: 6379,
  };
}

/** Development-only values for .env.example; production values live in SSM / Secrets Manager. */
export function planLocalSecrets(config: Config, feed: TokenFeed | null): LocalSecret[] {
  const db: Record<Config["database"]["engine"], LocalSecret[]> = {
    none: [],
    postgres: [
      { key: "POSTGRES_PASSWORD", example: "local-dev-only", comment: "Password of the local Postgres container" },
    ],
    mysql: [
      { key: "MYSQL_PASSWORD", example: "local-dev-only", comment: "Password of the local MySQL app user" },
      {
        key: "MYSQL_ROOT_PASSWORD",
        example: "local-dev-only-root",
        comment: "Root password of the local MySQL container",
      },
    ],
    // SQL Server refuses passwords without upper case, lower case, digits and symbols.
    sqlserver: [
      {
        key: "MSSQL_SA_PASSWORD",
        example: "Local-dev-0nly!",
        comment: "sa password of the local SQL Server container",
      },
    ],
  };
  const appSecrets = config.services.flatMap((s) =>
    s.secrets.map((secret) => ({
      key: secret.name,
      example: "local-dev-only",
      comment: `${s.name}: in AWS it comes from ${secret.from}`,
    })),
  );
  const feedToken: LocalSecret[] = feed
    ? [
        {
          key: "FEED_TOKEN",
          example: "",
          comment:
            feed.strategy === "codeartifact"
              ? `Token of the ${feed.codeartifact!.domain} CodeArtifact domain for docker compose build, valid 12 hours: aws codeartifact get-authorization-token --domain ${feed.codeartifact!.domain} --domain-owner ${feed.codeartifact!.owner} --query authorizationToken --output text`
              : "GitHub classic personal access token with read:packages, for docker compose build (GitHub Packages does not accept fine-grained tokens)",
        },
      ]
    : [];
  const seen = new Set<string>();
  return [...db[config.database.engine], ...appSecrets, ...feedToken, ...developerIds(config)].filter(
    (s) => !seen.has(s.key) && seen.add(s.key),
  );
}

/** How the app finds the database and cache, in the form each stack reads. */
export function connectionEnvironment(config: Config, stack: Stack = config.stack): EnvVar[] {
  const env: EnvVar[] = [];
  const connection = profileOf(stack).connection;
  const { engine, name } = config.database;
  const password = {
    postgres: "${POSTGRES_PASSWORD}",
    mysql: "${MYSQL_PASSWORD}",
    sqlserver: "${MSSQL_SA_PASSWORD}",
    none: "",
  }[engine];
  const local =
    connection.form === "connection-string"
      ? {
          database: {
            none: null,
            postgres: `Host=db;Port=5432;Database=${name};Username=app;Password=${password}`,
            mysql: `Server=db;Port=3306;Database=${name};User=app;Password=${password}`,
            sqlserver: `Server=db,1433;Database=${name};User Id=sa;Password=${password};TrustServerCertificate=True`,
          }[engine],
          cache: "cache:6379",
        }
      : {
          database: {
            none: null,
            postgres: `${connection.postgresScheme}://app:${password}@db:5432/${name}`,
            mysql: `${connection.mysqlScheme}://app:${password}@db:3306/${name}`,
            sqlserver: `sqlserver://sa:${password}@db:1433/${name}`,
          }[engine],
          cache: "redis://cache:6379/0",
        };
  if (local.database) env.push({ key: connection.databaseVariable, value: local.database });
  if (config.cache.engine !== "none") env.push({ key: connection.cacheVariable, value: local.cache });
  return env;
}

/** The user every development container runs as (docker-compose.override.yml reads these). */
export const DEV_USER = "${DEV_UID:-1000}:${DEV_GID:-1000}";

function developerIds(config: Config): LocalSecret[] {
  // An adopted Dockerfile's image runs as its own USER in development too (src/plan/development.ts).
  if (config.services.every((s) => s.dockerfile)) return [];
  const output = stacksOf(config)
    .map((stack) => profileOf(stack).development.output)
    .join(", ");
  const why = `development containers run as you, so what they write in your checkout (${output}) stays yours; 1000 is the first user on most Linux machines`;
  return [
    { key: "DEV_UID", example: "1000", comment: `Your user id (id -u): the ${why}` },
    { key: "DEV_GID", example: "1000", comment: "Your group id (id -g)" },
  ];
}
