// config -> stack plan -> planned files -> in-memory tree -> format. Pure apart from reading
// templates: no prompts, no writes, so every command (generate, check, diff, dry runs) and every
// test shares it. The stack plan is computed once here and handed to every family.
import { GENERATORS } from "../generators/index.js";
import type { Config } from "./config/normalise.js";
import { formatTree } from "./format/format.js";
import { planStack, type StackPlan } from "./plan/stack-plan.js";
import type { Generator, PlannedFile } from "./plan/types.js";
import { renderIntoTree } from "./render/render-action.js";
import { FileTree } from "./tree/tree.js";

/** Every family's files for one stack plan. */
export function planFiles(plan: StackPlan, generators: readonly Generator[] = GENERATORS): PlannedFile[] {
  return generators.flatMap((g) => g.plan(plan));
}

/** Every planned file rendered from its template or object, before formatting. */
export function renderStack(config: Config, generators: readonly Generator[] = GENERATORS): FileTree {
  const tree = new FileTree();
  for (const file of planFiles(planStack(config), generators)) renderIntoTree(tree, file);
  return tree;
}

export async function createStack(config: Config, generators: readonly Generator[] = GENERATORS): Promise<FileTree> {
  return formatTree(renderStack(config, generators));
}
