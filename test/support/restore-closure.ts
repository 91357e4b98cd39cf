// The restore closure of an image build: every file the dependency install reads must be copied
// into the build before that install runs, or the build stops there. .NET and Ruby images cannot
// be built on these machines (no SDK, NuGet or RubyGems registry is reachable), so this is the
// static stand-in for a real build of their restore layer.
//
// What each install reads, from the tools' own documentation:
// - Bundler: the Gemfile, Gemfile.lock, a file named by `ruby file:` (Bundler 2.4.19+),
//   files named by `eval_gemfile`, the `*.gemspec` a `gemspec` line loads, and `path:` gems.
//   https://bundler.io/v2.5/man/gemfile.5.html
// - dotnet restore: the project and its ProjectReference closure, Directory.Build.props/.targets
//   and Directory.Packages.props found walking up from each project, nuget.config files found
//   walking up, global.json, and packages.lock.json beside a project.
//   https://learn.microsoft.com/visualstudio/msbuild/customize-by-directory
//   https://learn.microsoft.com/nuget/consume-packages/configuring-nuget-behavior
// - Poetry (`poetry sync`): pyproject.toml, poetry.lock and the project's poetry.toml.
//   https://python-poetry.org/docs/configuration/ (local configuration), https://python-poetry.org/docs/basic-usage/
// - uv (`uv sync --locked`): pyproject.toml, uv.lock and the project's uv.toml (its .python-version
//   only chooses an interpreter, and the image's is the only one: UV_PYTHON_DOWNLOADS=0).
//   https://docs.astral.sh/uv/concepts/projects/layout/, https://docs.astral.sh/uv/concepts/configuration-files/
// - pip (`pip install -r`): the requirements file and every file it names with -r or -c.
//   https://pip.pypa.io/en/stable/reference/requirements-file-format/
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { splitFlags } from "./dockerfile/args.js";
import { parseDockerfile, type Stage } from "./dockerfile/parse.js";

