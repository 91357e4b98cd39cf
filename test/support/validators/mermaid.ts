/**
 * Mermaid syntax check with mermaid's own parser (the package GitHub's renderer uses), in Node, with no
 * browser: `parseMermaid` resolves to the diagram type or rejects with mermaid's parse error. mermaid
 * imports DOMPurify, which needs a DOM even though parsing never sanitizes anything that matters here,
 * so a module hook swaps in a stub for that one import (mermaid/dompurify-stub.mjs).
 */
import { register } from "node:module";

let mermaid: Promise<typeof import("mermaid").default> | null = null;

function load(): Promise<typeof import("mermaid").default> {
  if (!mermaid) {
    register("./mermaid/resolve-hooks.mjs", import.meta.url);
    mermaid = import("mermaid").then((m) => m.default);
  }
  return mermaid;
}

export async function parseMermaid(text: string): Promise<string> {
  const result = await (await load()).parse(text);
  if (!result) throw new Error("mermaid.parse returned nothing");
  return result.diagramType;
}

/** The body of every ```mermaid block in a Markdown file. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}
