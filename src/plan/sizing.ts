// How big the modules make an environment's network, database and cache. The Terraform modules
// are rendered with these values and the cost estimate prices the same ones, so the estimate
// describes what is created, and a change to either is a change to both.
import { RDS } from "./backing-services.js";

export const SIZING = {
  /** The network spans two AZs: a public and a private subnet in each, the load balancer in each, "per-az" a NAT gateway in each. */
  availabilityZones: 2,
  database: {
    /** gp3 storage RDS starts with, and how far storage autoscaling may grow it. */
    storageGb: 20,
    maxStorageGb: 100,
  },
  cache: {
    nodeType: "cache.t4g.micro",
    /** Production gets a replica in the second AZ with automatic failover; other environments one node. */
    productionNodes: 2,
  },
} as const;

type DatabaseEngine = keyof typeof RDS;

/** Production databases are Multi-AZ, except on an engine RDS runs in one AZ only (SQL Server Express). */
export function databaseMultiAz(engine: DatabaseEngine, production: boolean): boolean {
  return production && RDS[engine].multiAz;
}

/** The RDS engine names with no Multi-AZ, which the database module keeps in one AZ even in production. */
export const SINGLE_AZ_RDS_ENGINES = Object.values(RDS)
  .filter((rds) => !rds.multiAz)
  .map((rds) => rds.engine);

export function cacheNodes(production: boolean): number {
  return production ? SIZING.cache.productionNodes : 1;
}

export type SizingView = ReturnType<typeof sizingView>;

/** What the module templates read (templates/terraform/modules/{network,database,cache}). */
export function sizingView() {
  return {
    availabilityZones: SIZING.availabilityZones,
    database: { ...SIZING.database, singleAzEngines: SINGLE_AZ_RDS_ENGINES },
    cache: SIZING.cache,
  };
}
