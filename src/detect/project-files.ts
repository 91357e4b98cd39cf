// What every detector shares: the project's file list, a reader, and the shape of what a detector
// reports. A finding names the file it came from, so the user can check it ("found X in FILE").
import { readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import type { ConfigInput, Stack } from "../config/schema.js";
import type { FeedHint } from "./feed-hints.js";

export interface ProjectFiles {
  root: string;
  /** Project-relative paths of every file below the root, minus dependency and build folders. */
  files: string[];
  /** A project-relative file's text, or null when it is not there (any path, listed or not). */
  read(path: string): Promise<string | null>;
}

export interface Finding {
  what: string;
  file: string;
}

/** What one stack's detector made of the repository. */
export interface StackDetection {
  stack: Stack;
  findings: Finding[];
  /** Things the user should know that are not config: a gap in the repository, a choice made for them. */
  notes: string[];
  input: Partial<ConfigInput>;
  /** Private package sources, each with the feed strategy it suggests. */
  feedHints: FeedHint[];
  /** Project files that could be published when no service was recognised (.NET). */
  candidates: string[];
  /** The folder the app was found in when it is not the root's (a Python backend/ beside a frontend/). */
  folder?: string;
}

export const found = (what: string, file: string): Finding => ({ what, file });

/** Said when a web service's source shows no health route: what the load balancer will probe anyway. */
export const unprobedHealthNote = (service: string, path: string): string =>
  `"${service}" shows no health route in its source; the load balancer will probe ${path}, which the app must answer with a 2xx or 3xx (or set services[].healthCheckPath to a route it has)`;

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
  "coverage",
  ".venv",
  "venv",
  "__pycache__",
]);
const MAX_DEPTH = 5;

export async function listProjectFiles(root: string): Promise<ProjectFiles> {
  const files: string[] = [];
  const walk = async (dir: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(rel, depth + 1);
      else if (entry.isFile()) files.push(rel);
    }
  };
  await walk("", 0);
  files.sort();
  return { root, files, read: (path) => readFile(join(root, path), "utf8").catch(() => null) };
}

/** The longest project name AWS resource names leave room for (schema: `project`). */
const PROJECT_NAME_MAX = 20;

/**
 * A resource-safe project name from a repository, folder or package name ("@acme/Shop_Web" ->
 * "shop-web"). A long name loses whole words from its end ("create-nodejs-express-app" ->
 * "create-nodejs"), so it never stops mid-word.
 */
export function projectNameFrom(raw: string): string {
  const words = raw
    .replace(/^@[^/]+\//, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .split("-")
    .filter(Boolean);
  while (words.length > 1 && words.join("-").length > PROJECT_NAME_MAX) words.pop();
  const name = words.join("-").slice(0, PROJECT_NAME_MAX);
  return name.length >= 2 ? name : "app";
}

/** Package and solution names that say nothing about the project ("root", "monorepo"). */
const PLACEHOLDER_NAMES = new Set(["root", "app", "monorepo", "workspace", "workspaces", "project", "my-app"]);

export const isPlaceholderName = (name: string): boolean => PLACEHOLDER_NAMES.has(projectNameFrom(name));

/**
 * The project name init proposes: the GitHub repository's name, else the name the stack's own
 * files give (package.json, the solution) unless it is a placeholder, else the folder's.
 */
export function proposedProjectName(candidates: {
  repository?: string | null;
  own?: string | null;
  folder: string;
}): string {
  const repositoryName = candidates.repository?.split("/")[1];
  if (repositoryName) return projectNameFrom(repositoryName);
  if (candidates.own && !isPlaceholderName(candidates.own)) return projectNameFrom(candidates.own);
  return projectNameFrom(candidates.folder);
}

/** `dir/../x/y.csproj` as a project-relative path, or null when it leaves the project. */
export function joinProjectPath(dir: string, relative: string): string | null {
  const joined = posix.normalize(posix.join(dir, relative.replace(/\\/g, "/")));
  return joined.startsWith("../") || joined === ".." ? null : joined.replace(/^\.\//, "");
}

/** `a/b/c.txt` -> ["a/b", "a", "."]: the folders an MSBuild or npm lookup walks up through. */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let dir = posix.dirname(path); ; dir = posix.dirname(dir)) {
    out.push(dir);
    if (dir === ".") return out;
  }
}
