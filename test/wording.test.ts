// Output wording lives in src/report: the commands and the CLI decide what to say, and write only
// what a src/report function words, so a message is changed (or reviewed) in one place.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const FOLDERS = ["src/commands", "src/cli"];

/** `ctx.stdout.write("…")` or a template literal with words in it, not a worded value from src/report. */
const LITERAL_WRITE = /\.(?:stdout|stderr)\.write\(\s*(["'`])((?:(?!\1)[\s\S])*)\1/g;

function literalWrites(): string[] {
  const found: string[] = [];
  for (const folder of FOLDERS) {
    for (const file of readdirSync(join(ROOT, folder)).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(join(ROOT, folder, file), "utf8");
      for (const match of source.matchAll(LITERAL_WRITE)) {
        if (/[A-Za-z]/.test(match[2]!.replace(/\$\{[^}]*\}/g, "").replace(/\\./g, "")))
          found.push(`${folder}/${file}: ${match[0]}`);
      }
    }
  }
  return found;
}

describe("output wording", () => {
  it("commands and the CLI write no words of their own: each message comes from src/report", () => {
    expect(literalWrites()).toEqual([]);
  });

  it("the check itself finds a worded literal, a template literal and one across lines", () => {
    const sample =
      'ctx.stdout.write("Done.\\n"); ctx.stderr.write(`${n} files need\\n`); ctx.stderr.write(\n  "x",\n);';
    expect([...sample.matchAll(LITERAL_WRITE)].map((m) => m[2])).toEqual(["Done.\\n", "${n} files need\\n", "x"]);
  });
});
