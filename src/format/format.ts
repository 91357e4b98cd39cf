// Every YAML, JSON and Markdown file the tool writes is in prettier's layout, so a repository
// that runs prettier finds nothing to change in them, yet no formatter loads at run time: the
// templates write prettier's layout themselves, and what a template cannot know (the width of a
// value, a table's columns) is settled here by a small printer per language. Prettier's rules
// that our output meets are written down in each printer; test/format.test.ts holds every
// generated file, and generated values, to prettier itself. Dockerfiles and HCL come out of
// their templates already formatted.
import { FileTree } from "../tree/tree.js";
import { printJson } from "./json.js";
import { settleMarkdown } from "./markdown.js";
import { settleYaml } from "./yaml.js";

/** The print width every generated file is laid out for (prettier's option; the repository's .prettierrc agrees). */
export const PRINT_WIDTH = 120;

type Printer = (text: string) => string;

const PRINTERS: [RegExp, Printer][] = [
  [/\.ya?ml$/, (text) => settleYaml(text, PRINT_WIDTH)],
  [/\.json$/, (text) => printJson(JSON.parse(text), PRINT_WIDTH)],
  [/\.md$/, settleMarkdown],
];

/** Whether a path is laid out here (YAML, JSON, Markdown) rather than written as its template renders. */
export function isFormatted(path: string): boolean {
  return PRINTERS.some(([pattern]) => pattern.test(path));
}

export function formatContent(path: string, content: string): string {
  const printer = PRINTERS.find(([pattern]) => pattern.test(path))?.[1];
  return printer ? printer(content) : content;
}

export function formatTree(tree: FileTree): FileTree {
  const out = new FileTree();
  for (const [path, content] of tree.entries()) out.add(path, formatContent(path, content));
  return out;
}
