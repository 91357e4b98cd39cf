// .ecs-stack/lock.json: what the tool generated last time, so the next run can tell the user's
// edits from its own output. Sorted keys and no timestamps: an unchanged run leaves git clean.
import { createHash } from "node:crypto";
import type { Config } from "../config/normalise.js";
import type { FilePolicy } from "../config/schema.js";

export const LOCK_PATH = ".ecs-stack/lock.json";

export interface LockedFile {
  /** sha256 of the pristine generated content (not of the file on disk). */
  hash: string;
  policy: FilePolicy;
}

export interface Lock {
  lockVersion: 1;
  toolVersion: string;
  config: Omit<Config, "$schema">;
  files: Record<string, LockedFile>;
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
