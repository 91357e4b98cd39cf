// Node: the database and cache an app talks to, from the drivers its packages depend on and from
// Prisma's datasource. The ORMs (TypeORM, Knex, Sequelize, MikroORM) load the same drivers, so the
// driver is the one fact to read. MongoDB and SQLite are named, not mapped: neither is a service
// this tool creates.
import type { ConfigInput } from "../config/schema.js";
import type { PackageJson } from "./node-workspaces.js";
import { found, type Finding, type ProjectFiles } from "./project-files.js";

type Engine = "postgres" | "mysql" | "sqlserver";

/** npm package -> database engine; each is the driver for that engine. */
const DATABASE_DRIVERS: Record<string, Engine> = {
  pg: "postgres",
  postgres: "postgres",
  "pg-promise": "postgres",
  mysql2: "mysql",
  mysql: "mysql",
  mssql: "sqlserver",
  tedious: "sqlserver",
};
const REDIS_CLIENTS = ["ioredis", "redis", "@redis/client", "bullmq", "bull"];
const MONGODB_CLIENTS = ["mongodb", "mongoose"];
const SQLITE_DRIVERS = ["better-sqlite3", "sqlite3"];

/** Prisma's provider names (prisma.io/docs/orm/reference/prisma-schema-reference#datasource). */
const PRISMA_PROVIDERS: Record<string, Engine> = { postgresql: "postgres", mysql: "mysql", sqlserver: "sqlserver" };

export interface NodePackage {
  manifest: string;
  dir: string;
  pkg: PackageJson;
}

export async function nodeBackingServices(
  project: ProjectFiles,
  packages: NodePackage[],
  findings: Finding[],
  notes: string[],
): Promise<Partial<ConfigInput>> {
  const engines = new Map<Engine, string>();
  let redis: string | null = null;
  for (const { manifest, dir, pkg } of packages) {
    const deps = Object.keys(pkg.dependencies ?? {});
    for (const name of deps) {
      const engine = DATABASE_DRIVERS[name];
      if (engine && !engines.has(engine)) {
        engines.set(engine, manifest);
        findings.push(found(`the ${engine} driver ${name}`, manifest));
      }
      if (REDIS_CLIENTS.includes(name) && !redis) {
        redis = name;
        findings.push(found(`the Redis client ${name}`, manifest));
      }
      if (MONGODB_CLIENTS.includes(name))
        notes.push(
          `${manifest} depends on ${name}: MongoDB is not a database this tool creates; point the app at Amazon DocumentDB or MongoDB Atlas through a secret`,
        );
      if (SQLITE_DRIVERS.includes(name))
        notes.push(
          `${manifest} depends on ${name}: SQLite keeps data on the task's disk, which Fargate discards; use postgres or mysql for data that must last`,
        );
    }
    const prisma = await prismaProvider(project, dir, pkg);
    if (prisma && !engines.has(prisma.engine)) {
      engines.set(prisma.engine, prisma.file);
      findings.push(found(`the Prisma datasource provider ${prisma.provider}`, prisma.file));
    }
  }
  const [engine] = engines.keys();
  if (engines.size > 1)
    notes.push(
      `drivers for ${[...engines.keys()].join(" and ")} are used; the stack gets ${engine} (change database.engine to pick another)`,
    );
  return {
    ...(engine ? { database: { engine } } : {}),
    ...(redis ? { cache: { engine: "redis" as const } } : {}),
  };
}

/** `provider = "postgresql"` in the datasource block of the package's Prisma schema. */
async function prismaProvider(project: ProjectFiles, dir: string, pkg: PackageJson) {
  if (!pkg.dependencies?.["@prisma/client"] && !pkg.devDependencies?.prisma) return null;
  const relative = pkg.prisma?.schema ?? "prisma/schema.prisma";
  const file = dir === "." ? relative.replace(/^\.\//, "") : `${dir}/${relative.replace(/^\.\//, "")}`;
  const datasource = /datasource\s+\w+\s*\{([^}]*)\}/.exec((await project.read(file)) ?? "")?.[1] ?? "";
  const provider = /provider\s*=\s*"([a-z]+)"/.exec(datasource)?.[1];
  const engine = provider ? PRISMA_PROVIDERS[provider] : undefined;
  return provider && engine ? { provider, engine, file } : null;
}
