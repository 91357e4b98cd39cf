// Prettier for the files it has a parser for; Dockerfiles and HCL come out of their templates
// already formatted. Prettier is loaded only when a run has such files.
import { FileTree } from "../tree/tree.js";

const PARSERS: [RegExp, string][] = [
  [/\.ya?ml$/, "yaml"],
  [/\.json$/, "json"],
  [/\.md$/, "markdown"],
];

export function parserFor(path: string): string | null {
  return PARSERS.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}

export async function formatTree(tree: FileTree): Promise<FileTree> {
  const formattable = tree.paths().filter((p) => parserFor(p) !== null);
  const prettier = formattable.length > 0 ? await import("prettier") : null;
  const out = new FileTree();
  for (const [path, content] of tree.entries()) {
    const parser = parserFor(path);
    out.add(path, parser && prettier ? await prettier.format(content, { parser, printWidth: 120 }) : content);
  }
  return out;
}
