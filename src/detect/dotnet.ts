// .NET: the solution and its projects, which are web apps and which are workers, the target
// framework (a project file or the Directory.Build.props above it), every file the restore layer
// must copy (the ProjectReference closure and the MSBuild/NuGet files around it), nuget.config
// sources, and package references that name a database or Redis.
import { posix } from "node:path";
import type { ConfigInput } from "../config/schema.js";
import { DOTNET } from "../stacks/dotnet.js";
import { feedHint, type FeedHint } from "./feed-hints.js";
import {
  nugetSources,
  parseProject,
  property,
  runtimeOf,
  solutionProjects,
  sourcePatterns,
  type MsbuildProject,
} from "./msbuild.js";
import {
  found,
  projectNameFrom,
  unprobedHealthNote,
  type Finding,
  type ProjectFiles,
  type StackDetection,
} from "./project-files.js";
import { restoreClosure, targetFrameworkOf } from "./dotnet-restore.js";

type Service = NonNullable<ConfigInput["services"]>[number];

// .NET Aspire's client integrations wrap the same drivers under an "Aspire." prefix
// (Aspire.Npgsql, Aspire.StackExchange.Redis.DistributedCaching, ...: learn.microsoft.com/dotnet/aspire).
const DATABASE_PACKAGES: [RegExp, "postgres" | "mysql" | "sqlserver"][] = [
  [/^(Aspire\.)?Npgsql/i, "postgres"],
  [/^(Aspire\.)?(MySql\.|MySqlConnector|Pomelo\.EntityFrameworkCore\.MySql)/i, "mysql"],
  [/(SqlClient|EntityFrameworkCore\.SqlServer)$/i, "sqlserver"],
];
const REDIS_PACKAGES =
  /^((Aspire\.)?StackExchange\.Redis(\.DistributedCaching|\.OutputCaching)?|Microsoft\.Extensions\.Caching\.StackExchangeRedis)$/i;

export async function detectDotnet(project: ProjectFiles): Promise<StackDetection | null> {
  const solutions = project.files.filter((f) => /\.slnx?$/.test(f));
  const csprojs = project.files.filter((f) => f.endsWith(".csproj"));
  if (solutions.length === 0 && csprojs.length === 0) return null;
  const findings: Finding[] = [];
  const notes: string[] = [];
  const projects = new Map<string, MsbuildProject>();
  const load = async (path: string) => {
    if (!projects.has(path)) {
      const text = await project.read(path);
      if (text !== null) projects.set(path, parseProject(path, text));
    }
    return projects.get(path) ?? null;
  };

  // A solution says which projects belong to the app; without one, every project file does.
  let scope = csprojs;
  if (solutions.length > 0) {
    const listed = new Set<string>();
    for (const sln of solutions) {
      const paths = solutionProjects(sln, (await project.read(sln)) ?? "");
      findings.push(found(`a solution of ${paths.length} project${paths.length === 1 ? "" : "s"}`, sln));
      paths.forEach((p) => listed.add(p));
    }
    scope = [...listed].filter((p) => csprojs.includes(p));
    if (scope.length === 0) scope = csprojs;
  }

  const services: Service[] = [];
  const candidates: string[] = [];
  for (const path of scope) {
    const p = await load(path);
    if (!p) continue;
    const kind = serviceKind(p);
    if (p.isTestProject) findings.push(found(`test project ${posix.basename(path, ".csproj")} (not a service)`, path));
    else if (p.isAspireHost)
      notes.push(`${path} is a .NET Aspire app host, used for local orchestration: not a service`);
    else if (kind) {
      const service: Service = { name: posix.basename(path, ".csproj"), kind, path: posix.dirname(path), entry: path };
      findings.push(found(`${kind} project ${posix.basename(path, ".csproj")} (${p.sdk})`, path));
      const assembly = assemblyName(p);
      if (assembly?.includes("$("))
        notes.push(
          `${path} sets <AssemblyName>${assembly}</AssemblyName>, which detection cannot resolve: set the service's assembly to the name of the .dll it builds`,
        );
      else if (assembly) {
        service.assembly = assembly;
        findings.push(found(`assembly ${assembly} (the image runs ${assembly}.dll)`, path));
      }
      services.push(service);
    } else if (p.outputType?.toLowerCase() === "exe") candidates.push(path);
  }
  for (const path of candidates)
    notes.push(`${path} is a console app, not a web or worker project: add it to services if it should run in ECS`);

  const projectName = solutions[0] ? posix.basename(solutions[0]).replace(/\.slnx?$/, "") : null;
  nameServices(services, projectName);

  const closure = await restoreClosure(
    project,
    services.map((s) => s.entry!),
    load,
    notes,
  );
  const entries = services.length > 0 ? services.map((s) => s.entry!) : candidates;
  const runtime = await runtimeVersion(project, entries, projects, findings, notes);
  const { feedHints, patterns } = await packageSources(project, closure.files, findings, notes);
  const backing = backingServices(
    closure.projects.map((p) => projects.get(p)).filter((p) => p !== undefined),
    findings,
    notes,
  );
  await healthChecks(project, services, findings, notes);

  return {
    stack: "dotnet",
    findings,
    notes,
    feedHints: feedHints.map((h) =>
      patterns[h.source]?.length
        ? { ...h, settings: { ...h.settings, packagePatterns: patterns[h.source]!.join(",") } }
        : h,
    ),
    candidates: services.length > 0 ? [] : candidates,
    input: {
      ...(projectName ? { project: projectName } : {}),
      stack: "dotnet",
      ...(runtime ? { runtimeVersion: runtime } : {}),
      ...(closure.files.length > 0 ? { restoreFiles: closure.files } : {}),
      services,
      ...backing,
    },
  };
}

