import type { StackPlan } from "./stack-plan.js";

/** One file a generator wants: rendered from a template, or serialised from a typed object. */
export type PlannedFile = { path: string; template: string; view: object } | { path: string; json: unknown };

/** An artifact family: a pure function from the stack plan to the files it owns. */
export interface Generator {
  name: string;
  description: string;
  plan(plan: StackPlan): PlannedFile[];
}
