// docs/rules.md is the project's own rule catalogue: the code and the tests cite its ids, and the generated
// files never do (their comments give the reason and the public page). These tests hold the three together.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "./support/fixtures.js";

const ROOT = join(import.meta.dirname, "..");
const CATALOGUE = "docs/rules.md";

/** Where ids are cited: the code, its templates, the tests, the scripts and the contributor docs. */
const CITING = ["src", "generators", "templates", "test", "scripts", "README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"];
/** This file names ids only to test the reader below; it cites none. */
const SELF = "test/rules-catalogue.test.ts";

// A rule id: upper-case words joined by hyphens (the family, "DF-NODE"), then two digits, and not read from the
// middle of a longer token (SEC-01 inside TF-SEC-01). Shorthands cite several of one family: "TF-VER-01/02",
// "TF-ECS-01..05", "DF-NET-01, 03, 04"; "CMP-*" cites the family as a whole.
const ID = /(?<![\w-])([A-Z]{2,}(?:-[A-Z]+)*)-(\d{2})((?:(?:\/|\.\.|, ?)\d{2}(?![\w.]))*)(?!\w)/g;
const MORE = /(\/|\.\.|, ?)(\d{2})/g;
const FAMILY = /(?<![\w-])([A-Z]{2,}(?:-[A-Z]+)*)-\*/g;
/** "docs/rules.md section 4", "docs/rules.md §1.2", "docs/rules.md 5.11 and 5.13", "docs/rules.md 5.3-5.5". */
const SECTIONS =
  /rules\.md,? (?:sections? |§)?(\d(?:\.\d{1,2})?(?:(?:, | and |\/|-)\d(?:\.\d{1,2})?)*)(?!\d|\.\d|-\d)/g;
/** A catalogue entry is a list item that opens with its bold id: `- **ECS-05** (MUST) …`. */
const ENTRY = /^- \*\*([A-Z][A-Z-]*-\d{2})\*\*(.*)$/;

const captures = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1] ?? "");

/** The ids a text cites, shorthands spelled out. */
function citedIds(text: string): string[] {
  const out: string[] = [];
  for (const [, family = "", first = "", rest = ""] of text.matchAll(ID)) {
    const numbers = [Number(first)];
    for (const [, sep, n] of rest.matchAll(MORE)) {
      const to = Number(n);
      if (sep === "..") for (let k = numbers.at(-1)! + 1; k < to; k++) numbers.push(k);
      numbers.push(to);
    }
    out.push(...numbers.map((n) => `${family}-${String(n).padStart(2, "0")}`));
  }
  return out;
}

/** Every text file below `dir` (binary ones, such as packed feed packages, left out), repository-relative. */
function textFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((path) => path !== SELF && !readFileSync(join(ROOT, path)).includes(0));
}

function citingFiles(): Map<string, string> {
  const paths = CITING.flatMap((p) => (p.endsWith(".md") ? [p] : textFiles(p)));
  return new Map(paths.map((p) => [p, readFileSync(join(ROOT, p), "utf8")]));
}

/** Each key a reader finds, with the first few files it is found in. */
function index(files: Map<string, string>, read: (text: string) => string[]): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const [path, text] of files)
    for (const key of new Set(read(text))) where.set(key, [...(where.get(key) ?? []), path].slice(0, 3));
  return where;
}

