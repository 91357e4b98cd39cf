// What the repository already says, so init asks only what it cannot know. Every stack's detector
// runs; the repository may look like more than one (a Rails app with a package.json for its
// JavaScript), and then the user, a flag or the order below decides. Detection proposes config
// input; the schema and the rules still decide.
import { basename } from "node:path";
import type { ConfigInput } from "../config/schema.js";
import { profileOf, type Stack, type StackDefaults } from "../stacks/index.js";
import { detectDotnet } from "./dotnet.js";
import { detectNode } from "./node.js";
import {
  listProjectFiles,
  proposedProjectName,
  type Finding,
  type ProjectFiles,
  type StackDetection,
} from "./project-files.js";
import { detectPython } from "./python.js";
import { detectRails } from "./rails.js";
import { detectRepository } from "./repository.js";
import { detectUnsupported, type UnsupportedApp } from "./unsupported.js";
import { joinPath } from "../stacks/paths.js";
import { detectFolderApps, type FolderApp } from "./folder-apps.js";

export { projectNameFrom, type Finding, type StackDetection } from "./project-files.js";

export interface Detection {
  /** Every stack the repository looks like, in order of preference: .NET, Rails, Python, Node. */
  stacks: StackDetection[];
  /** What holds whatever the stack: the GitHub repository, the AWS target, existing Dockerfiles. */
  shared: { findings: Finding[]; notes: string[]; input: Partial<ConfigInput> };
  /** The project name when no stack names it: the folder's. */
  folderName: string;
  /** Apps of stacks the tool does not generate for yet (Python, Go, ...). */
  unsupported: UnsupportedApp[];
  /** Top-level folders that are apps of their own (frontend/, backend/), in detector order. */
  folderApps: FolderApp[];
}

interface Detector {
  detect: (project: ProjectFiles) => Promise<StackDetection | null>;
  /** What it looks for, for init's message when nothing is found. */
  lookedFor: string;
}

/**
 * Each stack's detector, in order of preference (the order of the keys): Rails and Python before
 * Node, as their apps often have a package.json for their assets; .NET first for the same reason (a ClientApp
 * folder). Detection reads the repository and only init runs it, so its table stays here rather
 * than in the stack profiles, which every command loads.
 */
const DETECTORS: Record<Stack, Detector> = {
  dotnet: { detect: detectDotnet, lookedFor: ".NET: a solution (*.sln, *.slnx) or project files (*.csproj)" },
  rails: { detect: detectRails, lookedFor: "Rails: a Gemfile with the rails gem" },
  python: {
    detect: detectPython,
    lookedFor: "Python: Django, FastAPI, Flask or Starlette in pyproject.toml or requirements*.txt",
  },
  node: { detect: detectNode, lookedFor: "Node: a package.json (the root's, or its workspaces')" },
};

/** What init looks for, for the message when it finds nothing. */
export const LOOKED_FOR = Object.values(DETECTORS).map((d) => d.lookedFor);

export async function detectProject(root: string): Promise<Detection> {
  const project = await listProjectFiles(root);
  const stacks: StackDetection[] = [];
  for (const { detect } of Object.values(DETECTORS)) {
    const found = await detect(project);
    if (found) stacks.push(found);
  }
  const order = Object.keys(DETECTORS);
  const folderApps = (
    await detectFolderApps(
      project,
      Object.values(DETECTORS).map((d) => d.detect),
    )
  ).sort((a, b) => order.indexOf(a.detection.stack) - order.indexOf(b.detection.stack));
  return {
    stacks,
    shared: await detectRepository(project),
    folderName: basename(root),
    // A folder that is an app of a supported stack is no longer left out.
    unsupported: detectUnsupported(project).filter((a) => !folderApps.some((f) => f.folder === a.dir)),
    folderApps,
  };
}

/**
 * The stack init proposes: the first that found services (an app of the root's before one in a
 * folder), else the first recognised. Ambiguous when another stack found services too: then init
 * asks (or --stack decides).
 */
export function proposedStack(detection: Detection): { stack: Stack | null; ambiguous: boolean } {
  const withServices = detection.stacks
    .filter((s) => (s.input.services?.length ?? 0) > 0)
    .sort((a, b) => Number(a.folder !== undefined) - Number(b.folder !== undefined));
  const stack =
    withServices[0]?.stack ?? detection.folderApps[0]?.detection.stack ?? detection.stacks[0]?.stack ?? null;
  return { stack, ambiguous: withServices.length > 1 };
}

