// Node repository layout: the package manager (packageManager field, else the lockfile), the
// workspace packages (npm and yarn: package.json `workspaces`; pnpm: pnpm-workspace.yaml) and
// the Node version (.nvmrc / .node-version, else `engines.node`).
import { found, type Finding, type ProjectFiles } from "./project-files.js";

export interface PackageJson {
  name?: string;
  main?: string;
  exports?: unknown;
  module?: string;
  private?: boolean;
  packageManager?: string;
  workspaces?: string[] | { packages?: string[] };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: { node?: string };
  /** Prisma's settings; `schema` moves schema.prisma from its default prisma/ folder. */
  prisma?: { schema?: string };
}

export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

const LOCKFILES: [string, PackageManager][] = [
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
];

export async function readPackage(project: ProjectFiles, path: string): Promise<PackageJson | null> {
  const text = await project.read(path);
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as PackageJson) : null;
  } catch {
    return null;
  }
}

export function packageManager(
  project: ProjectFiles,
  root: PackageJson,
  findings: Finding[],
): { manager: PackageManager | null; declared: boolean; lockfile: string | null } {
  const lock = LOCKFILES.find(([file]) => project.files.includes(file));
  const declared = /^(npm|pnpm|yarn|bun)@/.exec(root.packageManager ?? "")?.[1] as PackageManager | undefined;
  if (declared) findings.push(found(`packageManager ${root.packageManager}`, "package.json"));
  if (lock) findings.push(found(`the ${lock[1]} lockfile`, lock[0]));
  return { manager: declared ?? lock?.[1] ?? null, declared: declared !== undefined, lockfile: lock?.[0] ?? null };
}

/**
 * Yarn 1 or Yarn 2+: the major the packageManager field pins, else the lockfile's format (Yarn 2+
 * writes a `__metadata:` entry; Yarn 1's file says "yarn lockfile v1").
 */
export async function yarnLine(project: ProjectFiles, root: PackageJson): Promise<"yarn" | "yarn-classic"> {
  const major = /^yarn@(\d+)/.exec(root.packageManager ?? "")?.[1];
  if (major) return major === "1" ? "yarn-classic" : "yarn";
  return /^__metadata:/m.test((await project.read("yarn.lock")) ?? "") ? "yarn" : "yarn-classic";
}

/** The files Yarn 2+ reads before it installs: .yarnrc.yml, and the release its yarnPath names. */
export async function yarnSettingsFiles(project: ProjectFiles): Promise<string[]> {
  const rc = await project.read(".yarnrc.yml");
  if (rc === null) return [];
  const release = /^yarnPath:\s*["']?([^"'\s#]+)/m.exec(rc)?.[1]?.replace(/^\.\//, "");
  return [".yarnrc.yml", ...(release && project.files.includes(release) ? [release] : [])];
}

/** Workspace package folders, and the file that declares them. */
export async function workspaceFolders(
  project: ProjectFiles,
  root: PackageJson,
): Promise<{ folders: string[]; file: string | null }> {
  let patterns = Array.isArray(root.workspaces) ? root.workspaces : (root.workspaces?.packages ?? []);
  let file: string | null = patterns.length > 0 ? "package.json" : null;
  if (patterns.length === 0) {
    const yaml = await project.read("pnpm-workspace.yaml");
    if (yaml !== null) {
      patterns = pnpmPackages(yaml);
      file = "pnpm-workspace.yaml";
    }
  }
  const include = patterns.filter((p) => !p.startsWith("!"));
  const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1));
  const dirs = project.files
    .filter((f) => f.endsWith("/package.json"))
    .map((f) => f.slice(0, -"/package.json".length))
    .filter((dir) => !exclude.some((p) => matchesGlob(dir, p)));
  // In the order the patterns list them, as npm does.
  const folders = [...new Set(include.flatMap((p) => dirs.filter((dir) => matchesGlob(dir, p))))];
  return { folders, file };
}

