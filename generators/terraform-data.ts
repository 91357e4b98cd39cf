// The database and cache module calls of an environment root. Engine versions follow the local
// containers in docker-compose, mapped to what RDS and ElastiCache offer (the same major: the config
// rules refuse a cache major ElastiCache does not run).
import type { Config } from "../src/config/normalise.js";
import { connectionSecretName, type EnvironmentPlan } from "../src/plan/environments.js";
import { elastiCacheVersion } from "../src/plan/backing-services.js";
import { alignAttributes, hclValue } from "../src/plan/hcl.js";
import { profileOf } from "../src/stacks/index.js";

// RDS engine names and instance classes: Graviton db.t4g.micro for Postgres and MySQL; SQL Server
// Express runs on Intel classes only (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_SQLServer.html).
// SQL Server 2022 is engine version 16.00 on RDS. Checked 2026-11-22.
export const RDS = {
  postgres: { engine: "postgres", port: 5432, instanceClass: "db.t4g.micro", version: (v: string) => v },
  mysql: { engine: "mysql", port: 3306, instanceClass: "db.t4g.micro", version: (v: string) => v },
  sqlserver: {
    engine: "sqlserver-ex",
    port: 1433,
    instanceClass: "db.t3.small",
    version: (v: string) => ({ "2022": "16.00", "2019": "15.00" })[v] ?? v,
  },
} as const;

/**
 * How the stack's driver wants the URL. RDS for PostgreSQL 15+ forces TLS (rds.force_ssl = 1), so
 * its URL names the sslmode the stack's driver encrypts with (its profile says which and why).
 */
function urlParts(config: Config): { scheme: string; query: string } {
  const connection = profileOf(config.stack).connection;
  switch (config.database.engine) {
    case "postgres":
      return { scheme: "postgres", query: `?sslmode=${connection.postgresSslMode}` };
    case "mysql":
      return { scheme: connection.mysqlScheme, query: "" };
    default:
      return { scheme: "sqlserver", query: "" };
  }
}

export function databaseView(config: Config, env: EnvironmentPlan, clients: string[]) {
  const { engine, version, name } = config.database;
  if (engine === "none") return null;
  const rds = RDS[engine];
  const url = urlParts(config);
  return {
    attributes: alignAttributes([
      ["name", hclValue(env.prefix)],
      ["engine", hclValue(rds.engine)],
      ["engine_version", hclValue(rds.version(version!))],
      ["instance_class", hclValue(rds.instanceClass)],
      ["port", String(rds.port)],
      // RDS for SQL Server creates no database at launch; the app creates it.
      ["db_name", engine === "sqlserver" ? "null" : hclValue(name)],
      ["vpc_id", "module.network.vpc_id"],
      ["subnet_ids", "module.network.private_subnet_ids"],
      ["production", String(env.prod)],
      ["secret_name", hclValue(connectionSecretName(config, env, "database"))],
      ["url_scheme", hclValue(url.scheme)],
      ["url_query", hclValue(url.query)],
    ]),
    clients,
  };
}

export function cacheView(config: Config, env: EnvironmentPlan, clients: string[]) {
  const { engine, version } = config.cache;
  if (engine === "none") return null;
  return {
    attributes: alignAttributes([
      ["name", hclValue(env.prefix)],
      ["engine", hclValue(engine)],
      ["engine_version", hclValue(elastiCacheVersion(engine, version!))],
      ["vpc_id", "module.network.vpc_id"],
      ["subnet_ids", "module.network.private_subnet_ids"],
      ["production", String(env.prod)],
      ["secret_name", hclValue(connectionSecretName(config, env, "cache"))],
    ]),
    clients,
  };
}
