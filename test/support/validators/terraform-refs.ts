/**
 * Cross-file checks inside a generated Terraform tree, per module folder (Terraform's unit of scope: all `.tf`
 * files of one directory, https://developer.hashicorp.com/terraform/language/modules):
 * - calls to local modules (`source = "./…"` / `"../…"`, resolved against the calling file's folder): the folder
 *   has .tf files, every argument is a declared `variable`, every variable without `default` is passed;
 * - every `var.X` is a declared variable, every `local.X` a defined local, every `module.M` a module call and, for
 *   local modules, `module.M.O` a declared output of that module; every `T.N` (resource) and `data.T.N` is
 *   declared in the same folder; no duplicate declarations.
 * References are found with regexes on the scanner's `code` (comments and literal string text blanked, so
 * `"${var.x}"` counts and `"see var.x"` does not). `moved` / `removed` blocks are skipped: their `from` names an
 * address that no longer exists, by design.
 */
import { posix } from "node:path";
import { attributesOf, blocksOf, type HclScan } from "./hcl-scan.js";

export interface TfFile {
  /** relative POSIX path in the tree */
  path: string;
  scan: HclScan;
}

interface Declared {
  variables: Map<string, { hasDefault: boolean }>;
  locals: Set<string>;
  modules: Map<string, { dir: string | undefined }>;
  resources: Set<string>;
  data: Set<string>;
  outputs: Set<string>;
}

const MODULE_META = new Set(["source", "version", "count", "for_each", "depends_on", "providers"]);
const NAME = String.raw`[A-Za-z_][A-Za-z0-9_-]*`;
/** not preceded by part of a longer name or a traversal (`.` excludes `data.T.N` and `x.var.y`) */
const START = String.raw`(?<![A-Za-z0-9_.-])`;
const VAR_REF = new RegExp(`${START}var\\.(${NAME})`, "g");
const LOCAL_REF = new RegExp(`${START}local\\.(${NAME})`, "g");
const MODULE_REF = new RegExp(`${START}module\\.(${NAME})(?:\\[[^\\]]*\\])?(?:\\.(${NAME}))?`, "g");
const DATA_REF = new RegExp(`${START}data\\.(${NAME})\\.(${NAME})`, "g");
const RESOURCE_REF = new RegExp(`${START}([a-z][a-z0-9]*_[a-z0-9_]+)\\.(${NAME})`, "g");
/** Providers a generated stack may use besides aws (docs/rules.md TF-VER-02: random, tls). */
const OTHER_PROVIDER_TYPE = /^(random|tls|null|time|archive|local)_/;

