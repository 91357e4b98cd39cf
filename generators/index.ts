// Every artifact family, in the order their files are planned. Adding a family: write a module
// with `plan(stackPlan)`, its templates under templates/<family>/, and list it here.
import type { Generator } from "../src/plan/types.js";
import { composeGenerator } from "./compose.js";
import { dockerGenerator } from "./docker.js";
import { docsGenerator } from "./docs.js";
import { taskDefinitionsGenerator } from "./task-definitions.js";
import { terraformGenerator } from "./terraform.js";
import { workflowsGenerator } from "./workflows.js";

export const GENERATORS: readonly Generator[] = [
  dockerGenerator,
  composeGenerator,
  terraformGenerator,
  taskDefinitionsGenerator,
  workflowsGenerator,
  docsGenerator,
];
