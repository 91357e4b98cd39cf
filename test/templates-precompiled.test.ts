// Templates compiled at build time (scripts/precompile-templates.js) are used only for the exact
// source they were compiled from; an edited template is compiled again, never rendered stale.
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../src/package-info.js";
import { TEMPLATES_DIR, templateOf, type PrecompiledTemplate } from "../src/render/templates.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const precompile = (source: string): PrecompiledTemplate => ({
  hash: sha256(source),
  // Handlebars.precompile returns the spec as JavaScript source, as the build writes it.
  spec: new Function(`return ${Handlebars.precompile(source, { noEscape: true, strict: true })}`)(),
});

describe("precompiled templates", () => {
  it("renders from the build's compile while the source is the one it was compiled from", () => {
    // A compile of another text under this source's hash shows which one was used.
    const ahead = { ...precompile("compiled ahead {{x}}"), hash: sha256("on disk {{x}}") };
    expect(templateOf("on disk {{x}}", ahead)({ x: 1 })).toBe("compiled ahead 1");
  });

  it("compiles an edited template from its source instead of rendering the stale compile", () => {
    const ahead = precompile("before the edit {{x}}");
    expect(templateOf("after the edit {{x}}", ahead)({ x: 1 })).toBe("after the edit 1");
    expect(templateOf("no compile yet {{x}}", undefined)({ x: 1 })).toBe("no compile yet 1");
  });

  it("keeps strict and noEscape in the build's compile: a missing field fails, & and = stay as they are", () => {
    const run = templateOf("{{a}}", precompile("{{a}}"));
    expect(run({ a: "x=1&y" })).toBe("x=1&y");
    expect(() => run({})).toThrow(/"a" not defined/);
  });

  it.runIf(existsSync(join(PACKAGE_ROOT, "dist", "templates.cjs")))(
    "the build's dist/templates.cjs has one entry per template in templates/",
    () => {
      const built = createRequire(import.meta.url)(join(PACKAGE_ROOT, "dist", "templates.cjs")) as Record<
        string,
        PrecompiledTemplate
      >;
      const walk = (dir: string, prefix = ""): string[] =>
        readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(dir, `${prefix}${e.name}/`) : e.name.endsWith(".hbs") ? [`${prefix}${e.name}`] : [],
        );
      expect(Object.keys(built).sort()).toEqual(walk(TEMPLATES_DIR).sort());
    },
  );
});
