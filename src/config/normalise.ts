// Fill what depends on the stack, so the config is total before any rule or template sees it.
import type { ParsedConfig, Service } from "./schema.js";
import { profileOf, type PythonOptions } from "../stacks/index.js";
import { pythonServer } from "../stacks/python.js";
import { NODE_BUILD_SCRIPT, NODE_ENTRY } from "../stacks/node.js";
import { CACHE_VERSIONS, DATABASE_VERSIONS } from "./backing-versions.js";
import { stackOf } from "./stack-parts.js";

export type Config = ParsedConfig;

export function normaliseConfig(parsed: ParsedConfig): Config {
  const profile = profileOf(parsed.stack);
  const services = parsed.services.map((s) => normaliseService(parsed, s));
  const used = services.map((s) => profileOf(stackOf(parsed, s)).defaults);
  // A default only where a service's stack has a choice of package manager: the rules refuse the field otherwise.
  const packageManagerDefault = used.find((d) => d.packageManager !== null)?.packageManager ?? null;
  const packageManager = parsed.packageManager ?? packageManagerDefault;
  const pythonDefault = used.find((d) => d.pythonOptions !== null)?.pythonOptions ?? null;
  const python = pythonDefault ? normalisePython(parsed.python ?? pythonDefault) : parsed.python;
  const railsDefault = used.find((d) => d.railsOptions !== null)?.railsOptions ?? null;
  const own = services.filter((s) => stackOf(parsed, s) === parsed.stack);
  return {
    ...parsed,
    runtimeVersion: parsed.runtimeVersion ?? profile.defaults.runtimeVersion,
    packageManager,
    services,
    python,
    rails: railsDefault ? (parsed.rails ?? { ...railsDefault }) : parsed.rails,
    environments: normaliseEnvironments(parsed.environments),
    restoreFiles:
      parsed.restoreFiles.length > 0 ? parsed.restoreFiles : profile.restoreFiles(own, packageManager, python ?? null),
    database: {
      ...parsed.database,
      version:
        parsed.database.engine === "none"
          ? null
          : (parsed.database.version ?? DATABASE_VERSIONS[parsed.database.engine]),
    },
    cache: {
      ...parsed.cache,
      version: parsed.cache.engine === "none" ? null : (parsed.cache.version ?? CACHE_VERSIONS[parsed.cache.engine]),
    },
  };
}

/** The python block with its server said (the framework's own when left out). */
const normalisePython = (python: PythonOptions): PythonOptions => ({ ...python, server: pythonServer(python) });

/**
 * Prod gets a NAT gateway per AZ (an AZ outage keeps egress); the others share one to save ~$33 a month each.
 * Container Insights is on in prod only: dev and staging, often scaled to zero, have ECS's free
 * service metrics, and each metric of an environment that has them costs as much as prod's.
 */
function normaliseEnvironments(environments: ParsedConfig["environments"]): ParsedConfig["environments"] {
  return Object.fromEntries(
    Object.entries(environments).map(([name, env]) => {
      if (!env) return [name, env];
      const prod = name === "prod";
      return [
        name,
        {
          ...env,
          nat: env.nat ?? (prod ? "per-az" : "single"),
          containerInsights: env.containerInsights ?? defaultContainerInsights(name),
        },
      ];
    }),
  );
}

export const defaultContainerInsights = (environment: string) => (environment === "prod" ? "enabled" : "disabled");

function normaliseService(config: ParsedConfig, s: Service): Service {
  const stack = stackOf(config, s);
  const { defaults } = profileOf(stack);
  const web = s.kind === "web";
  const framework = defaults.framework ? (s.framework ?? defaults.framework) : s.framework;
  return {
    ...s,
    stack,
    framework,
    standalone: framework === "next" ? (s.standalone ?? false) : s.standalone,
    port: s.port ?? (web ? defaults.port : null),
    healthCheckPath: s.healthCheckPath ?? (web ? defaults.healthCheckPath : null),
    entry: s.entry ?? (framework ? NODE_ENTRY[framework] : null),
    buildScript: s.buildScript ?? (framework ? NODE_BUILD_SCRIPT[framework] : null),
    routing: web ? (s.routing ?? defaultRouting(config, s)) : s.routing,
    migrate: s.migrate === undefined ? defaultMigration(config, s) : s.migrate,
  };
}

/**
 * The stack's migration, run from the first web service only (once per deploy), when the app has a
 * database: Rails' `bin/rails db:migrate`. .NET and Node have no one migration tool; they configure it.
 */
function defaultMigration(config: ParsedConfig, s: Service): Service["migrate"] {
  const command = profileOf(config.stack).defaults.migrateCommand;
  const first = config.services.find((x) => x.kind === "web" && stackOf(config, x) === config.stack);
  return command && first === s && config.database.engine !== "none" ? { command } : null;
}

/** The first web service takes whatever no other rule matches; the others get a path of their own. */
function defaultRouting(config: ParsedConfig, s: Service): NonNullable<Service["routing"]> {
  const first = config.services.find((x) => x.kind === "web");
  return { paths: first === s ? [] : [`/${s.name}/*`], host: null };
}
