// The database and cache module calls of an environment root. Engine versions follow the local
// containers in docker-compose, mapped to what RDS and ElastiCache offer (the same major: the config
// rules refuse a cache major ElastiCache does not run).
import type { Config } from "../src/config/normalise.js";
import { connectionSecretName, type EnvironmentPlan } from "../src/plan/environments.js";
import { elastiCacheVersion, RDS } from "../src/plan/backing-services.js";
import { alignAttributes, hclValue } from "../src/plan/hcl.js";
import { profileOf } from "../src/stacks/index.js";

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