/** The stack's detection at the root, else that of the first folder that is an app of the stack, its paths from the root. */
export function detectionFor(detection: Detection, stack: Stack | null | undefined): StackDetection | null {
  const atRoot = detection.stacks.find((s) => s.stack === stack);
  if (atRoot && (atRoot.input.services?.length ?? 0) > 0) return atRoot;
  const app = detection.folderApps.find((a) => a.detection.stack === stack);
  return app ? fromFolder(app) : (atRoot ?? null);
}

/** The config input detection proposes for a stack: its own findings plus the shared ones, and the apps of other stacks in folders of their own. */
export function detectedInput(detection: Detection, stack: Stack | null | undefined): Partial<ConfigInput> {
  const own = withFolderApps(detectionFor(detection, stack)?.input ?? {}, detection, stack);
  return {
    ...detection.shared.input,
    ...own,
    project: proposedProjectName({
      repository: detection.shared.input.github?.repository,
      own: own.project,
      folder: detection.folderName,
    }),
  };
}

/** Frameworks that serve the pages of a site: their service takes the load balancer's default route. */
const FRONTEND_FRAMEWORKS: ReadonlySet<string> = new Set(["next"]);

/**
 * The apps of other stacks in folders of their own that join the stack's services: only when those
 * services are not at the root (a root app's subfolders are its own: an ASP.NET app's ClientApp).
 */
export function joinedFolderApps(detection: Detection, stack: Stack | null | undefined): StackDetection[] {
  const services = detectionFor(detection, stack)?.input.services ?? [];
  if (!stack || services.length === 0 || services.some((s) => (s.path ?? ".") === ".")) return [];
  const taken = new Set(services.map((s) => (s.path ?? ".").split("/")[0]));
  return detection.folderApps
    .filter((a) => a.detection.stack !== stack && !taken.has(a.folder))
    .map((a) => fromFolder(a));
}

/** A folder app's detection with its paths from the project root. */
function fromFolder({ folder, detection }: FolderApp): StackDetection {
  const { input } = detection;
  return {
    ...detection,
    findings: detection.findings.map((f) => ({ ...f, file: joinPath(folder, f.file) })),
    input: {
      ...input,
      services: input.services?.map((s) => ({ ...s, path: joinPath(folder, s.path ?? ".") })),
      ...(input.restoreFiles ? { restoreFiles: input.restoreFiles.map((f) => joinPath(folder, f)) } : {}),
    },
  };
}

/**
 * When the stack's own services are not at the root, the apps of other stacks in folders of their
 * own join as services of their stack (services[].stack). A frontend (a framework that serves pages)
 * comes first and takes the load balancer's default route; the API's services keep their order.
 */
function withFolderApps(
  own: Partial<ConfigInput>,
  detection: Detection,
  stack: Stack | null | undefined,
): Partial<ConfigInput> {
  const services = own.services ?? [];
  const others = joinedFolderApps(detection, stack);
  if (others.length === 0) return own;
  const joined = others.flatMap((d) =>
    (d.input.services ?? []).map((s) => ({
      ...s,
      stack: d.stack,
      ...(d.input.runtimeVersion ? { runtimeVersion: d.input.runtimeVersion } : {}),
    })),
  );
  const frontends = joined.filter((s) => s.framework && FRONTEND_FRAMEWORKS.has(s.framework));
  const rest = joined.filter((s) => !frontends.includes(s));
  // Top-level options of the stacks that have them (a package manager, the python and rails blocks).
  const optionsOf = (has: (d: StackDefaults) => boolean) => others.find((d) => has(profileOf(d.stack).defaults))?.input;
  const node = optionsOf((d) => d.packageManager !== null);
  const python = optionsOf((d) => d.pythonOptions !== null);
  const rails = optionsOf((d) => d.railsOptions !== null);
  return {
    ...own,
    services: [...frontends, ...services, ...rest],
    ...(own.packageManager === undefined && node?.packageManager ? { packageManager: node.packageManager } : {}),
    ...(own.python === undefined && python?.python ? { python: python.python } : {}),
    ...(own.rails === undefined && rails?.rails ? { rails: rails.rails } : {}),
  };
}
