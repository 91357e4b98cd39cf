// The cache engines ElastiCache offers; the config rules refuse a major it does not run.

/**
 * The cache majors ElastiCache runs: Redis OSS up to 7.1 (it offers no Redis 8; AWS moved on to
 * Valkey, a fork of Redis OSS 7.2.4 that speaks its protocol) and Valkey 7.2, 8.x and 9.x
 * (docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html, checked 2026-12-03). The
 * local container runs the same major: compose's image tag is the configured version.
 */
export const ELASTICACHE_MAJORS = { redis: ["6", "7"], valkey: ["7", "8", "9"] } as const;

export const majorOf = (version: string): string => version.split(".")[0]!;
