// Where a Python app sits: the project root, or a folder one level down (backend/ beside a
// frontend/), and a view of the project from inside that folder, so the detector reads the app's
// files by the paths the app itself uses (app/main.py is the module app.main).
import { join, posix } from "node:path";
import type { ProjectFiles } from "./project-files.js";

/** The files that make a folder a Python project. */
const PROJECT_FILES = /^(pyproject\.toml|requirements[^/]*\.txt|manage\.py)$/;
/** Folders whose requirements.txt or pyproject.toml serve the repository (its docs, its scripts), not an app. */
const NOT_APP_FOLDERS = new Set(["docs", "doc", "scripts", "tools"]);

/** The root when it is a Python project, then every folder one level down that is, in order. */
export function appFolders(project: ProjectFiles): string[] {
  const folders = new Set<string>();
  for (const file of project.files) {
    if (!PROJECT_FILES.test(posix.basename(file))) continue;
    const dir = posix.dirname(file);
    if (dir === "." || (!dir.includes("/") && !NOT_APP_FOLDERS.has(dir))) folders.add(dir);
  }
  return [...folders].sort((a, b) => (a === "." ? -1 : b === "." ? 1 : a.localeCompare(b)));
}

/** The project as seen from one of its folders: the files below it, by their paths inside it. */
export function inFolder(project: ProjectFiles, folder: string): ProjectFiles {
  if (folder === ".") return project;
  const prefix = `${folder}/`;
  return {
    root: join(project.root, folder),
    files: project.files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)),
    read: (path) => project.read(posix.join(folder, path)),
  };
}
