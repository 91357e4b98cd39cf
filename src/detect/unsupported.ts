// Apps of stacks the tool does not generate for yet. Init names them rather than reporting "no app
// found" (and rather than a --service hint that would turn a Python app into a Node config), and
// notes the ones it leaves out beside a supported app (a Go service beside a Node app).
import { posix } from "node:path";
import { found, type Finding, type ProjectFiles } from "./project-files.js";

/** The file that gives each stack away, by name. */
const MARKERS: Record<string, string> = {
  "pyproject.toml": "Python",
  "requirements.txt": "Python",
  Pipfile: "Python",
  "setup.py": "Python",
  "manage.py": "Python",
  "go.mod": "Go",
  "pom.xml": "Java",
  "build.gradle": "Java",
  "build.gradle.kts": "Java",
  "composer.json": "PHP",
  "Cargo.toml": "Rust",
  "mix.exs": "Elixir",
};

/** Stacks the tool generates for at the root and one folder down (src/detect/python.ts). */
const SUPPORTED = new Set(["Python"]);

/** How deep an app's folder may sit: the root, or one folder down (backend/, api/). */
const MAX_FOLDER_DEPTH = 1;
/** Folders whose requirements.txt or pyproject.toml serve the repository, not an app. */
const NOT_APP_FOLDERS = new Set(["docs", "doc", "scripts", "tools"]);

export interface UnsupportedApp {
  stack: string;
  /** The app's folder, "." for the root. */
  dir: string;
  finding: Finding;
}

/** One entry per folder that looks like an app of an unsupported stack, the first marker naming it. */
export function detectUnsupported(project: ProjectFiles): UnsupportedApp[] {
  const apps = new Map<string, UnsupportedApp>();
  for (const file of project.files) {
    const dir = posix.dirname(file);
    const stack = MARKERS[posix.basename(file)];
    const depth = dir === "." ? 0 : dir.split("/").length;
    if (!stack || apps.has(dir) || depth > MAX_FOLDER_DEPTH || NOT_APP_FOLDERS.has(dir)) continue;
    if (SUPPORTED.has(stack)) continue;
    apps.set(dir, { stack, dir, finding: found(`a ${stack} app`, file) });
  }
  return [...apps.values()];
}
