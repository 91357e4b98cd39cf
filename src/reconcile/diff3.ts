// A small line-based three-way merge (diff3) over the `diff` package's LCS. Each side is diffed
// against the base; changes of one side only are taken, changes of both sides to the same (or
// touching) base lines are a conflict unless both sides made the same change.
import { diffArrays } from "diff";

export interface MergeLabels {
  yours: string;
  base: string;
  theirs: string;
}

export const MERGE_LABELS: MergeLabels = { yours: "yours", base: "last generated", theirs: "from config" };

export interface MergeResult {
  /** The merged text; conflicting regions carry diff3-style markers. */
  text: string;
  conflicts: number;
}

type Side = "yours" | "theirs";

/** A replacement of base lines [start, end) by `lines`, made by one side. */
interface Hunk {
  side: Side;
  start: number;
  end: number;
  lines: string[];
}

/** Lines with their terminators, so a missing final newline survives the merge. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** True when the text holds diff3 markers, e.g. from an earlier conflict nobody resolved yet. */
export function hasConflictMarkers(text: string): boolean {
  return /^<{7}(?: |$)/m.test(text) && /^>{7}(?: |$)/m.test(text);
}

export function merge3(yours: string, base: string, theirs: string, labels = MERGE_LABELS): MergeResult {
  const o = splitLines(base);
  const pending = [...hunks(o, splitLines(yours), "yours"), ...hunks(o, splitLines(theirs), "theirs")].sort(
    (x, y) => x.start - y.start || x.end - y.end,
  );
  const out: string[] = [];
  let cursor = 0;
  let conflicts = 0;
  while (pending.length > 0) {
    // A region is a run of hunks that overlap or touch; touching counts, as in git, because
    // edits to neighbouring lines often belong together.
    const first = pending.shift()!;
    const region = [first];
    const start = first.start;
    let end = first.end;
    while (pending.length > 0 && pending[0]!.start <= end) {
      const next = pending.shift()!;
      region.push(next);
      end = Math.max(end, next.end);
    }
    out.push(...o.slice(cursor, start));
    const mine = applyHunks(o, start, end, region, "yours");
    const other = applyHunks(o, start, end, region, "theirs");
    if (!region.some((h) => h.side === "theirs")) out.push(...mine);
    else if (!region.some((h) => h.side === "yours")) out.push(...other);
    else if (mine.join("") === other.join("")) out.push(...mine);
    else {
      conflicts += 1;
      out.push(conflictBlock(mine, o.slice(start, end), other, labels));
    }
    cursor = end;
  }
  out.push(...o.slice(cursor));
  return { text: out.join(""), conflicts };
}

/** The changes that turn `base` into `other`, as hunks of consecutive removed/added lines. */
function hunks(base: string[], other: string[], side: Side): Hunk[] {
  const out: Hunk[] = [];
  let index = 0;
  let open: Hunk | null = null;
  for (const part of diffArrays(base, other)) {
    if (!part.added && !part.removed) {
      open = null;
      index += part.count;
      continue;
    }
    if (open === null) {
      open = { side, start: index, end: index, lines: [] };
      out.push(open);
    }
    if (part.removed) {
      index += part.count;
      open.end = index;
    } else open.lines.push(...part.value);
  }
  return out;
}

/** Base lines [start, end) with one side's hunks of the region applied. */
function applyHunks(base: string[], start: number, end: number, region: Hunk[], side: Side): string[] {
  const out: string[] = [];
  let i = start;
  for (const h of region.filter((h) => h.side === side)) {
    out.push(...base.slice(i, h.start), ...h.lines);
    i = h.end;
  }
  out.push(...base.slice(i, end));
  return out;
}

function conflictBlock(mine: string[], base: string[], other: string[], labels: MergeLabels): string {
  // A marker must start its own line even when a side ends without a newline.
  const section = (lines: string[]) => {
    const text = lines.join("");
    return text === "" || text.endsWith("\n") ? text : `${text}\n`;
  };
  return [
    `<<<<<<< ${labels.yours}\n${section(mine)}`,
    `||||||| ${labels.base}\n${section(base)}`,
    `=======\n${section(other)}`,
    `>>>>>>> ${labels.theirs}\n`,
  ].join("");
}
