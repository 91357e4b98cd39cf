// plop registration of the generators, for code that drives them through node-plop with a parsed
// config and a tree (test/plop.test.ts holds it equal to the CLI's output). Every file goes through
// one custom action that renders into an in-memory tree; plop's own add/addMany write straight to
// disk with no dry run, so they are not used. The CLI calls the same generators and action without
// loading plop (and its prompt library) at all, which keeps `check` fast. Users generate with the
// CLI, which also merges their edits; `npx plop <family>` by hand has no config to render from, so
// it is told that instead of failing on a missing field. node-plop is a development dependency:
// nothing the CLI runs imports it.
import type { NodePlopAPI } from "node-plop";
import { GENERATORS } from "./generators/index.js";
import type { Config } from "./src/config/normalise.js";
import { planStack } from "./src/plan/stack-plan.js";
import type { PlannedFile } from "./src/plan/types.js";
import { renderIntoTree } from "./src/render/render-action.js";
import type { FileTree } from "./src/tree/tree.js";

export const RENDER_ACTION = "ecs-stack:render";

const NO_CONFIG =
  "these generators render a parsed config into a tree for node-plop callers; to generate files, run `npx create-ecs-stack generate` in the project";

/** What a caller passes to `runActions`: the parsed config, and the tree to render into. */
export interface PlopAnswers {
  config: Config;
  tree: FileTree;
}

export default function registerGenerators(plop: NodePlopAPI): void {
  plop.setActionType(RENDER_ACTION, (answers, action) => {
    const { tree } = answers as PlopAnswers;
    const file = (action as unknown as { file: PlannedFile }).file;
    renderIntoTree(tree, file);
    return file.path;
  });
  for (const generator of GENERATORS) {
    plop.setGenerator(generator.name, {
      description: generator.description,
      prompts: [],
      actions: (answers) => {
        const { config } = (answers ?? {}) as Partial<PlopAnswers>;
        if (!config) throw new Error(NO_CONFIG);
        return generator.plan(planStack(config)).map((file) => ({ type: RENDER_ACTION, file }));
      },
    });
  }
}
