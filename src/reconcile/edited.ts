// A generated file whose content on disk differs from today's output: keep the edit, update it,
// three-way merge it, or report a conflict that is still open.
import type { FilePolicy } from "../config/schema.js";
import { hasConflictMarkers, merge3 } from "./diff3.js";
import { basePath, hashContent, type ConflictRecord } from "./lock.js";
import type { Change, ChangeAction, ConflictStyle } from "./reconcile.js";

/** --conflict=sidecar writes the merge with markers beside the file, under this suffix. */
export const SIDECAR_SUFFIX = ".ecs-stack-new";

/** What the tool generated last time for a path, and where it was found. */
export interface KnownBase {
  text: string;
  /** "stored": the copy in .ecs-stack/base/; "re-rendered": from the lock's config, the copy being unusable. */
  source: "stored" | "re-rendered";
}

export interface EditedInput {
  path: string;
  generated: string;
  current: string;
  /** The lock's hash of what was generated last time. */
  lockedHash: string;
  policy: FilePolicy;
  sidecarOnDisk: boolean;
  /** The lock's open conflict for this path, if any. */
  record: ConflictRecord | null;
}

export function decideEdited(
  input: EditedInput,
  lastGenerated: (path: string) => KnownBase | null,
  style: ConflictStyle,
): Change {
  const { path, generated, current, lockedHash, policy, record } = input;
  const change = (action: ChangeAction, next: string | null, reason: string, locked = hashContent(generated)) => ({
    path,
    action,
    current,
    next,
    policy,
    reason,
    locked: { hash: locked },
  });
  // Merging a file that still has markers would nest them; the user resolves it first. The lock
  // keeps what the markers were made from, so the next merge after the resolution is right.
  if (hasConflictMarkers(current) || (record !== null && input.sidecarOnDisk)) {
    const open = change(
      "unresolved",
      null,
      input.sidecarOnDisk
        ? `resolve the conflict: merge ${path}${SIDECAR_SUFFIX} into it, delete the sidecar, then run again`
        : "resolve the conflict markers in it, then run again",
      lockedHash,
    );
    return record ? { ...open, locked: { hash: lockedHash, conflict: record } } : open;
  }
  const currentHash = hashContent(current);
  let base: string | null;
  // Said in the reason of a merge or conflict when the stored copy could not be used.
  let note = "";
  if (record !== null) {
    // Back at the pre-merge content: the merge was discarded (git checkout), so merge again
    // against the old base. Anything else is the user's resolution of the conflict.
    base = currentHash === record.yours ? record.base : record.generated;
  } else {
    if (currentHash === lockedHash) return change("update", generated, "follows the config");
    if (hashContent(generated) === lockedHash)
      return change("keep-edit", null, "you edited it; the generated content did not change, so your edit stays");
    const known = lastGenerated(path);
    base = known?.text ?? null;
    if (known === null)
      note = ` (the last generated version is unknown: ${basePath(path)} is missing or does not match the lock, and the lock's config renders differently today)`;
    else if (known.source === "re-rendered")
      note = ` (the last generated version was re-rendered from the lock's config: ${basePath(path)} is missing or does not match the lock)`;
  }
  if (base === generated)
    return change("keep-edit", null, "you edited it; the generated content did not change, so your edit stays");
  if (base === null && note === "") note = " (the last generated version is unknown)";
  return mergeChange(input, base, style, note);
}

function mergeChange(input: EditedInput, base: string | null, style: ConflictStyle, note: string): Change {
  const { path, generated, current, policy } = input;
  // Without the old output (no intact copy, and an upgrade changed the template) the base is empty: every
  // difference between the two sides is then a conflict for the user to decide.
  const merged = merge3(current, base ?? "", generated);
  const hash = hashContent(generated);
  const common = { path, current, policy };
  if (merged.conflicts === 0) {
    return merged.text === current
      ? { ...common, action: "keep-edit", next: null, reason: "your edit already has the change", locked: { hash } }
      : {
          ...common,
          action: "merge",
          next: merged.text,
          reason: `your edit and the change merged${note}`,
          locked: { hash },
        };
  }
  const conflict: ConflictRecord = { path, base, generated, yours: hashContent(current) };
  const where = style === "sidecar" ? `${path}${SIDECAR_SUFFIX}` : path;
  return {
    ...common,
    action: "conflict",
    next: style === "sidecar" ? null : merged.text,
    ...(style === "sidecar" ? { sidecar: { path: where, content: merged.text } } : {}),
    reason: `you edited lines the config changes${note}: ${
      style === "sidecar"
        ? `merge ${where} into the file and delete it`
        : "resolve the markers (yours, last generated, from config)"
    }, then run again`,
    locked: { hash, conflict },
  };
}
