// What `dotnet restore` of the services reads, so the Dockerfile's cached restore layer can copy
// exactly that before the source: every project in the ProjectReference closure, and the
// MSBuild and NuGet files that apply to them (looked up from each project's folder to the root,
// as MSBuild and NuGet do).
import { posix } from "node:path";
import { parseProject, property, targetFrameworksIn, type MsbuildProject } from "./msbuild.js";
import { ancestors, type ProjectFiles } from "./project-files.js";

const AROUND_PROJECTS =
  /^(Directory\.Build\.props|Directory\.Build\.targets|Directory\.Packages\.props|global\.json|nuget\.config)$/i;

export interface RestoreClosure {
  /** Every project the services need, entries first. */
  projects: string[];
  /** Files the restore layer copies, sorted. */
  files: string[];
}

export async function restoreClosure(
  project: ProjectFiles,
  entries: string[],
  load: (path: string) => Promise<MsbuildProject | null>,
  notes: string[],
): Promise<RestoreClosure> {
  const projects: string[] = [];
  const queue = [...entries];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (projects.includes(path)) continue;
    const p = await load(path);
    if (!p) {
      notes.push(`${path} is referenced but not in the repository: the image build cannot restore it`);
      continue;
    }
    projects.push(path);
    for (const ref of p.references) {
      if (ref === null)
        notes.push(`${path} references a project outside the repository; the image build cannot copy it`);
      else queue.push(ref);
    }
  }
  const files = new Set(projects);
  const byDir = new Map(project.files.map((f) => [f, posix.dirname(f)]));
  for (const path of projects) {
    for (const dir of ancestors(path)) {
      for (const [file, fileDir] of byDir)
        if (fileDir === dir && AROUND_PROJECTS.test(posix.basename(file))) files.add(file);
    }
    const lock = posix.join(posix.dirname(path), "packages.lock.json");
    if (project.files.includes(lock)) files.add(lock);
  }
  // Literal <Import Project="..."/> of the files found so far (a shared .props, say).
  for (const file of [...files].filter((f) => /\.(csproj|props|targets)$/.test(f))) {
    const text = (await project.read(file)) ?? "";
    for (const imported of parseProject(file, text).imports) if (project.files.includes(imported)) files.add(imported);
  }
  return { projects, files: [...files].sort() };
}

export interface TargetFramework {
  values: string[];
  /** Where the value was found: the project file, or a Directory.Build.props above it. */
  file: string;
}

/**
 * The project's own <TargetFramework(s)>, else the nearest Directory.Build.props that sets one;
 * a `$(Property)` in the value is looked up in the same files.
 */
export async function targetFrameworkOf(project: ProjectFiles, p: MsbuildProject): Promise<TargetFramework | null> {
  const props: { file: string; text: string }[] = [];
  for (const dir of ancestors(p.path)) {
    const file = dir === "." ? "Directory.Build.props" : `${dir}/Directory.Build.props`;
    const text = project.files.includes(file) ? await project.read(file) : null;
    if (text !== null) props.push({ file, text });
  }
  const sources = [{ file: p.path, text: p.text }, ...props];
  const resolve = (value: string) =>
    value.replace(/\$\((\w+)\)/g, (ref, name: string) => {
      for (const s of sources) {
        const v = property(s.text, name);
        if (v !== null && !v.includes("$(")) return v;
      }
      return ref;
    });
  for (const source of sources) {
    const values = targetFrameworksIn(source.text)
      .flatMap((v) => resolve(v).split(";"))
      .filter(Boolean);
    if (values.length > 0) return { values, file: source.file };
  }
  return null;
}