/** Web: the Web SDK. Worker: the Worker SDK, or an executable that uses the generic host. */
function serviceKind(p: MsbuildProject): "web" | "worker" | null {
  if (p.sdk === "Microsoft.NET.Sdk.Web") return "web";
  if (p.sdk === "Microsoft.NET.Sdk.Worker") return "worker";
  if (p.outputType?.toLowerCase() === "exe" && p.packages.some((n) => /^Microsoft\.Extensions\.Hosting$/i.test(n)))
    return "worker";
  return null;
}

/**
 * "Shop.Api" -> "api" when the solution is Shop.sln: resources are already prefixed with the
 * project name, so the prefix would only repeat it.
 */
/**
 * The <AssemblyName> a project sets, when it differs from the project file's name (MSBuild's
 * default, `$(MSBuildProjectName)`); null when it does not set one or sets the default.
 */
function assemblyName(p: MsbuildProject): string | null {
  const projectName = posix.basename(p.path, ".csproj");
  const value = property(p.text, "AssemblyName")?.replaceAll("$(MSBuildProjectName)", projectName);
  return value && value !== projectName ? value : null;
}

function nameServices(services: Service[], projectName: string | null): void {
  const prefix = projectName ? `${projectName.toLowerCase()}.` : null;
  const used = new Set<string>();
  for (const s of services) {
    const raw =
      prefix && s.name.toLowerCase().startsWith(prefix) && s.name.length > prefix.length
        ? s.name.slice(prefix.length)
        : s.name;
    let name = projectNameFrom(raw.replace(/\./g, "-"));
    for (let i = 2; used.has(name); i++) name = `${projectNameFrom(raw).slice(0, 17)}-${i}`;
    used.add(name);
    s.name = name;
  }
}

