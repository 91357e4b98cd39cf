import type { StackPlan } from "./stack-plan.js";

/** One file a generator wants: rendered from a template, or serialised from a typed object. */
/**
 * What docs/DEPLOY.md's table of generated files says of a file: the row it belongs to (its own
 * path, or a folder for a group of files such as the Terraform modules) and why the file exists.
 */
export interface FileDoc {
  row: string;
  why: string;
}

/** A file before its family says why: rendered from a template, or serialised from a typed object. */
export type RenderedFile = { path: string; template: string; view: object } | { path: string; json: unknown };

/** A file a family generates, and why it exists. */
export type PlannedFile = RenderedFile & { doc: FileDoc };

/** The files, each with the same row and reason (a folder of modules, one root). */
export function documented(doc: FileDoc, files: RenderedFile[]): PlannedFile[] {
  return files.map((file) => ({ ...file, doc }));
}

/** A file that is its own row. */
export function documentedFile(why: string, file: RenderedFile): PlannedFile {
  return { ...file, doc: { row: file.path, why } };
}

/** An artifact family: a pure function from the stack plan to the files it owns. */
export interface Generator {
  name: string;
  description: string;
  plan(plan: StackPlan): PlannedFile[];
}
