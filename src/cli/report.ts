// How results read on a terminal. The only place that words what a run did.
import { createTwoFilesPatch } from "diff";
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
