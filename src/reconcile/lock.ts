// .ecs-stack/lock.json: what the tool generated last time, so the next run can tell the user's
// edits from its own output. Sorted keys and no timestamps: an unchanged run leaves git clean.
import { createHash } from "node:crypto";
import type { Config } from "../config/normalise.js";
import type { FilePolicy } from "../config/schema.js";

export const LOCK_PATH = ".ecs-stack/lock.json";

/**
 * Pristine copies of what the tool generated last time, one per file whose policy is "merge", at
 * the file's own path below this folder: the base of the next three-way merge. Like the lock they
 * are the tool's files, committed and written with it; each is trusted only while its hash is the
 * lock's hash for that path.
 */
export const BASE_DIR = ".ecs-stack/base";

export function basePath(path: string): string {
  return `${BASE_DIR}/${path}`;
}

export interface LockedFile {
  /** sha256 of the pristine generated content (not of the file on disk). */
  hash: string;
  policy: FilePolicy;
}

/**
 * A merge that conflicted and is not resolved yet. The texts are kept (only while the conflict
 * is open) because the config may move on meanwhile: they are the merge's inputs, so a discarded
 * merge can be redone and a resolved one has the right base for the next merge.
 */
export interface ConflictRecord {
  path: string;
  /** What the tool generated before the conflicting change; null when that was unknown. */
  base: string | null;
  /** What the config produced when the conflict was written ("from config" in the markers). */
  generated: string;
  /** Hash of the user's file before the merge: seeing it again means the merge was discarded. */
  yours: string;
}

export interface Lock {
  lockVersion: 1;
  toolVersion: string;
  config: Omit<Config, "$schema">;
  files: Record<string, LockedFile>;
  /** Open conflicts, sorted by path; the key is absent when there are none. */
  conflicts?: ConflictRecord[];
}

export function hashContent(content: string): string {
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}

export function serialiseLock(lock: Lock): string {
  return `${JSON.stringify(sortKeys(lock), null, 2)}\n`;
}

/** Parses a lock; `null` when the text is not a lock this version understands. */
export function parseLock(text: string): Lock | null {
  try {
    const value = JSON.parse(text) as Partial<Lock>;
    if (value.lockVersion !== 1 || typeof value.files !== "object" || value.files === null) return null;
    if (value.conflicts !== undefined && !Array.isArray(value.conflicts)) return null;
    return value as Lock;
  } catch {
    return null;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