/** The catalogue's entries, section by section: whether the section names a source for all, and each entry. */
function sectionsOf(text: string): { sourced: boolean; entries: { id: string; body: string }[] }[] {
  return text.split(/\n(?=#)/).map((section) => {
    const [preamble = "", ...items] = section.split(/\n(?=- \*\*[A-Z][A-Z-]*-\d{2}\*\*)/);
    const entries = items.map((item) => {
      const [, id = "", first = ""] = ENTRY.exec(item.split("\n")[0] ?? "") ?? [];
      return { id, body: first + item.slice(item.indexOf("\n") + 1 || item.length) };
    });
    return { sourced: /Source for this section:[^]*<https:\/\//.test(preamble), entries };
  });
}

describe("the rule catalogue, docs/rules.md", () => {
  const text = readFileSync(join(ROOT, CATALOGUE), "utf8");
  const sections = sectionsOf(text);
  const ids = sections.flatMap((s) => s.entries.map((e) => e.id));
  const files = citingFiles();

  it("reads shorthand citations as the ids they stand for", () => {
    expect(citedIds("(TF-VER-01/02, TF-ECS-01..03; DF-NET-01, 03 and TF-SEC-01)")).toEqual([
      "TF-VER-01",
      "TF-VER-02",
      "TF-ECS-01",
      "TF-ECS-02",
      "TF-ECS-03",
      "DF-NET-01",
      "DF-NET-03",
      "TF-SEC-01",
    ]);
    // Not ids: a longer number, a scanner's id, a TLS policy name, lower case.
    expect(citedIds("AWS-0036 CKV_AWS_338 TLS13-1-2-2021 ap-southeast-01 ECS-123")).toEqual([]);
  });

  it("lists each id once, and each entry says MUST, MUST-NOT or SHOULD and gives its public source", () => {
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const problems: string[] = [];
    for (const { sourced, entries } of sections)
      for (const { id, body } of entries) {
        // An anti-pattern names the rule it breaks, or the page that says why.
        if (id.startsWith("AP-")) {
          if (citedIds(body).length === 0 && !/<https:\/\/|section \d/.test(body)) problems.push(`${id}: no rule`);
          continue;
        }
        if (!/^ \((MUST|MUST-NOT|SHOULD)[,)]/.test(body)) problems.push(`${id}: no MUST, MUST-NOT or SHOULD`);
        if (!/<https:\/\//.test(body) && !sourced) problems.push(`${id}: no public source`);
      }
    expect(problems).toEqual([]);
  });

  it("has an entry for every id the code and the tests cite", () => {
    const missing = [...index(files, citedIds)].filter(([id]) => !ids.includes(id));
    expect(
      missing.map(([id, where]) => `${id} (${where.join(", ")})`),
      `add these to ${CATALOGUE}, or correct the citation`,
    ).toEqual([]);
    const family = (id: string) => id.replace(/-\d{2}$/, "");
    const families = [...index(files, (t) => captures(t, FAMILY))];
    expect(families.filter(([f]) => !ids.some((id) => family(id) === f))).toEqual([]);
    // The catalogue's own cross-references (an anti-pattern's rule, ECS-20 from ECS-04) are entries too.
    expect(citedIds(text).filter((id) => !ids.includes(id))).toEqual([]);
  });

  // The catalogue is for the checks: an entry nothing cites is a rule no check or code is held to.
  it("has no entry that nothing cites", () => {
    const cited = new Set([...files.values()].flatMap(citedIds));
    expect(
      ids.filter((id) => !cited.has(id)),
      "cite these where a check or the code keeps them, or remove them",
    ).toEqual([]);
  });

  it("has every section the code and the tests cite by number", () => {
    const numbered = new Set(captures(text, /^#{2,3} (\d+(?:\.\d+)?)\.? /gm));
    expect(
      [...index(files, (t) => captures(t, SECTIONS).flatMap((list) => list.split(/, | and |\/|-/)))].filter(
        ([s]) => !numbered.has(s),
      ),
    ).toEqual([]);
  });

  it("is the only rulebook cited: nothing points at one outside the repository", () => {
    expect([...files].filter(([, t]) => /RULES\.md|rules-data\.json/.test(t)).map(([p]) => p)).toEqual([]);
  });

  // Templates become the user's files: their comments give the reason and the public page, never an id.
  it("is not cited by the templates", () => {
    const citing = [...files].filter(
      ([p, t]) => p.startsWith("templates/") && (/rules\.md/i.test(t) || citedIds(t).length > 0),
    );
    expect(citing.map(([p]) => p)).toEqual([]);
  });
});

describe("the generated files (the fixtures' expected output)", () => {
  it("never mention the rule catalogue or a rule id", () => {
    const generated = readdirSync(FIXTURES_DIR, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => relative(FIXTURES_DIR, join(e.parentPath, e.name)))
      .filter((p) => /^[^/]+\/(expected\/|expected-cost\.json$)/.test(p));
    expect(generated.length).toBeGreaterThan(100);
    const citing = generated.filter((p) => {
      const t = readFileSync(join(FIXTURES_DIR, p), "utf8");
      return /rules\.md/i.test(t) || citedIds(t).length > 0;
    });
    expect(citing).toEqual([]);
  });
});
