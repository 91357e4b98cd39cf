// Node: package.json, npm workspaces, the framework of each app, its port and entry, engines.
import type { ConfigInput } from "../config/schema.js";
import type { Detection, ProjectFiles } from "./detect.js";
import { projectNameFrom } from "./detect.js";

interface PackageJson {
  name?: string;
  main?: string;
  workspaces?: string[] | { packages?: string[] };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: { node?: string };
}

export async function detectNode(project: ProjectFiles): Promise<Detection | null> {
  const root = await readPackage(project, "package.json");
  if (!root) return null;
  const findings = ["found package.json"];
  const workspaceGlobs = Array.isArray(root.workspaces) ? root.workspaces : (root.workspaces?.packages ?? []);
  const workspaces = project.files
    .filter(
      (f) =>
        f.endsWith("/package.json") &&
        workspaceGlobs.some((g) => matchesWorkspace(f.slice(0, -"/package.json".length), g)),
    )
    .map((f) => f.slice(0, -"/package.json".length));
  if (workspaces.length > 0) findings.push(`found npm workspaces ${workspaces.join(", ")} in package.json`);

  const services: NonNullable<ConfigInput["services"]> = [];
  const candidates = workspaces.length > 0 ? workspaces : ["."];
  for (const dir of candidates) {
    const manifest = dir === "." ? "package.json" : `${dir}/package.json`;
    const pkg = await readPackage(project, manifest);
    if (!pkg?.scripts?.start && !pkg?.scripts?.dev) continue;
    const framework = frameworkOf(pkg);
    const port = portOf(pkg) ?? 3000 + services.length;
    services.push({
      name: projectNameFrom(dir === "." ? (pkg.name ?? "web") : dir.split("/").at(-1)!),
      path: dir,
      framework,
      port,
      ...(framework === "express" || framework === "node" ? { entry: entryOf(pkg) } : {}),
    });
    findings.push(`found ${framework} on port ${port} in ${manifest}`);
  }
  if (services.length === 0) return null;
  const major = /(\d+)/.exec(root.engines?.node ?? "")?.[1];
  if (major) findings.push(`found engines.node ${root.engines!.node} in package.json`);
  return {
    findings,
    input: {
      project: root.name ?? undefined,
      stack: "node",
      ...(major && ["22", "24", "26"].includes(major) ? { runtimeVersion: major } : {}),
      restoreFiles: ["package.json", "package-lock.json", ...workspaces.map((w) => `${w}/package.json`)],
      services,
    },
  };
}

async function readPackage(project: ProjectFiles, path: string): Promise<PackageJson | null> {
  const text = await project.read(path);
  if (text === null) return null;
  try {
    return JSON.parse(text) as PackageJson;
  } catch {
    return null;
  }
}

/** npm workspace patterns: a folder, or a folder ending in "/*". */
function matchesWorkspace(dir: string, pattern: string): boolean {
  const clean = pattern.replace(/^\.\//, "").replace(/\/$/, "");
  return clean.endsWith("/*")
    ? dir.startsWith(clean.slice(0, -1)) && !dir.slice(clean.length - 1).includes("/")
    : dir === clean;
}

function frameworkOf(pkg: PackageJson): "next" | "nest" | "express" | "node" {
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  if (deps.next) return "next";
  if (deps["@nestjs/core"]) return "nest";
  if (deps.express) return "express";
  return "node";
}

function portOf(pkg: PackageJson): number | null {
  const scripts = Object.values(pkg.scripts ?? {}).join(" ");
  const match = /(?:-p|--port)[ =](\d{4,5})|PORT=(\d{4,5})/.exec(scripts);
  return match ? Number(match[1] ?? match[2]) : null;
}

function entryOf(pkg: PackageJson): string {
  return /node\s+(\S+\.[cm]?js)/.exec(pkg.scripts?.start ?? "")?.[1] ?? pkg.main ?? "index.js";
}