async function runtimeVersion(
  project: ProjectFiles,
  entries: string[],
  projects: Map<string, MsbuildProject>,
  findings: Finding[],
  notes: string[],
): Promise<string | null> {
  const versions = new Map<string, string>();
  for (const entry of entries) {
    const tfm = await targetFrameworkOf(project, projects.get(entry)!);
    if (!tfm) continue;
    const runtime = tfm.values
      .map(runtimeOf)
      .filter((v): v is string => v !== null)
      .sort(byVersion)
      .at(-1);
    if (!runtime) continue;
    if (![...versions.values()].includes(tfm.file))
      findings.push(found(`target framework ${tfm.values.join(";")}`, tfm.file));
    versions.set(runtime, tfm.file);
  }
  if (versions.size > 1)
    notes.push(
      `the services target different frameworks (${[...versions.keys()].join(", ")}); the images use the newest, ${[...versions.keys()].sort(byVersion).at(-1)}`,
    );
  const newest = [...versions.keys()].sort(byVersion).at(-1);
  if (newest) return newest;
  // No target framework found: the SDK that global.json pins is the next best evidence.
  const sdk = /"version"\s*:\s*"(\d+)\.\d+\.\d+/.exec((await project.read("global.json")) ?? "")?.[1];
  if (sdk) {
    findings.push(found(`.NET SDK ${sdk}`, "global.json"));
    return `${sdk}.0`;
  }
  return null;
}

const byVersion = (a: string, b: string) => Number.parseFloat(a) - Number.parseFloat(b);

async function packageSources(
  project: ProjectFiles,
  restoreFiles: string[],
  findings: Finding[],
  notes: string[],
): Promise<{ feedHints: FeedHint[]; patterns: Record<string, string[]> }> {
  const feedHints: FeedHint[] = [];
  const patterns: Record<string, string[]> = {};
  for (const file of restoreFiles.filter((f) => /(^|\/)nuget\.config$/i.test(f))) {
    const text = (await project.read(file)) ?? "";
    const { sources } = nugetSources(text);
    for (const { key, url } of sources) {
      const hint = feedHint(key, url, file);
      findings.push(found(`${hint ? "private" : "public"} package source ${key} (${url})`, file));
      if (!hint) continue;
      feedHints.push(hint);
      patterns[key] = sourcePatterns(text, key);
      if (!hint.strategy)
        notes.push(
          `${file}: no feed strategy reaches ${url} yet; the image build needs it reachable with a token (see DESIGN.md, "Feed strategy")`,
        );
    }
  }
  return { feedHints, patterns };
}

function backingServices(closure: MsbuildProject[], findings: Finding[], notes: string[]): Partial<ConfigInput> {
  const engines = new Map<string, string>();
  let redis = false;
  for (const p of closure) {
    for (const name of p.packages) {
      const engine = DATABASE_PACKAGES.find(([re]) => re.test(name))?.[1];
      if (engine && !engines.has(engine)) {
        engines.set(engine, p.path);
        findings.push(found(`the ${engine} driver ${name}`, p.path));
      }
      if (REDIS_PACKAGES.test(name) && !redis) {
        redis = true;
        findings.push(found(`the Redis client ${name}`, p.path));
      }
    }
  }
  const [engine] = engines.keys();
  if (engines.size > 1)
    notes.push(
      `drivers for ${[...engines.keys()].join(" and ")} are referenced; the stack gets ${engine} (change database.engine to pick another)`,
    );
  return {
    ...(engine ? { database: { engine: engine as "postgres" | "mysql" | "sqlserver" } } : {}),
    // Valkey: ElastiCache runs no Redis newer than 7.1, and Valkey speaks the same protocol.
    ...(redis ? { cache: { engine: "valkey" as const } } : {}),
  };
}

/** app.MapHealthChecks("/healthz") in the service's Program.cs sets the load balancer's health path. */
async function healthChecks(
  project: ProjectFiles,
  services: Service[],
  findings: Finding[],
  notes: string[],
): Promise<void> {
  for (const s of services.filter((x) => x.kind === "web")) {
    const file = s.path === "." ? "Program.cs" : `${s.path}/Program.cs`;
    const path = /MapHealthChecks\(\s*"(\/[^"]*)"/.exec((await project.read(file)) ?? "")?.[1];
    if (!path) {
      notes.push(unprobedHealthNote(s.name!, DOTNET.defaults.healthCheckPath));
      continue;
    }
    s.healthCheckPath = path;
    findings.push(found(`the health check endpoint ${path}`, file));
  }
}
