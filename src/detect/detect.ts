// What the repository already says, so init asks only what it cannot know. Each finding is
// reported as "found X in FILE". Detection proposes config input; the schema still decides.
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { ConfigInput } from "../config/schema.js";
import { detectDotnet } from "./dotnet.js";
import { detectNode } from "./node.js";
import { detectRails } from "./rails.js";

export interface Detection {
  findings: string[];
  input: Partial<ConfigInput>;
}

export interface ProjectFiles {
  root: string;
  /** Project-relative paths of every file below the root, minus dependency and build folders. */
  files: string[];
  read(path: string): Promise<string | null>;
}

const SKIPPED_DIRS = new Set([
  ".git",
  "node_modules",
  "bin",
  "obj",
  "dist",
  ".next",
  "vendor",
  "tmp",
  "log",
  "infra",
  ".terraform",
]);
const MAX_DEPTH = 5;

export async function listProjectFiles(root: string): Promise<ProjectFiles> {
  const files: string[] = [];
  const walk = async (dir: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(rel, depth + 1);
      else if (entry.isFile()) files.push(rel);
    }
  };
  await walk("", 0);
  files.sort();
  return { root, files, read: (path) => readFile(join(root, path), "utf8").catch(() => null) };
}

/** Tries each stack in turn; the first that recognises the repository wins. */
export async function detectProject(root: string): Promise<Detection> {
  const project = await listProjectFiles(root);
  for (const detect of [detectDotnet, detectNode, detectRails]) {
    const found = await detect(project);
    if (found)
      return {
        ...found,
        input: { project: projectNameFrom(found.input.project ?? basename(root)), ...withoutProject(found.input) },
      };
  }
  return { findings: [], input: { project: projectNameFrom(basename(root)) } };
}

/** A resource-safe project name from a folder or package name ("@acme/Shop_Web" -> "shop-web"). */
export function projectNameFrom(raw: string): string {
  const name = raw
    .replace(/^@[^/]+\//, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 20)
    .replace(/-+$/, "");
  return name.length >= 2 ? name : "app";
}

function withoutProject(input: Partial<ConfigInput>): Partial<ConfigInput> {
  const { project: _project, ...rest } = input;
  return rest;
}
