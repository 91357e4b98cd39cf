// How results read on a terminal. The only place that words what a run did.
import { createTwoFilesPatch } from "diff";
import type { BaseCopies } from "../reconcile/base.js";
import { BASE_DIR } from "../reconcile/lock.js";
import type { Change, ChangeAction } from "../reconcile/reconcile.js";

const VERBS: Record<ChangeAction, string> = {
  create: "created",
  update: "updated",
  unchanged: "unchanged",
  "keep-edit": "kept your edit",
  merge: "merged with your edit",
  conflict: "CONFLICT",
  unresolved: "UNRESOLVED CONFLICT",
  foreign: "NOT OURS, left alone",
  delete: "deleted",
  "keep-orphan": "kept (no longer generated)",
  "keep-deleted": "kept deleted",
  skip: "skipped",
};

const DRY_VERBS: Partial<Record<ChangeAction, string>> = {
  create: "would create",
  update: "would update",
  merge: "would merge with your edit",
  conflict: "would CONFLICT",
  delete: "would delete",
};

/** One line per file that is not simply unchanged. */
export function describeChanges(changes: Change[], dryRun = false): string {
  return changes
    .filter((c) => c.action !== "unchanged")
    .map(
      (c) =>
        `  ${((dryRun && DRY_VERBS[c.action]) || VERBS[c.action]).padEnd(26)} ${c.path}${c.action === "create" || c.action === "update" || c.action === "delete" ? "" : `  (${c.reason})`}`,
    )
    .join("\n");
}

/**
 * Copies in .ecs-stack/base/ a run puts right; the copies that simply follow their files are not
 * listed, like the lock. Many at once (the folder deleted, or written by a version that kept
 * none) make one entry.
 */
function baseRepairs(repaired: BaseCopies["repaired"]): { action: "restore" | "remove"; path: string; why: string }[] {
  const why = {
    restore: "the tool's copy of what it generated last time is missing or edited",
    remove: "a copy the lock does not keep",
  } as const;
  if (repaired.length > 3 && repaired.every((r) => r.action === "restore"))
    return [
      {
        action: "restore",
        path: `${BASE_DIR}/`,
        why: `${repaired.length} copies of what the tool generated last time are missing or edited`,
      },
    ];
  return repaired.map((r) => ({ ...r, why: why[r.action] }));
}

export function describeBaseRepairs(repaired: BaseCopies["repaired"], dryRun = false): string {
  const verbs = dryRun
    ? { restore: "would restore", remove: "would delete" }
    : { restore: "restored", remove: "deleted" };
  return baseRepairs(repaired)
    .map((r) => `  ${verbs[r.action].padEnd(26)} ${r.path}  (${r.why})`)
    .join("\n");
}

/** check's reasons for the same copies. */
export function baseRepairReasons(repaired: BaseCopies["repaired"]): string[] {
  const verbs = { restore: "would be restored", remove: "would be deleted" };
  return baseRepairs(repaired).map((r) => `${r.path}: ${verbs[r.action]} (${r.why})`);
}

/**
 * Unified diff from what is on disk to what the run writes, with git-style a/ b/ names; a
 * sidecar conflict shows the sidecar against the file it belongs to.
 */
export function unifiedDiff(change: Change): string {
  const before = change.current ?? "";
  const after = change.sidecar?.content ?? change.next ?? "";
  const patch = createTwoFilesPatch(
    change.current === null ? "/dev/null" : `a/${change.path}`,
    change.sidecar ? `b/${change.sidecar.path}` : change.next === null ? "/dev/null" : `b/${change.path}`,
    before,
    after,
    "",
    "",
    { context: 3 },
  );
  // Drop the "Index:" / "====" preamble that the diff package adds.
  return patch.replace(/^Index:.*\n=+\n/, "");
}

export function countBy(changes: Change[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(VERBS[c.action], (counts.get(VERBS[c.action]) ?? 0) + 1);
  return [...counts.entries()].map(([verb, n]) => `${n} ${verb}`).join(", ");
}
