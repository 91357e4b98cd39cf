// What each stack assumes when the config leaves a field out. `init` writes these values into
// ecs-stack.config.json explicitly, so a later release that changes a default cannot silently
// change a user's stack.
import type { NODE_FRAMEWORKS, Stack } from "./schema.js";

// From the list, not from the parsed Service type: the schema's descriptions quote these defaults,
// and a type derived from the schema would then depend on itself.
type Framework = (typeof NODE_FRAMEWORKS)[number];

export interface StackDefaults {
  runtimeVersion: string;
  /** Runtime versions we generate for; anything else is refused with this list. */
  supportedVersions: RegExp;
  supportedVersionsHint: string;
  /** Versions that still build but are past end of support: generate, and warn. */
  endOfLife: Record<string, string>;
  port: number;
  healthCheckPath: string;
  /** The migration a deploy runs when the config names none; null: none unless configured. */
  migrateCommand: string[] | null;
}

export const STACK_DEFAULTS: Record<Stack, StackDefaults> = {
  dotnet: {
    // .NET 10 is the LTS; 8 and 9 reached end of support on 2026-11-10 (docs/rules.md section 0).
    runtimeVersion: "10.0",
    supportedVersions: /^(8|9|10)\.0$/,
    supportedVersionsHint: '"10.0" (LTS), or "8.0" / "9.0" (end of support)',
    endOfLife: { "8.0": "2026-11-10", "9.0": "2026-11-10" },
    // ASP.NET Core images listen on 8080 since .NET 8 (docs/rules.md DF-NET-05).
    port: 8080,
    healthCheckPath: "/healthz",
    // EF Core migrations need a bundle or the app's own command; neither is in the image by default.
    migrateCommand: null,
  },
  node: {
    // Node 24 is in LTS; 22 and 26 are allowed LTS lines, odd majors never are (docs/rules.md section 0).
    runtimeVersion: "24",
    supportedVersions: /^(22|24|26)$/,
    supportedVersionsHint: '"22", "24" or "26" (LTS majors)',
    endOfLife: {},
    port: 3000,
    healthCheckPath: "/health",
    // Prisma, knex, TypeORM and others each have their own command: configured, not guessed.
    migrateCommand: null,
  },
  rails: {
    // Ruby lines with official slim images as of 2026-11 (docs/rules.md section 0: 3.3, 3.4, 4.0).
    runtimeVersion: "3.4",
    supportedVersions: /^(3\.3|3\.4|4\.0)(\.\d+)?$/,
    supportedVersionsHint: '"3.3", "3.4" or "4.0" (optionally with a patch, e.g. "3.4.7")',
    endOfLife: {},
    // Rails' own health route (config/routes.rb `get "up"`), served by Puma on 3000 (no Thruster on :80).
    port: 3000,
    healthCheckPath: "/up",
    // Active Record's migrations (guides.rubyonrails.org/active_record_migrations.html).
    migrateCommand: ["bin/rails", "db:migrate"],
  },
};

/** The file `node` starts in the image, by framework. */
export const NODE_ENTRY: Record<Framework, string> = {
  next: "server.js", // Next.js standalone output (docs/rules.md DF-NODE-07)
  nest: "dist/main.js",
  express: "index.js",
  node: "index.js",
};

/** Frameworks that need a build step before they can run. */
export const NODE_BUILD_SCRIPT: Record<Framework, string | null> = {
  next: "build",
  nest: "build",
  express: null,
  node: null,
};

export const DATABASE_VERSIONS = { postgres: "17", mysql: "8.4", sqlserver: "2022" } as const;
/** Redis OSS 7: the newest ElastiCache runs (7.1), so local and cloud share the major; Valkey 8 for new stacks. */
export const CACHE_VERSIONS = { redis: "7", valkey: "8" } as const;
