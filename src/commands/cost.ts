// `cost`: the monthly estimate of the stack the config describes, per environment and in total.
// Reads only the config; nothing is generated or written.
import { estimateCost } from "../cost/estimate.js";
import { UserError } from "../errors.js";
import { describeEstimate } from "../report/cost-report.js";
import { EXIT, type CommandContext, type ExitCode } from "./context.js";
import { loadProjectConfig, resolveProjectRoot } from "./load-project.js";

export interface CostOptions {
  /** One environment only; null for all of them, the shared resources and the total. */
  env: string | null;
  json: boolean;
}

export async function costCommand(ctx: CommandContext, options: CostOptions): Promise<ExitCode> {
  const root = await resolveProjectRoot(ctx.cwd);
  const config = await loadProjectConfig(root);
  const estimate = estimateCost(config);
  const names = estimate.environments.map((e) => e.name);
  if (options.env !== null && !names.includes(options.env)) {
    throw new UserError(`--env: "${options.env}" is not an environment of this stack.`, [
      `--env: use one of ${names.join(", ")}, or add it under "environments" in ecs-stack.config.json`,
    ]);
  }
  if (options.env === null) {
    ctx.stdout.write(options.json ? toJson(estimate) : describeEstimate(estimate, true));
    return EXIT.ok;
  }
  const env = estimate.environments.find((e) => e.name === options.env)!;
  const narrowed = { ...estimate, environments: [env], total: env.total };
  if (options.json) {
    // One environment: the account-wide lines are not part of its total, so they are left out.
    const { shared: _shared, ...rest } = narrowed;
    ctx.stdout.write(toJson(rest));
  } else {
    ctx.stdout.write(describeEstimate(narrowed, false));
  }
  return EXIT.ok;
}

const toJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
