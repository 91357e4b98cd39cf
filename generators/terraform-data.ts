// The database and cache module calls of an environment root. Engine versions follow the local
// containers in docker-compose, mapped to what RDS and ElastiCache offer (the same major: the config
// rules refuse a cache major ElastiCache does not run).
import type { Config } from "../src/config/normalise.js";
import { connectionSecretName, type EnvironmentPlan } from "../src/plan/environments.js";
import { elastiCacheVersion, RDS } from "../src/plan/backing-services.js";
import { alignAttributes, hclValue } from "../src/plan/hcl.js";

/**
 * How each stack's driver wants the URL. RDS for PostgreSQL 15+ forces TLS (rds.force_ssl = 1):
 * libpq (Rails) encrypts with sslmode=require; node-postgres verifies the certificate for "require"
 * and Node does not ship the RDS CA, so Node gets "no-verify" (encrypted, unverified) until the
 * app loads the RDS CA bundle (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html).
 */
function urlParts(config: Config): { scheme: string; query: string } {
  switch (config.database.engine) {
    case "postgres":
      return { scheme: "postgres", query: config.stack === "node" ? "?sslmode=no-verify" : "?sslmode=require" };
    case "mysql":
      return { scheme: config.stack === "rails" ? "mysql2" : "mysql", query: "" };
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
