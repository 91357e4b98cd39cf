// `generate`: make the files follow ecs-stack.config.json, keeping the user's edits. Files that
// need the user (conflicts, unresolved markers, files that are not ours) make the exit code 1,
// but every other file is still written, and the lock records the open conflicts.
import type { Config } from "../config/normalise.js";
import { configWarnings } from "../config/rules.js";
import { needsAttention, type ConflictStyle } from "../reconcile/reconcile.js";
import { applyRun, planRun, type PlannedRun } from "../reconcile/run.js";
import { countBy, describeBaseRepairs, describeChanges } from "../report/report.js";
import { EXIT, type CommandContext, type ExitCode } from "./context.js";
import { loadProjectConfig, resolveProjectRoot } from "./load-project.js";

export interface GenerateOptions {
  dryRun: boolean;
  /** Recreate generated files the user deleted. */
  restore?: boolean;
  conflictStyle?: ConflictStyle;
}

export async function generateCommand(ctx: CommandContext, options: GenerateOptions): Promise<ExitCode> {
  const root = await resolveProjectRoot(ctx.cwd);
  const config = await loadProjectConfig(root);
  return writeStack(ctx, root, config, { ...options, extraFiles: [] });
}

/** Shared with init, which also writes the config file in the same step. */
export async function writeStack(
  ctx: CommandContext,
  root: string,
  config: Config,
  options: GenerateOptions & {
    extraFiles: { path: string; content: string }[];
    /** A run already planned for this config (init plans it to show the files before asking). */
    planned?: PlannedRun;
    /** false: only the counts, when the files were listed just before. */
    listChanges?: boolean;
  },
): Promise<ExitCode> {
  writeConfigWarnings(ctx, config);
  const run =
    options.planned ??
    (await planRun(root, config, { restore: options.restore, conflictStyle: options.conflictStyle }));
  const attention = run.changes.filter(needsAttention);
  const listed = options.listChanges === false ? "" : describeChanges(run.changes, options.dryRun);
  const summary = [listed, describeBaseRepairs(run.base.repaired, options.dryRun)].filter(Boolean).join("\n");
  if (options.dryRun) {
    ctx.stdout.write(summary ? `Dry run, nothing written:\n${summary}\n` : "Dry run: everything is up to date.\n");
  } else {
    await applyRun(root, run, options.extraFiles);
    if (summary) ctx.stdout.write(`${summary}\n${countBy(run.changes)}.\n`);
    else ctx.stdout.write(options.listChanges === false ? `${countBy(run.changes)}.\n` : "Everything is up to date.\n");
  }
  if (attention.length === 0) return EXIT.ok;
  ctx.stderr.write(
    `${attention.length === 1 ? "1 file needs" : `${attention.length} files need`} your attention${options.dryRun ? "" : "; everything else was written"}:\n${describeChanges(attention, options.dryRun)}\n`,
  );
  return EXIT.drift;
}

/** Not errors, so every command that reads the config says them and goes on (init, generate, check). */
export function writeConfigWarnings(ctx: CommandContext, config: Config): void {
  for (const warning of configWarnings(config)) ctx.stderr.write(`warning: ${warning}\n`);
}
