// Node: which packages (the root, or each workspace) are apps, their framework (Next.js, NestJS,
// Express, Vite static), the file `node` starts, the build script, the port (scripts, then
// .env.example), plus the package manager, the Node version and private registries in .npmrc.
import { posix } from "node:path";
import type { ConfigInput, PackageManager as ConfigPackageManager } from "../config/schema.js";
import { PACKAGE_MANAGER_FACTS } from "../stacks/node-package-managers.js";
import { feedHint, type FeedHint } from "./feed-hints.js";
import { describeNextOutput, nextOutput } from "./next-config.js";
import { nodeBackingServices, type NodePackage } from "./node-backing.js";
import { nodeHealthRoute } from "./health-route.js";
import { NODE } from "../stacks/node.js";
import {
  nodeVersion,
  packageManager,
  readPackage,
  workspaceFolders,
  yarnLine,
  yarnSettingsFiles,
  type PackageJson,
  type PackageManager,
} from "./node-workspaces.js";
import {
  found,
  isPlaceholderName,
  projectNameFrom,
  unprobedHealthNote,
  type Finding,
  type ProjectFiles,
  type StackDetection,
} from "./project-files.js";

type Service = NonNullable<ConfigInput["services"]>[number];
type Framework = "next" | "nest" | "express" | "node";

const LABELS: Record<Framework, string> = { next: "Next.js", nest: "NestJS", express: "Express", node: "Node" };
const ENV_EXAMPLES = [".env.example", ".env.sample", ".env.template"];

export async function detectNode(project: ProjectFiles): Promise<StackDetection | null> {
  const root = await readPackage(project, "package.json");
  if (!root) return null;
  const findings: Finding[] = [];
  const notes: string[] = [];
  const { manager, declared, lockfile } = packageManager(project, root, findings);
  const configured = await configuredManager(project, root, manager, declared, notes);
  const workspaces = await workspaceFolders(project, root);
  if (workspaces.file)
    findings.push(
      found(`${manager ?? "npm"} workspaces ${workspaces.folders.join(", ") || "(none matched)"}`, workspaces.file),
    );

  const services: Service[] = [];
  const packages: NodePackage[] = [{ manifest: "package.json", dir: ".", pkg: root }];
  for (const dir of workspaces.file ? workspaces.folders : ["."]) {
    const manifest = dir === "." ? "package.json" : `${dir}/package.json`;
    const pkg = dir === "." ? root : await readPackage(project, manifest);
    if (pkg && dir !== ".") packages.push({ manifest, dir, pkg });
    if (pkg) await detectApp(project, dir, manifest, pkg, services, findings, notes);
  }
  const backing = await nodeBackingServices(project, packages, findings, notes);
  // The first web service takes every request no other rule matches: that should be the site
  // (Next.js), not its API, which then gets "/<name>/*".
  services.sort((a, b) => Number(b.framework === "next") - Number(a.framework === "next"));
  assignDefaultPorts(services);

  if (configured && !lockfile)
    notes.push(
      `there is no ${PACKAGE_MANAGER_FACTS[configured].lockfile}: the image installs from the lockfile (run ${PACKAGE_MANAGER_FACTS[configured].bin} install and commit it)`,
    );
  const runtime = await nodeVersion(project, root, findings, notes);
  return {
    stack: "node",
    findings,
    notes,
    feedHints: await registryHints(project, findings),
    candidates: [],
    input: {
      ...(root.name ? { project: root.name } : {}),
      stack: "node",
      ...(runtime ? { runtimeVersion: runtime } : {}),
      ...(configured ? { packageManager: configured } : {}),
      restoreFiles: [
        "package.json",
        ...(lockfile ? [lockfile] : []),
        ...(configured === "yarn" ? await yarnSettingsFiles(project) : []),
        ...(workspaces.file === "pnpm-workspace.yaml" ? ["pnpm-workspace.yaml"] : []),
        ...workspaces.folders.map((w) => `${w}/package.json`),
      ],
      services,
      ...backing,
    },
  };
}