/** The `packages:` list of pnpm-workspace.yaml (block or flow style), without a YAML parser. */
export function pnpmPackages(yaml: string): string[] {
  const flow = /^packages:\s*\[([^\]]*)\]/m.exec(yaml)?.[1];
  if (flow !== undefined) return flow.split(",").map(unquote).filter(Boolean);
  const block = /^packages:\s*\n((?:[ \t]+-[^\n]*\n?|[ \t]*#[^\n]*\n?)*)/m.exec(yaml)?.[1] ?? "";
  return [...block.matchAll(/^[ \t]+-[ \t]*([^#\n]+)/gm)].map((m) => unquote(m[1]!)).filter(Boolean);
}

const unquote = (s: string) => s.trim().replace(/^["']|["']$/g, "");

/** Workspace globs: `*` matches within one folder name, `**` any number of folders. */
export function matchesGlob(dir: string, pattern: string): boolean {
  const clean = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
  const re = clean
    .split("/")
    .map((segment) =>
      segment === "**" ? "\u0000" : segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"),
    )
    .join("/")
    .replace(/\u0000\//g, "(?:[^/]+/)*")
    .replace(/\/\u0000$/, "(?:/[^/]+)*")
    .replace(/\u0000/g, ".*");
  return new RegExp(`^${re}$`).test(dir);
}

const NODE_LTS = ["24", "22", "26"]; // the default first, then the other supported LTS lines

/**
 * The Node major for the images: an exact version in .nvmrc or .node-version, else the first
 * supported LTS line (the default first) that `engines.node` allows. Null: nothing says, or what
 * it says allows no supported line (then the note explains).
 */
export async function nodeVersion(
  project: ProjectFiles,
  root: PackageJson,
  findings: Finding[],
  notes: string[],
): Promise<string | null> {
  for (const file of [".nvmrc", ".node-version"]) {
    const text = (await project.read(file))?.trim();
    const major = text ? /^v?(\d+)/.exec(text)?.[1] : undefined;
    if (!major) continue;
    findings.push(found(`Node ${text}`, file));
    if (NODE_LTS.includes(major)) return major;
    notes.push(
      `${file} asks for Node ${text}; the images run an LTS line (22, 24 or 26), so runtimeVersion is left at the default`,
    );
    return null;
  }
  const range = root.engines?.node;
  if (!range) return null;
  findings.push(found(`engines.node "${range}"`, "package.json"));
  const fit = NODE_LTS.find((major) => rangeAllows(range, Number(major)));
  if (!fit) notes.push(`engines.node "${range}" allows none of the LTS lines the images use (22, 24, 26)`);
  return fit ?? null;
}

/** Whether a semver range allows some version of `major` (the usual forms: >=, >, <, <=, ^, ~, x, ||, ranges). */
export function rangeAllows(range: string, major: number): boolean {
  return range.split("||").some((part) => {
    const hyphen = /^\s*v?(\d+)\S*\s+-\s+v?(\d+)/.exec(part);
    if (hyphen) return major >= Number(hyphen[1]) && major <= Number(hyphen[2]);
    const comparators = part.trim().split(/\s+/).filter(Boolean);
    if (comparators.length === 0 || comparators.includes("*")) return true;
    return comparators.every((c) => {
      const m = /^(>=|<=|>|<|\^|~|=)?v?(\d+|x|\*)(?:\.(\d+|x|\*))?/.exec(c);
      if (!m) return true;
      if (m[2] === "x" || m[2] === "*") return true;
      const v = Number(m[2]);
      const minorZero = m[3] === undefined || m[3] === "0" || m[3] === "x";
      switch (m[1]) {
        case ">=":
        case ">":
          return major >= v;
        case "<":
          return major < v || (major === v && !minorZero);
        case "<=":
          return major <= v;
        default:
          return major === v;
      }
    });
  });
}
