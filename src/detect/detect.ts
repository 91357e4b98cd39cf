// What the repository already says, so init asks only what it cannot know. Every stack's detector
// runs; the repository may look like more than one (a Rails app with a package.json for its
// JavaScript), and then the user, a flag or the order below decides. Detection proposes config
// input; the schema and the rules still decide.
import { basename } from "node:path";
import type { ConfigInput } from "../config/schema.js";
import type { Stack } from "../stacks/index.js";
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
  return {
    stacks,
    shared: await detectRepository(project),
    folderName: basename(root),
    unsupported: detectUnsupported(project),
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
  const stack = withServices[0]?.stack ?? detection.stacks[0]?.stack ?? null;
  return { stack, ambiguous: withServices.length > 1 };
}

export function detectionFor(detection: Detection, stack: Stack | null | undefined): StackDetection | null {
  return detection.stacks.find((s) => s.stack === stack) ?? null;
}

/** The config input detection proposes for a stack: its own findings plus the shared ones. */
export function detectedInput(detection: Detection, stack: Stack | null | undefined): Partial<ConfigInput> {
  const own = detectionFor(detection, stack)?.input ?? {};
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
