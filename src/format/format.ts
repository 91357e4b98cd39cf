// Prettier for the files it has a parser for; Dockerfiles and HCL come out of their templates
// already formatted. Prettier is loaded only when a run has such files, and then only the part a
// parser needs: prettier/standalone with the one plugin, not prettier's full entry point (which
// loads every language and the config-file machinery: about twice the start-up time). The output
// is the same; test/format.test.ts holds every generated file to `prettier.format` itself.
import type { Options, Plugin } from "prettier";
import { FileTree } from "../tree/tree.js";

type Format = (source: string, options: Options) => Promise<string>;

const PARSERS: [RegExp, string][] = [
  [/\.ya?ml$/, "yaml"],
  [/\.json$/, "json"],
  [/\.md$/, "markdown"],
];

/** The options every generated file is formatted with (the repository's .prettierrc agrees). */
export const FORMAT_OPTIONS = { printWidth: 120 } as const satisfies Options;

export function parserFor(path: string): string | null {
  return PARSERS.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}

const standalone = async (...plugins: Promise<Plugin>[]): Promise<Format> => {
  const [{ format }, ...loaded] = await Promise.all([import("prettier/standalone"), ...plugins]);
  return (source, options) => format(source, { ...options, plugins: loaded });
};

/** What each parser loads. Markdown embeds other languages (code blocks), so it takes all of prettier. */
const LOADERS: Record<string, () => Promise<Format>> = {
  yaml: () => standalone(import("prettier/plugins/yaml")),
  json: () => standalone(import("prettier/plugins/babel"), import("prettier/plugins/estree")),
  markdown: async () => (await import("prettier")).format,
};

const formatters = new Map<string, Promise<Format>>();

function formatterFor(parser: string): Promise<Format> {
  let formatter = formatters.get(parser);
  if (!formatter) {
    formatter = LOADERS[parser]!();
    formatters.set(parser, formatter);
  }
  return formatter;
}

export async function formatContent(content: string, parser: string): Promise<string> {
  return (await formatterFor(parser))(content, { ...FORMAT_OPTIONS, parser });
}

/** Formats one raw render with its parser; formatContent, or a test's counting stand-in. */
export type FormatContent = (content: string, parser: string) => Promise<string>;

/** The formatted text of a raw render when it is known without formatting (see known-format.ts); null: format it. */
export type KnownFormat = (path: string, raw: string, parser: string) => string | null;

export interface FormatTreeOptions {
  known?: KnownFormat;
  format?: FormatContent;
}

/** Formats every file that has a parser; a file whose output `known` supplies is not formatted, so prettier may not load at all. */
export async function formatTree(tree: FileTree, options: FormatTreeOptions = {}): Promise<FileTree> {
  const { known = () => null, format = formatContent } = options;
  const out = new FileTree();
  for (const [path, content] of tree.entries()) {
    const parser = parserFor(path);
    out.add(path, parser ? (known(path, content, parser) ?? (await format(content, parser))) : content);
  }
  return out;
}
