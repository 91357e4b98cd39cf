// Apps in folders of their own, such as a Vite frontend in frontend/ beside an API in backend/: the
// services of such a repository use more than one stack (services[].stack). Each top-level folder
// holding a stack's manifest is read as a project of its own by the same detectors; init adds its
// services with the folder as their path.
import type { ProjectFiles, StackDetection } from "./project-files.js";

export interface FolderApp {
  /** The folder, relative to the project root. */
  folder: string;
  /** What the first detector that found services there made of it, its paths relative to the folder. */
  detection: StackDetection;
}

const MANIFEST = /^(package\.json|pyproject\.toml|requirements\.txt|Gemfile|[^/]+\.(csproj|sln|slnx))$/;

/** The top-level folders that are apps of their own, each with the first detection (in detector order) that found services. */
export async function detectFolderApps(
  project: ProjectFiles,
  detectors: readonly ((project: ProjectFiles) => Promise<StackDetection | null>)[],
): Promise<FolderApp[]> {
  const folders = [
    ...new Set(
      project.files
        .map((file) => file.split("/"))
        .filter((parts) => parts.length === 2 && MANIFEST.test(parts[1]!))
        .map((parts) => parts[0]!),
    ),
  ];
  const apps: FolderApp[] = [];
  for (const folder of folders) {
    const inside = within(project, folder);
    for (const detect of detectors) {
      const detection = await detect(inside);
      if (detection && (detection.input.services?.length ?? 0) > 0) {
        apps.push({ folder, detection });
        break;
      }
    }
  }
  return apps;
}

/** A folder of the project read as a project of its own. */
function within(project: ProjectFiles, folder: string): ProjectFiles {
  const prefix = `${folder}/`;
  return {
    root: `${project.root}/${folder}`,
    files: project.files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)),
    read: (path) => project.read(`${prefix}${path}`),
  };
}