async function detectApp(
  project: ProjectFiles,
  dir: string,
  manifest: string,
  pkg: PackageJson,
  services: Service[],
  findings: Finding[],
  notes: string[],
): Promise<void> {
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const scripts = pkg.scripts ?? {};
  const framework: Framework = deps.next ? "next" : deps["@nestjs/core"] ? "nest" : deps.express ? "express" : "node";
  if (framework !== "next" && deps.vite && scripts.build && !scripts.start) {
    findings.push(found("a Vite static site", manifest));
    notes.push(
      `${manifest}: a static site is left out of services; this release runs containers (serve its build from S3 and CloudFront)`,
    );
    return;
  }
  if (!scripts.start) {
    const library = pkg.main !== undefined || pkg.exports !== undefined || pkg.module !== undefined;
    if (scripts.dev && !library)
      notes.push(`${manifest} has a dev script but no start script, so it is not taken as a service`);
    return;
  }
  const own = dir === "." ? pkg.name : posix.basename(dir);
  const name = uniqueName(projectNameFrom(own && !isPlaceholderName(own) ? own : "web"), services);
  const port = await portOf(project, dir, scripts);
  const kind = port ? "web" : kindFromName(name, framework);
  const entry = framework === "next" ? null : entryOf(pkg);
  if (framework !== "next" && !entry)
    notes.push(
      `${manifest}: the start script does not run \`node FILE\`; set services entry to the built file the image should run`,
    );
  const next = framework === "next" ? await nextOutput(project, dir) : null;
  services.push({
    name,
    kind,
    path: dir,
    framework,
    ...(next ? { standalone: next.standalone } : {}),
    ...(entry ? { entry } : {}),
    buildScript: scripts.build ? "build" : null,
    ...devScriptOf(scripts, framework),
    ...(port && kind === "web" ? { port: port.value } : {}),
  });
  findings.push(
    found(`${LABELS[framework]} ${kind} "${name}" (start: ${scripts["start:prod"] ?? scripts.start})`, manifest),
  );
  if (port) findings.push(found(`port ${port.value} for "${name}"`, port.file));
  if (kind === "web") await healthRouteOf(project, dir, services.at(-1)!, findings, notes);
  if (next) describeNextOutput(name, next, findings, notes);
}

/** The app's own health route, or a plain note of the path the load balancer will probe instead. */
async function healthRouteOf(
  project: ProjectFiles,
  dir: string,
  service: Service,
  findings: Finding[],
  notes: string[],
): Promise<void> {
  const route = await nodeHealthRoute(project, dir);
  if (route) {
    service.healthCheckPath = route.path;
    findings.push(found(`the health route ${route.path} of "${service.name}"`, route.file));
  } else notes.push(unprobedHealthNote(service.name, NODE.defaults.healthCheckPath));
}

/**
 * The packageManager the config names (Yarn split into its two lines), or null for bun, which the
 * images do not install with. pnpm and Yarn come from corepack, which reads the packageManager
 * field; without one it picks a version of its own.
 */
async function configuredManager(
  project: ProjectFiles,
  root: PackageJson,
  manager: PackageManager | null,
  declared: boolean,
  notes: string[],
): Promise<ConfigPackageManager | null> {
  if (manager === "bun") {
    notes.push("bun is not one of the package managers the images install with (npm, pnpm, Yarn)");
    return null;
  }
  const configured = manager === "yarn" ? await yarnLine(project, root) : (manager ?? "npm");
  if (configured !== "npm" && !declared)
    notes.push(
      `package.json has no "packageManager" field, so corepack picks a ${manager} version of its own in the image and CI; pin yours with \`corepack use ${manager}@<version>\``,
    );
  return configured;
}

