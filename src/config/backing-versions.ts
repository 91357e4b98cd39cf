// The database and cache versions a config that names none gets. `init` writes them into
// ecs-stack.config.json explicitly, so a later release that changes a default cannot silently
// change a user's stack. What each stack assumes lives in its profile (src/stacks/).

export const DATABASE_VERSIONS = { postgres: "17", mysql: "8.4", sqlserver: "2022" } as const;
/** Redis OSS 7: the newest ElastiCache runs (7.1), so local and cloud share the major; Valkey 8 for new stacks. */
export const CACHE_VERSIONS = { redis: "7", valkey: "8" } as const;
