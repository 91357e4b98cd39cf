// `generate`: make the files follow ecs-stack.config.json, keeping the user's edits.
import { EXIT, type CommandContext, type ExitCode } from "../cli/context.js";
import { countBy, describeChanges } from "../cli/report.js";
import type { Config } from "../config/normalise.js";
import { configWarnings } from "../config/rules.js";
import { applyChanges } from "../reconcile/disk.js";
import { LOCK_PATH } from "../reconcile/lock.js";
import { isWrite } from "../reconcile/reconcile.js";
import { planRun } from "../reconcile/run.js";
import { loadProjectConfig, resolveProjectRoot } from "./load-project.js";

export interface GenerateOptions {
  dryRun: boolean;
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
  options: GenerateOptions & { extraFiles: { path: string; content: string }[] },
): Promise<ExitCode> {
  for (const warning of configWarnings(config)) ctx.stderr.write(`warning: ${warning}\n`);
  const run = await planRun(root, config);
  const conflicts = run.changes.filter((c) => c.action === "conflict");
  if (conflicts.length > 0) {
    ctx.stderr.write(
      `Nothing was written: ${conflicts.length === 1 ? "1 file needs" : `${conflicts.length} files need`} your attention.\n`,
    );
    ctx.stderr.write(`${describeChanges(conflicts)}\n`);
    return EXIT.drift;
  }
  const summary = describeChanges(run.changes, options.dryRun);
  if (options.dryRun) {
    ctx.stdout.write(summary ? `Dry run, nothing written:\n${summary}\n` : "Dry run: everything is up to date.\n");
    return EXIT.ok;
  }
  const writesLock = run.lockChanged || run.changes.some(isWrite);
  const extra = [...options.extraFiles, ...(writesLock ? [{ path: LOCK_PATH, content: run.lockText }] : [])];
  await applyChanges(root, run.changes, extra);
  ctx.stdout.write(summary ? `${summary}\n${countBy(run.changes)}.\n` : "Everything is up to date.\n");
  return EXIT.ok;
}
