// `generate`: make the files follow ecs-stack.config.json, keeping the user's edits. Files that
// need the user (conflicts, unresolved markers, files that are not ours) make the exit code 1,
// but every other file is still written, and the lock records the open conflicts.
import type { Config } from "../config/normalise.js";
import { configWarnings } from "../config/rules.js";
import { needsAttention, type ConflictStyle } from "../reconcile/reconcile.js";
import { applyRun, planRun, type PlannedRun } from "../reconcile/run.js";
import { configWarning, describeAttention, describeGenerate } from "../report/run-report.js";
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
  if (!options.dryRun) await applyRun(root, run, options.extraFiles);
  const listChanges = options.listChanges !== false;
  ctx.stdout.write(describeGenerate(run.changes, run.base.repaired, { dryRun: options.dryRun, listChanges }));
  const attention = run.changes.filter(needsAttention);
  if (attention.length === 0) return EXIT.ok;
  ctx.stderr.write(describeAttention(attention, options.dryRun));
  return EXIT.drift;
}

/** Not errors, so every command that reads the config says them and goes on (init, generate, check). */
export function writeConfigWarnings(ctx: CommandContext, config: Config): void {
  for (const warning of configWarnings(config)) ctx.stderr.write(configWarning(warning));
}