/** `skipDirs`: folders with unreadable files, neither checked nor checked against. */
export function checkReferences(
  files: TfFile[],
  /** provider resource (and data source) type names: `T.N` with such a T is a resource reference */
  knownResourceTypes: Set<string>,
  problems: string[],
  skipDirs: ReadonlySet<string> = new Set(),
): void {
  const byDir = new Map<string, TfFile[]>();
  for (const file of files) {
    const dir = posix.dirname(file.path);
    if (!skipDirs.has(dir)) byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  const declared = new Map<string, Declared>();
  for (const [dir, dirFiles] of byDir) declared.set(dir, collect(dir, dirFiles, problems));
  const declaredTypes = new Set(knownResourceTypes);
  for (const d of declared.values()) for (const address of d.resources) declaredTypes.add(address.split(".")[0]!);

  for (const [dir, dirFiles] of byDir) {
    const own = declared.get(dir)!;
    for (const file of dirFiles) {
      checkModuleCalls(file, own, declared, skipDirs, problems);
      const code = withoutBlocks(file.scan, ["moved", "removed"]);
      const report = (index: number, what: string): void => {
        problems.push(`${file.path}:${file.scan.lineAt(index)}: ${what}`);
      };
      for (const m of code.matchAll(VAR_REF)) {
        if (!own.variables.has(m[1]!)) report(m.index, `var.${m[1]} is not declared (no variable "${m[1]}" in ${dir})`);
      }
      for (const m of code.matchAll(LOCAL_REF)) {
        if (!own.locals.has(m[1]!)) report(m.index, `local.${m[1]} is not defined in any locals block in ${dir}`);
      }
      for (const m of code.matchAll(MODULE_REF)) {
        const call = own.modules.get(m[1]!);
        if (!call) report(m.index, `module.${m[1]} is not a module call in ${dir}`);
        else if (call.dir && m[2] && declared.get(call.dir)?.outputs.has(m[2]) === false) {
          report(m.index, `module.${m[1]}.${m[2]}: no output "${m[2]}" in ${call.dir}`);
        }
      }
      for (const m of code.matchAll(DATA_REF)) {
        if (!own.data.has(`${m[1]}.${m[2]}`)) report(m.index, `data.${m[1]}.${m[2]} is not declared in ${dir}`);
      }
      for (const m of code.matchAll(RESOURCE_REF)) {
        const [type, name] = [m[1]!, m[2]!];
        if (!declaredTypes.has(type) && !OTHER_PROVIDER_TYPE.test(type)) continue; // e.g. a dynamic block iterator
        if (own.resources.has(`${type}.${name}`)) continue;
        const hint = own.data.has(`${type}.${name}`) ? ` (it is a data source: data.${type}.${name})` : "";
        report(m.index, `${type}.${name} is not declared in ${dir}${hint}`);
      }
    }
  }
}

function collect(dir: string, files: TfFile[], problems: string[]): Declared {
  const d: Declared = {
    variables: new Map(),
    locals: new Set(),
    modules: new Map(),
    resources: new Set(),
    data: new Set(),
    outputs: new Set(),
  };
  const seen = new Map<string, string>();
  const declare = (file: TfFile, line: number, key: string): void => {
    const where = `${file.path}:${line}`;
    if (seen.has(key)) problems.push(`${where}: duplicate ${key} (first at ${seen.get(key)})`);
    else seen.set(key, where);
  };
  for (const file of files) {
    for (const block of blocksOf(file.scan.body)) {
      const [a = "", b = ""] = block.labels;
      if (block.type === "variable") {
        declare(file, block.line, `variable "${a}"`);
        d.variables.set(a, { hasDefault: attributesOf(block.body).some((x) => x.name === "default") });
      } else if (block.type === "locals") {
        for (const local of attributesOf(block.body)) {
          declare(file, local.line, `local.${local.name}`);
          d.locals.add(local.name);
        }
      } else if (block.type === "module") {
        declare(file, block.line, `module "${a}"`);
        const source = attributesOf(block.body).find((x) => x.name === "source");
        const literal = source && /^"([^"\\$%]*)"$/.exec(source.expr)?.[1];
        const local = literal && /^\.\.?\//.test(literal) ? posix.normalize(posix.join(dir, literal)) : undefined;
        d.modules.set(a, { dir: local });
      } else if (block.type === "resource") {
        declare(file, block.line, `resource ${a}.${b}`);
        d.resources.add(`${a}.${b}`);
      } else if (block.type === "data") {
        declare(file, block.line, `data.${a}.${b}`);
        d.data.add(`${a}.${b}`);
      } else if (block.type === "output") {
        declare(file, block.line, `output "${a}"`);
        d.outputs.add(a);
      }
    }
  }
  return d;
}

function checkModuleCalls(
  file: TfFile,
  own: Declared,
  declared: Map<string, Declared>,
  skipDirs: ReadonlySet<string>,
  problems: string[],
): void {
  for (const call of blocksOf(file.scan.body, "module")) {
    const name = call.labels[0] ?? "";
    const target = own.modules.get(name)?.dir;
    // Registry or git module: its variables are not in this tree. Unreadable folder: already reported.
    if (!target || skipDirs.has(target)) continue;
    const where = `${file.path}:${call.line}: module.${name}`;
    const module = declared.get(target);
    if (!module) {
      problems.push(`${where}: source folder ${target} has no .tf files in the generated tree`);
      continue;
    }
    const passed = new Set<string>();
    for (const argument of attributesOf(call.body)) {
      if (MODULE_META.has(argument.name)) continue;
      passed.add(argument.name);
      if (!module.variables.has(argument.name)) {
        problems.push(
          `${file.path}:${argument.line}: module.${name}: "${argument.name}" is not a variable of ${target}`,
        );
      }
    }
    for (const [variable, { hasDefault }] of module.variables) {
      if (!hasDefault && !passed.has(variable)) {
        problems.push(`${where}: required variable "${variable}" of ${target} not passed`);
      }
    }
  }
}

/** The scanner's code with the given top-level block types blanked. */
function withoutBlocks(scan: HclScan, types: string[]): string {
  let code = scan.code;
  for (const block of blocksOf(scan.body)) {
    if (!types.includes(block.type)) continue;
    code =
      code.slice(0, block.start) + code.slice(block.start, block.end).replace(/[^\n]/g, " ") + code.slice(block.end);
  }
  return code;
}
