// A private handlebars instance: noEscape because the output is YAML/HCL/Dockerfile, not HTML
// (the default escapes "=" and "&"), strict so a missing view field fails instead of printing "".
// The build compiles every template ahead (scripts/precompile-templates.js, dist/templates.cjs);
// a template whose source no longer has the hash it was compiled from, or one with no compiled
// entry (tests running from src/), is compiled here, once per process, on first use.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import Handlebars from "handlebars";
import { PACKAGE_ROOT } from "../package-info.js";

const hbs = Handlebars.create();

// The one helper: exec-form arrays and quoted YAML scalars are JSON, so views pass plain values.
// Arrays get a space after each comma, as people write exec form by hand.
hbs.registerHelper("json", (value: unknown) =>
  Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(", ")}]` : JSON.stringify(value),
);

export const TEMPLATES_DIR = join(PACKAGE_ROOT, "templates");
const PRECOMPILED_PATH = join(PACKAGE_ROOT, "dist", "templates.cjs");
/** scripts/precompile-templates.js compiles with these too. */
const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** A template compiled by the build, with the sha256 (hex) of the source it was compiled from. */
export interface PrecompiledTemplate {
  hash: string;
  spec: Parameters<typeof hbs.template>[0];
}
type Precompiled = Record<string, PrecompiledTemplate>;
let precompiled: Precompiled | undefined;
function precompiledTemplates(): Precompiled {
  precompiled ??= existsSync(PRECOMPILED_PATH) ? (createRequire(import.meta.url)(PRECOMPILED_PATH) as Precompiled) : {};
  return precompiled;
}

/** A template function for `source`: the build's compile while it is of this very source, else compiled now. */
export function templateOf(source: string, ahead: PrecompiledTemplate | undefined): Handlebars.TemplateDelegate {
  if (ahead && ahead.hash === createHash("sha256").update(source).digest("hex")) return hbs.template(ahead.spec);
  return hbs.compile(source, COMPILE_OPTIONS);
}

const load = (name: string): Handlebars.TemplateDelegate =>
  templateOf(readFileSync(join(TEMPLATES_DIR, name), "utf8"), precompiledTemplates()[name]);

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Partials: templates/<family>/partials/<name>.hbs, used as {{> name}}; registered on first render. */
let partialsRegistered = false;
function registerPartials(): void {
  if (partialsRegistered) return;
  partialsRegistered = true;
  for (const family of readdirSync(TEMPLATES_DIR)) {
    const dir = join(TEMPLATES_DIR, family, "partials");
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".hbs"))) {
      hbs.registerPartial(file.slice(0, -".hbs".length), load(`${family}/partials/${file}`));
    }
  }
}

/** Render `templates/<name>` with `view`. */
export function renderTemplate(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    registerPartials();
    template = load(name);
    compiled.set(name, template);
  }
  return template(view);
}
