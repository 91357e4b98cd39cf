// The database and cache of an environment, sized as the database and cache modules create them:
// prod gets Multi-AZ RDS and two cache nodes, the other environments one of each.
import type { Config } from "../config/normalise.js";
import { RDS } from "../plan/backing-services.js";
import type { EnvironmentPlan } from "../plan/environments.js";
import { cacheNodes, databaseMultiAz, type SizingView } from "../plan/sizing.js";
import { line, type CostLine } from "./lines.js";
import { formatPrice, plural } from "./money.js";
import { HOURS_PER_MONTH, PRICES, UNPRICED } from "./prices.js";

/** Secrets Manager secrets Terraform creates in each environment for the connection details. */
export function connectionSecrets(config: Config): string[] {
  return [
    ...(config.database.engine !== "none" ? ["database"] : []),
    ...(config.cache.engine !== "none" ? ["cache"] : []),
  ];
}

export function backingServiceLines(config: Config, env: EnvironmentPlan, sizing: SizingView): CostLine[] {
  return [...databaseLines(config, env, sizing), ...cacheLines(config, env, sizing)];
}

function databaseLines(config: Config, env: EnvironmentPlan, sizing: SizingView): CostLine[] {
  const engine = config.database.engine;
  if (engine === "none") return [];
  const rds = RDS[engine];
  const multiAz = databaseMultiAz(engine, env.prod);
  const item = `RDS ${engine} ${rds.instanceClass}, ${multiAz ? "Multi-AZ" : "Single-AZ"}`;
  const gb = sizing.database.storageGb;
  const storage = line(
    "RDS storage",
    `${gb} GB gp3 × ${formatPrice(PRICES.rdsGp3GbMonth.usd)}${multiAz ? " × 2 (Multi-AZ)" : ""}`,
    gb * PRICES.rdsGp3GbMonth.usd * (multiAz ? 2 : 1),
  );
  if (engine === "sqlserver")
    return [line(item, `not in the price table: see ${UNPRICED.rdsSqlServerExpress}`, null), storage];
  const hourly = {
    postgres: env.prod ? PRICES.rdsPostgresT4gMicroMultiAz : PRICES.rdsPostgresT4gMicro,
    mysql: env.prod ? PRICES.rdsMysqlT4gMicroMultiAz : PRICES.rdsMysqlT4gMicro,
  }[engine].usd;
  return [line(item, `${formatPrice(hourly)} × ${HOURS_PER_MONTH} h`, hourly * HOURS_PER_MONTH), storage];
}

function cacheLines(config: Config, env: EnvironmentPlan, sizing: SizingView): CostLine[] {
  const engine = config.cache.engine;
  if (engine === "none") return [];
  const nodes = cacheNodes(env.prod);
  const hourly = (engine === "valkey" ? PRICES.elasticacheValkeyT4gMicro : PRICES.elasticacheRedisT4gMicro).usd;
  return [
    line(
      `ElastiCache ${engine} ${sizing.cache.nodeType}`,
      `${plural(nodes, "node")} × ${formatPrice(hourly)} × ${HOURS_PER_MONTH} h`,
      nodes * hourly * HOURS_PER_MONTH,
      engine === "valkey" ? "node-based ElastiCache for Valkey is priced 20% below Redis OSS" : null,
    ),
  ];
}