/** The watching script compose runs: "dev", or Nest's own "start:dev"; Next.js' is always "dev". */
function devScriptOf(scripts: Record<string, string>, framework: Framework): { devScript?: string } {
  if (framework === "next") return {};
  const script = ["dev", "start:dev"].find((name) => scripts[name]);
  return script ? { devScript: script } : {};
}

function kindFromName(name: string, framework: Framework): "web" | "worker" | "scheduler" {
  if (framework !== "node") return "web";
  if (/schedul|cron|clock/.test(name)) return "scheduler";
  if (/worker|queue|jobs?\b|consumer|processor/.test(name)) return "worker";
  return "web";
}

/** `node [flags] dist/server.js` in start:prod or start, else `main`. */
function entryOf(pkg: PackageJson): string | null {
  const script = pkg.scripts?.["start:prod"] ?? pkg.scripts?.start ?? "";
  const tokens = script.split(/\s+|&&|;/).filter(Boolean);
  const at = tokens.indexOf("node");
  if (at >= 0) {
    for (let i = at + 1; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (["-r", "--require", "--import", "--loader"].includes(t)) i++;
      else if (!t.startsWith("-"))
        return /\.[cm]?js$/.test(t) ? t.replace(/^\.\//, "") : `${t.replace(/^\.\//, "")}.js`;
    }
  }
  return pkg.main ? pkg.main.replace(/^\.\//, "") : null;
}

async function portOf(project: ProjectFiles, dir: string, scripts: Record<string, string>) {
  for (const name of ["start", "start:prod", "dev"]) {
    const m = /(?:\s-p|--port)[ =](\d{4,5})\b|\bPORT=(\d{4,5})\b/.exec(` ${scripts[name] ?? ""}`);
    if (m) return { value: Number(m[1] ?? m[2]), file: dir === "." ? "package.json" : `${dir}/package.json` };
  }
  for (const base of dir === "." ? ["."] : [dir, "."]) {
    for (const example of ENV_EXAMPLES) {
      const file = base === "." ? example : `${base}/${example}`;
      const m = /^\s*PORT\s*=\s*["']?(\d{4,5})\b/m.exec((await project.read(file)) ?? "");
      if (m) return { value: Number(m[1]), file };
    }
  }
  return null;
}

/**
 * Web services the repository gave no port get 3000, 3001, …: the ports the apps' own dev scripts
 * most likely take. Two that name the same port keep it (each container has its own address).
 */
function assignDefaultPorts(services: Service[]): void {
  const taken = new Set(services.flatMap((s) => (s.port == null ? [] : [s.port])));
  for (const s of services.filter((x) => x.kind === "web" && x.port == null)) {
    let port = 3000;
    while (taken.has(port)) port++;
    s.port = port;
    taken.add(port);
  }
}

function uniqueName(name: string, services: Service[]): string {
  let unique = name;
  for (let i = 2; services.some((s) => s.name === unique); i++) unique = `${name.slice(0, 17)}-${i}`;
  return unique;
}

/** registry= and @scope:registry= lines of .npmrc that point anywhere but the public registry. */
async function registryHints(project: ProjectFiles, findings: Finding[]): Promise<FeedHint[]> {
  const hints: FeedHint[] = [];
  for (const m of ((await project.read(".npmrc")) ?? "").matchAll(/^\s*(@[a-z0-9._-]+:)?registry\s*=\s*(\S+)/gim)) {
    const scope = m[1]?.slice(0, -1) ?? null;
    const hint = feedHint(scope ?? "registry", m[2]!, ".npmrc");
    if (!hint) continue;
    findings.push(found(`the private registry ${m[2]}${scope ? ` for ${scope}` : ""}`, ".npmrc"));
    // GitHub Packages serves a scope named after its owner (@acme is github.com/acme's).
    const owner: Record<string, string> =
      hint.strategy === "github-packages" && scope && !hint.settings.owner ? { owner: scope.slice(1) } : {};
    hints.push(scope ? { ...hint, settings: { ...hint.settings, ...owner, scope } } : hint);
  }
  return hints;
}
