// The one action every generator's files go through, from the CLI pipeline and from plop alike.
import type { PlannedFile } from "../plan/types.js";
import type { FileTree } from "../tree/tree.js";
import { renderTemplate } from "./templates.js";

export function renderPlannedFile(file: PlannedFile): string {
  return "template" in file ? renderTemplate(file.template, file.view) : `${JSON.stringify(file.json, null, 2)}\n`;
}

export function renderIntoTree(tree: FileTree, file: PlannedFile): void {
  tree.add(file.path, renderPlannedFile(file));
}
