// "What was generated and why" in docs/DEPLOY.md: the files the other generators plan for this
// config, one row per file or per group (the Terraform modules, a root, the task definitions), each
// with the reason its family gave when it planned the file (PlannedFile.doc).
import type { StackPlan } from "../src/plan/stack-plan.js";
import type { Generator } from "../src/plan/types.js";
import { composeGenerator } from "./compose.js";
import { dockerGenerator } from "./docker.js";
import { taskDefinitionsGenerator } from "./task-definitions.js";
import { terraformGenerator } from "./terraform.js";
import { workflowsGenerator } from "./workflows.js";

export const DEPLOY_DOC = "docs/DEPLOY.md";
/** DEPLOY.md's own reason, which the docs family gives its file and the table its last rows. */
export const DEPLOY_DOC_WHY = "this page";

export interface GeneratedRow {
  path: string;
  why: string;
}

// Not generators/index.ts: that list includes the docs generator itself.
const DOCUMENTED: readonly Generator[] = [
  dockerGenerator,
  composeGenerator,
  terraformGenerator,
  taskDefinitionsGenerator,
  workflowsGenerator,
];

export function generatedRows(plan: StackPlan): GeneratedRow[] {
  const rows = new Map<string, GeneratedRow>();
  for (const { doc } of DOCUMENTED.flatMap((g) => g.plan(plan))) {
    if (!rows.has(doc.row)) rows.set(doc.row, { path: doc.row, why: doc.why });
  }
  const adopted = plan.images.filter((image) => image.adopted);
  return [
    ...adopted.map((image) => ({
      path: image.dockerfile,
      why: "yours, adopted: the image is built from it as it is; the tool never writes it, and the port follows its EXPOSE",
    })),
    ...rows.values(),
    { path: DEPLOY_DOC, why: DEPLOY_DOC_WHY },
    { path: "ecs-stack.config.json", why: "your config: edit it, then run `npx create-ecs-stack generate`" },
    {
      path: ".ecs-stack/",
      why: "the tool's record of what it generated, so your edits survive the next generate (commit it, do not edit it)",
    },
  ];
}