/** Files (project-relative, POSIX) that `bundle install` reads in the project at `root`. */
export function bundlerReads(root: string, gemfile = "Gemfile"): string[] {
  const reads = new Set<string>();
  const visit = (file: string) => {
    if (reads.has(file) || !existsSync(join(root, file))) return;
    reads.add(file);
    const dir = posix.dirname(file);
    const text = readFileSync(join(root, file), "utf8");
    for (const m of text.matchAll(/^\s*ruby\s+file:\s*["']([^"']+)["']/gm)) add(reads, root, posix.join(dir, m[1]!));
    for (const m of text.matchAll(/^\s*eval_gemfile\s*\(?\s*["']([^"']+)["']/gm)) visit(posix.join(dir, m[1]!));
    for (const m of text.matchAll(/^\s*gem\s+["'][^"']+["'].*\bpath:\s*["']([^"']+)["']/gm))
      add(reads, root, posix.join(dir, m[1]!));
    if (/^\s*gemspec\b/m.test(text))
      for (const spec of readdirSync(join(root, dir)).filter((f) => f.endsWith(".gemspec")))
        add(reads, root, posix.join(dir, spec));
  };
  visit(gemfile);
  add(reads, root, `${gemfile}.lock`);
  return [...reads].sort();
}

/**
 * Files (project-relative) that the Python install of the app in `folder` reads: Poetry's or uv's
 * project files, or pip's requirements file (the development one, when given) and what it includes.
 */
export function pythonInstallReads(
  root: string,
  folder: string,
  manager: "poetry" | "uv" | "pip",
  requirements = "requirements.txt",
): string[] {
  const reads = new Set<string>();
  const inFolder = (file: string) => posix.join(folder, file);
  const files = {
    poetry: ["pyproject.toml", "poetry.lock", "poetry.toml"],
    uv: ["pyproject.toml", "uv.lock", "uv.toml"],
    pip: [],
  }[manager];
  for (const file of files) add(reads, root, inFolder(file));
  const visit = (file: string) => {
    if (reads.has(file) || !existsSync(join(root, file))) return;
    reads.add(file);
    const text = readFileSync(join(root, file), "utf8");
    for (const m of text.matchAll(/^\s*(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)/gm))
      visit(posix.join(posix.dirname(file), m[1]!));
  };
  if (manager === "pip") visit(inFolder(requirements));
  return [...reads].sort();
}

/** Files that `dotnet restore` of the given projects reads in the project at `root`. */
export function dotnetRestoreReads(root: string, projects: string[]): string[] {
  const reads = new Set<string>();
  const pending = [...projects];
  while (pending.length > 0) {
    const project = posix.normalize(pending.pop()!);
    if (reads.has(project) || !existsSync(join(root, project))) continue;
    reads.add(project);
    const dir = posix.dirname(project);
    add(reads, root, posix.join(dir, "packages.lock.json"));
    for (const ancestor of ancestors(dir))
      for (const name of ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"])
        add(reads, root, posix.join(ancestor, name));
    for (const ancestor of ancestors(dir)) {
      const config = existsSync(join(root, ancestor))
        ? readdirSync(join(root, ancestor)).find((f) => f.toLowerCase() === "nuget.config")
        : undefined;
      if (config) reads.add(posix.join(ancestor, config));
    }
    const text = readFileSync(join(root, project), "utf8");
    for (const m of text.matchAll(/<ProjectReference\s+Include="([^"]+)"/g))
      pending.push(posix.join(dir, m[1]!.replaceAll("\\", "/")));
  }
  add(reads, root, "global.json");
  return [...reads].sort();
}

/** `dir` and every folder above it, up to the project root ("."). */
function ancestors(dir: string): string[] {
  const out = [dir];
  while (out.at(-1) !== ".") out.push(posix.dirname(out.at(-1)!));
  return out;
}

function add(reads: Set<string>, root: string, file: string): void {
  if (existsSync(join(root, file))) reads.add(posix.normalize(file));
}

export interface ClosureGap {
  file: string;
  /** 1-based line of the install that reads it. */
  line: number;
  install: string;
}

/**
 * The files of `reads` that the build context does not hold yet when the first RUN matching
 * `install` runs: not copied by a COPY (from the context, not from another stage or a named
 * context) in that stage or a stage it is built FROM. A source of `.` covers everything; a
 * folder covers what is below it; `*` and `?` match within one path segment. A file whose
 * place in the image is taken by another copy (the image build's own nuget.config copied to
 * where the app's would be) counts as covered.
 */
export function restoreClosureGaps(
  dockerfile: string,
  install: RegExp,
  reads: string[],
  /** The project folder the install's working directory stands for: then a file counts only where it lands, at the same path below it. */
  workdirFolder?: string,
): ClosureGap[] {
  const df = parseDockerfile(dockerfile);
  const run = df.instructions.find((i) => i.keyword === "RUN" && install.test(i.args));
  if (!run) throw new Error(`no RUN matches ${install}`);
  const chain: Stage[] = [];
  for (let s: Stage | undefined = df.stages[run.stage]; s; s = s.parent === undefined ? undefined : df.stages[s.parent])
    chain.unshift(s);
  const workdir = { path: "/" };
  const sources: string[] = [];
  const targets: string[] = [];
  for (const stage of chain)
    for (const ins of stage.instructions) {
      if (ins === run) break;
      if (ins.keyword === "WORKDIR") workdir.path = posix.resolve(workdir.path, ins.args);
      if (ins.keyword !== "COPY") continue;
      const { flags, rest } = splitFlags(ins.args);
      if (flags.some((f) => f.name === "from")) continue;
      const words = rest.split(/\s+/).filter(Boolean);
      const dest = posix.resolve(workdir.path, words.at(-1)!);
      for (const src of words.slice(0, -1)) {
        sources.push(posix.normalize(src));
        targets.push(words.at(-1)!.endsWith("/") ? posix.join(dest, posix.basename(src)) : dest);
      }
    }
  return reads
    .filter((file) => {
      if (workdirFolder !== undefined)
        return !targets.includes(posix.join(workdir.path, posix.relative(workdirFolder, file)));
      const inImage = posix.join(workdir.path, file);
      return !sources.some((src) => covers(src, file)) && !targets.includes(inImage);
    })
    .map((file) => ({ file, line: run.line, install: run.args.split("\n")[0]!.slice(0, 80) }));
}

function covers(source: string, file: string): boolean {
  if (source === ".") return true;
  const pattern = new RegExp(
    `^${source
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replaceAll("*", "[^/]*")
      .replaceAll("?", "[^/]")}(/.*)?$`,
  );
  return pattern.test(file);
}
