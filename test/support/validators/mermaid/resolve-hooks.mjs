// Node module customization hook (node:module register): mermaid's `import DOMPurify from "dompurify"`
// resolves to the stub beside this file. Registered only by test/support/validators/mermaid.ts.
export async function resolve(specifier, context, next) {
  if (specifier === "dompurify")
    return { url: new URL("./dompurify-stub.mjs", import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
