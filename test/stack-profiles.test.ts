// What differs between stacks is said once, in the stack's profile (src/stacks/). Code elsewhere
// that compares the stack's name, switches on it or keeps its own table keyed by it compiles when
// a stack is added and silently takes another stack's branch (no container health check, the
// wrong pack command): this test lists every such place. The profiles are the bottom layer, so
// they import nothing of the tool's but each other.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { STACK_PROFILES, STACKS, feedStrategiesOf } from "../src/stacks/index.js";

const ROOT = join(import.meta.dirname, "..");
const STACK = "(?:dotnet|node|rails)";

/** Each way code outside the profiles can decide by the stack's name. */
const STACK_SWITCHES: { what: string; pattern: RegExp }[] = [
  { what: "compares the stack's name", pattern: new RegExp(`[!=]==?\\s*"${STACK}"|"${STACK}"\\s*[!=]==?`) },
  { what: "switches on the stack's name", pattern: new RegExp(`case\\s+"${STACK}"\\s*:`) },
  { what: "keys a table by stack", pattern: /Record<\s*(?:Stack|Config\["stack"\])\s*,/ },
  // No config field is called "dotnet": a key of that name is a table by stack.
  { what: "keys a table by stack", pattern: /(?:^|[{,])\s*dotnet\s*:/ },
  { what: "indexes an inline table by the stack", pattern: /\}\[\s*(?:[\w.]+\.)?stack\s*\]/ },
  {
    what: "looks a stack up by its name",
    pattern: new RegExp(`\\b(?:STACK_PROFILES|profileOf|detectionFor|feedStrategiesOf)\\b[^;]*"${STACK}"`),
  },
];

/**
 * The tables by stack that stay outside the profiles, each with why. A new stack fills them as it
 * fills its profile, and the compiler lists them.
 */
const STACK_TABLES = [
  // Detection reads the repository and only init runs it; the profiles are loaded by every command.
  { file: "src/detect/detect.ts", name: "DETECTORS" },
  // Each stack's Dockerfile template (templates/docker/<stack>/) comes with the view it prints.
  { file: "generators/docker.ts", name: "STACK_DOCKERFILES" },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** The code of a file without its comments and without the allowed tables (kept as blank lines, so line numbers hold). */
function codeOf(file: string): string[] {
  let text = readFileSync(join(ROOT, file), "utf8");
  for (const table of STACK_TABLES.filter((t) => t.file === file)) {
    const start = text.indexOf(`const ${table.name}`);
    const end = text.indexOf("\n};", start);
    if (start < 0 || end < 0) throw new Error(`${file}: the table ${table.name} is gone; update STACK_TABLES`);
    text = text.slice(0, start) + text.slice(start, end + 3).replace(/[^\n]/g, "") + text.slice(end + 3);
  }
  return text.split("\n").map((line) =>
    line
      .replace(/^\s*(\/\/|\/?\*).*$/, "")
      .replace(/\s\/\/.*$/, "")
      // A Node framework is called "node" too.
      .replace(/\bframework\s*[!=]==?\s*"node"/g, ""),
  );
}

/** "file:line: what it does: the line", for every place outside src/stacks/ that decides by the stack's name. */
function stackSwitches(files: string[]): string[] {
  return files
    .filter((file) => !file.startsWith("src/stacks/"))
    .flatMap((file) =>
      codeOf(file).flatMap((line, i) =>
        STACK_SWITCHES.filter((s) => s.pattern.test(line)).map((s) => `${file}:${i + 1}: ${s.what}: ${line.trim()}`),
      ),
    );
}

describe("stack profiles", () => {
  it("are the only code that decides by the stack's name", () => {
    expect(stackSwitches([...sourceFiles("src"), ...sourceFiles("generators")])).toEqual([]);
  });

  it("find what they are meant to find", () => {
    const found = (line: string) => STACK_SWITCHES.some((s) => s.pattern.test(line));
    expect(found('  if (config.stack === "dotnet") return [];')).toBe(true);
    expect(found('  return stackOf(state) !== "node" ? null : x;')).toBe(true);
    expect(found('    case "rails":')).toBe(true);
    expect(found('const DEV_OUTPUT: Record<Config["stack"], string> = {')).toBe(true);
    expect(found('  dotnet: "nuget.org",')).toBe(true);
    expect(found('    const host = { dotnet: "a", node: "b", rails: "c" }[config.stack];')).toBe(true);
    expect(found('  detectionFor(state.detection, "dotnet")')).toBe(true);
    expect(found("  const profile = profileOf(config.stack);")).toBe(false);
    expect(found("  rails: defaults.railsOptions ? parsed.rails : null,")).toBe(false);
  });

  it("leave templates to the values their views compute", () => {
    const templates = readdirSync(join(ROOT, "templates"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    const checks = templates.flatMap((path) =>
      [...readFileSync(path, "utf8").matchAll(/\{\{[^}]*\}\}/g)]
        .filter(([tag]) => /\bstack\b|"(?:dotnet|node|rails)"/.test(tag!))
        .map(([tag]) => `${relative(ROOT, path)}: ${tag}`),
    );
    expect(checks).toEqual([]);
  });

  // The compiler cannot see a template: a stack without its own would fail only when generating.
  it("each come with their Dockerfile templates", () => {
    const missing = STACKS.flatMap((stack) =>
      ["Dockerfile.hbs", "dockerignore.hbs"]
        .map((name) => `templates/docker/${stack}/${name}`)
        .filter((path) => !existsSync(join(ROOT, path))),
    );
    expect(missing).toEqual([]);
  });

  it("import nothing of the tool's but each other", () => {
    const imports = sourceFiles("src/stacks").flatMap((file) =>
      [...readFileSync(join(ROOT, file), "utf8").matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gm)]
        .map(([, from]) => from!)
        .filter((from) => !from.startsWith("node:") && !/^\.\/[\w-]+\.js$/.test(from))
        .map((from) => `${file}: ${from}`),
    );
    expect(imports).toEqual([]);
  });

  // The types let a profile offer a strategy whose pieces it lacks; this holds them together.
  it("offer only the feed strategies they have the pieces for", () => {
    for (const stack of STACKS) {
      const { feed } = STACK_PROFILES[stack];
      const offered = feedStrategiesOf(stack);
      const packs = offered.includes("ci-artifacts") || offered.includes("s3") || offered.includes("ecr-image");
      expect({ stack, packs: feed.pack !== null }).toEqual({ stack, packs });
      if (feed.credential === "feed-token" && offered.some((s) => s === "codeartifact" || s === "github-packages"))
        expect({ stack, registryFile: feed.registryFile !== null }).toEqual({ stack, registryFile: true });
    }
  });
});
