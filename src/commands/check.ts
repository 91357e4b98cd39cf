// `check` and `diff`: what `generate` would change, as a unified diff. `check` adds the verdict
// for CI: exit 1 when files drift, the config moved since the last generate, the lock came from
// another version of the tool, a conflict is open, or a copy in .ecs-stack/base/ is missing or
// edited; with --strict, kept edits fail too.
import { TOOL_VERSION } from "../package-info.js";
import { serialiseLock } from "../reconcile/lock.js";
import type { Change, ChangeAction } from "../reconcile/reconcile.js";
import { planRun, type PlannedRun } from "../reconcile/run.js";
import { baseRepairReasons, unifiedDiff } from "../report/report.js";
import {
  checkJson,
  describeVerdict,
  driftReason,
  keptEditLine,
  LOCK_REASONS,
  strictReason,
} from "../report/run-report.js";
import { EXIT, type CommandContext, type ExitCode } from "./context.js";
import { writeConfigWarnings } from "./generate.js";
import { loadProjectConfig, resolveProjectRoot } from "./load-project.js";

export interface CheckOptions {
  json: boolean;
  /** `diff` prints the same diff without failing. */
  verdict: boolean;
  /** Kept edits (edited, orphaned or deleted generated files) fail the check too. */
  strict?: boolean;
}

const DRIFT: ChangeAction[] = ["create", "update", "merge", "delete", "conflict", "unresolved", "foreign"];
const KEPT: ChangeAction[] = ["keep-edit", "keep-orphan", "keep-deleted"];

export async function checkCommand(ctx: CommandContext, options: CheckOptions): Promise<ExitCode> {
  const root = await resolveProjectRoot(ctx.cwd);
  const config = await loadProjectConfig(root);
  writeConfigWarnings(ctx, config);
  const run = await planRun(root, config);
  const drift = run.changes.filter((c) => DRIFT.includes(c.action));
  const keptEdits = run.changes.filter((c) => KEPT.includes(c.action));
  const reasons = [
    ...lockReasons(run),
    ...drift.map(driftReason),
    // A copy in .ecs-stack/base/ that generate would put right, so the repository is not clean.
    ...baseRepairReasons(run.base.repaired),
    ...(options.strict ? keptEdits.map(strictReason) : []),
  ];
  const inSync = reasons.length === 0;
  // Unresolved and foreign files are not rewritten, so they have no diff to show.
  const shown = drift.filter((c) => c.next !== null || c.sidecar || c.action === "delete");

  if (options.json) {
    ctx.stdout.write(checkJson({ inSync, reasons, drift, shown, keptEdits }));
  } else {
    for (const c of shown) ctx.stdout.write(unifiedDiff(c));
    for (const c of keptEdits) ctx.stderr.write(keptEditLine(c));
    if (options.verdict) ctx.stderr.write(describeVerdict(reasons));
  }
  return options.verdict && !inSync ? EXIT.drift : EXIT.ok;
}

/** What the lock alone says: missing, from another version, behind the config, open conflicts. */
function lockReasons(run: PlannedRun): string[] {
  const previous = run.previousLock;
  if (previous === null) return [LOCK_REASONS.missing];
  const reasons: string[] = [];
  if (previous.toolVersion !== TOOL_VERSION)
    reasons.push(LOCK_REASONS.otherVersion(previous.toolVersion, TOOL_VERSION));
  if (serialiseLock({ ...previous, config: run.lock.config }) !== serialiseLock(previous)) {
    reasons.push(LOCK_REASONS.configChanged);
  }
  const reported = new Set(run.changes.filter((c) => c.action === "unresolved").map((c) => c.path));
  for (const c of (previous.conflicts ?? []).filter((c) => !reported.has(c.path))) {
    reasons.push(LOCK_REASONS.openConflict(c.path));
  }
  return reasons;
}
