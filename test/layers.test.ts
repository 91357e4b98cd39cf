// Imports run one way: from the stages a value passes first to those it passes later. Each folder
// (and each artifact family in generators/) has a layer; a module may import from its own layer
// or an earlier one, never a later one, and the folders of one layer form no cycle. A family's
// helpers are its own: another folder imports a family only through its entry module.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

/** Earliest first; a folder may be listed before it exists. A file directly in src/ is a unit of its own. */
const LAYERS: readonly (readonly string[])[] = [
  // Stack profiles, and the leaf modules every stage may use.
  ["src/stacks", "src/errors.ts", "src/package-info.ts"],
  ["src/config"],
  ["src/plan"],
  ["src/cost"],
  // The artifact families: each reads the plan, none reaches into another.
  [
    "generators/docker",
    "generators/compose",
    "generators/terraform",
    "generators/task-definitions",
    "generators/workflows",
  ],
  // DEPLOY.md describes what the other families plan, and the estimate.
  ["generators/docs"],
  ["generators"],
  ["src/tree"],
  ["src/render", "src/format"],
  ["src/stack.ts"],
  ["src/reconcile"],
  ["src/detect"],
  ["src/report"],
  ["src/commands"],
  ["src/cli", "plopfile.ts"],
];

/**
 * generators/ keeps each family's modules side by side as `<family>.ts` (its entry: the generator)
 * and `<family>-<part>.ts`; a family in a folder of its own (generators/<family>/) is that folder.
 */
const FLAT_FAMILIES: Record<string, RegExp> = {
  docker: /^docker(-[\w-]+)?\.ts$/,
  compose: /^compose(-[\w-]+)?\.ts$/,
  terraform: /^terraform(-[\w-]+)?\.ts$/,
  "task-definitions": /^task-definitions(-[\w-]+)?\.ts$/,
  workflows: /^workflows?(-[\w-]+)?\.ts$/,
  docs: /^docs(-[\w-]+)?\.ts$/,
};

interface Edge {
  from: string;
  to: string;
  file: string;
  specifier: string;
  target: string;
}

function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith(".ts") ? [path] : [];
    });
  return [...walk("src"), ...walk("generators"), "plopfile.ts"];
}

/** The folder (or family, or top-level file) a module belongs to. */
function unitOf(file: string): string {
  const folder = dirname(file);
  if (folder === ".") return file;
  if (folder === "src") return file;
  if (folder === "generators") {
    const name = file.slice("generators/".length);
    const family = Object.entries(FLAT_FAMILIES).find(([, pattern]) => pattern.test(name));
    return family ? `generators/${family[0]}` : "generators";
  }
  return folder.split("/").slice(0, 2).join("/");
}

/** A family's entry module: the one other folders may import. */
function isFamilyEntry(unit: string, target: string): boolean {
  const family = unit.slice("generators/".length);
  return target === `${unit}.ts` || target === `${unit}/index.ts` || target === `${unit}/${family}.ts`;
}

function importEdges(files: string[]): Edge[] {
  return files.flatMap((file) => {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
    return info.importedFiles
      .filter((i) => i.fileName.startsWith("."))
      .map((i) => {
        const target = normalize(join(dirname(file), i.fileName)).replace(/\.js$/, ".ts");
        return { from: unitOf(file), to: unitOf(target), file, specifier: i.fileName, target };
      })
      .filter((e) => e.from !== e.to);
  });
}

const layerOf = (unit: string) => LAYERS.findIndex((layer) => layer.includes(unit));
const describeEdge = (e: Edge) => `${e.file} imports "${e.specifier}" (${e.from} -> ${e.to})`;

/** One cycle (as its edges) for each back edge a depth-first walk meets; one edge per pair of folders. */
function cycles(edges: Edge[]): Edge[][] {
  const out = new Map<string, Edge[]>();
  for (const e of edges) {
    const from = out.get(e.from) ?? [];
    if (!from.some((f) => f.to === e.to)) out.set(e.from, [...from, e]);
  }
  const state = new Map<string, "open" | "done">();
  const found: Edge[][] = [];
  const visit = (unit: string, path: Edge[]) => {
    state.set(unit, "open");
    for (const e of out.get(unit) ?? []) {
      if (state.get(e.to) === "open") found.push([...path.slice(path.findIndex((p) => p.from === e.to)), e]);
      else if (!state.has(e.to)) visit(e.to, [...path, e]);
    }
    state.set(unit, "done");
  };
  for (const unit of out.keys()) if (!state.has(unit)) visit(unit, []);
  return found;
}

describe("imports between folders", () => {
  const files = sourceFiles();
  const edges = importEdges(files);

  it("gives every folder a layer", () => {
    const units = [...new Set(files.map(unitOf))];
    expect(units.filter((u) => layerOf(u) < 0).map((u) => `${u}: add it to LAYERS`)).toEqual([]);
  });

  it("imports only from the same or an earlier layer", () => {
    const back = edges.filter((e) => layerOf(e.to) > layerOf(e.from));
    expect(back.map(describeEdge)).toEqual([]);
  });

  it("has no cycle between the folders of one layer", () => {
    const peers = edges.filter((e) => layerOf(e.to) === layerOf(e.from));
    expect(cycles(peers).map((cycle) => cycle.map(describeEdge).join("; "))).toEqual([]);
  });

  it("imports an artifact family only through its entry module", () => {
    const helpers = edges.filter(
      (e) => e.to.startsWith("generators/") && e.to !== "generators" && !isFamilyEntry(e.to, e.target),
    );
    expect(helpers.map(describeEdge)).toEqual([]);
  });

  it("finds a cycle, naming each import in it (the check itself)", () => {
    const edge = (from: string, to: string): Edge => ({
      from,
      to,
      file: `${from}/a.ts`,
      specifier: `../${to.split("/").pop()}/b.js`,
      target: `${to}/b.ts`,
    });
    const found = cycles([
      edge("src/a", "src/b"),
      edge("src/b", "src/c"),
      edge("src/c", "src/b"),
      edge("src/a", "src/c"),
    ]);
    expect(found.map((cycle) => cycle.map(describeEdge))).toEqual([
      ['src/b/a.ts imports "../c/b.js" (src/b -> src/c)', 'src/c/a.ts imports "../b/b.js" (src/c -> src/b)'],
    ]);
  });
});
