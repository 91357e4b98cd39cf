// A private handlebars instance: noEscape because the output is YAML/HCL/Dockerfile, not HTML
// (the default escapes "=" and "&"), strict so a missing view field fails instead of printing "".
// Templates are compiled once per process, on first use.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { PACKAGE_ROOT } from "../package-info.js";

const hbs = Handlebars.create();

// The one helper: exec-form arrays and quoted YAML scalars are JSON, so views pass plain values.
// Arrays get a space after each comma, as people write exec form by hand.
hbs.registerHelper("json", (value: unknown) =>
  Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(", ")}]` : JSON.stringify(value),
);

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
      hbs.registerPartial(file.slice(0, -".hbs".length), readFileSync(join(dir, file), "utf8"));
    }
  }
}

export const TEMPLATES_DIR = join(PACKAGE_ROOT, "templates");

/** Render `templates/<name>` with `view`. */
export function renderTemplate(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    registerPartials();
    const source = readFileSync(join(TEMPLATES_DIR, name), "utf8");
    template = hbs.compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(view);
}
