// The formatting guarantee: every YAML, JSON and Markdown file the tool writes is already in
// prettier's layout (prettier finds nothing to change), and it is what prettier makes of the text
// the templates render, so the layout never depends on whether a repository runs prettier. The run
// path loads no formatter (src/format/); this holds its printers to prettier itself, on every
// fixture and on values generated to reach their corners: wide lines, quotes, wide characters.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { parseConfigText, parseConfigValue } from "../src/config/load.js";
import { formatTree, isFormatted, PRINT_WIDTH } from "../src/format/format.js";
import { printJson } from "../src/format/json.js";
import { settleMarkdown } from "../src/format/markdown.js";
import { settleYaml } from "../src/format/yaml.js";
import { createStack, renderStack } from "../src/stack.js";
import { FileTree } from "../src/tree/tree.js";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";
import { fixtureOutput } from "./support/generated.js";

const PARSERS: [RegExp, string][] = [
  [/\.ya?ml$/, "yaml"],
  [/\.json$/, "json"],
  [/\.md$/, "markdown"],
];
const parserFor = (path: string) => PARSERS.find(([pattern]) => pattern.test(path))?.[1];
const prettierFormat = (text: string, parser: string) => prettier.format(text, { parser, printWidth: PRINT_WIDTH });

const manyServices = parseConfigValue(
  {
    project: "bench",
    stack: "node",
    aws: { accountId: "123456789012" },
    services: Array.from({ length: 50 }, (_, i) => ({
      name: `svc-${i + 1}`,
      path: `services/svc-${i + 1}`,
      framework: "express",
      entry: "index.js",
      port: 3001 + i,
      environment: { GREETING: `it's "quoted"`, LONG: "x".repeat(130) },
      devCommand: ["npx", "nodemon", "--watch", `services/svc-${i + 1}`, "--ext", "js,json", "x".repeat(80)],
    })),
    database: { engine: "postgres" },
    cache: { engine: "redis" },
  },
  "test",
);

/** Each config with the stack made of it: a fixture's is the shared generate (support/generated.ts). */
const cases = async () => [
  ...(await Promise.all(
    fixtureNames().map(async (name) => ({
      name,
      config: parseConfigText(await readFile(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8"), name),
      stack: () => fixtureOutput(name),
    })),
  )),
  {
    name: "50 node services with quotes and long lines",
    config: manyServices,
    stack: async () => new Map((await createStack(manyServices)).entries()),
  },
];

describe("formatting", () => {
  it("every YAML, JSON and Markdown file the stack generates is prettier's output, for the rendered text and for itself", async () => {
    let checked = 0;
    for (const { name, config, stack: stackOf } of await cases()) {
      const rendered = renderStack(config);
      const stack = await stackOf();
      for (const [path, raw] of rendered.entries()) {
        const parser = parserFor(path);
        expect(isFormatted(path), path).toBe(parser !== undefined);
        if (!parser) continue;
        const output = stack.get(path)!;
        expect(output, `${name}: ${path}`).toBe(await prettierFormat(raw, parser));
        expect(await prettierFormat(output, parser), `${name}: ${path} again`).toBe(output);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("leaves other files (Dockerfiles, HCL, .dockerignore) as their templates render them", () => {
    const tree = new FileTree();
    tree.add("Dockerfile", 'CMD ["node",   "x"]\n');
    tree.add("infra/main.tf", 'a = ["x",   "y"]\n');
    expect(formatTree(tree).entries()).toEqual(tree.entries());
  });
});

// A seeded generator, so a failure names a case that can be run again.
function random(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const STRINGS = (r: ReturnType<typeof random>) => [
  "",
  "plain",
  'say "hi"',
  `it's "x" 'y' "z"`,
  "it's",
  "tab\there",
  'back\\slash "q"',
  '{"containerOverrides":[{"name":"web","command":["bin/rails","db:migrate"]}]}',
  "× 730 h → é",
  `宽字符${"x".repeat(r.int(40))}`,
  "s".repeat(r.int(130)),
  "a b ".repeat(r.int(35)),
];

describe("the printers, held to prettier", () => {
  it("JSON: objects one key a line; arrays on one line when they fit, a matrix broken, numbers filled", async () => {
    const r = random(1);
    const value = (depth: number): unknown => {
      const roll = r.next();
      if (depth > 3 || roll < 0.35) return r.pick([...STRINGS(r), r.int(1e6), null, true, 1.5]);
      if (roll < 0.65) return Array.from({ length: r.int(8) }, () => (r.next() < 0.3 ? r.int(1000) : value(depth + 1)));
      if (roll < 0.75) return Array.from({ length: r.int(40) }, () => r.int(100_000));
      return Object.fromEntries(
        Array.from({ length: r.int(5) }, (_, i) => [`k${i}${"y".repeat(r.int(30))}`, value(depth + 1)]),
      );
    };
    for (let i = 0; i < 400; i++) {
      const document = { root: value(0), other: value(1) };
      const expected = await prettierFormat(`${JSON.stringify(document, null, 2)}\n`, "json");
      expect(printJson(document, PRINT_WIDTH), `case ${i}`).toBe(expected);
    }
  });

  it("YAML: preferred quotes, flow sequences moved under their key or broken when too wide, block scalars untouched", async () => {
    const r = random(7);
    const scalar = () =>
      r.next() < 0.5
        ? JSON.stringify(r.pick(STRINGS(r)))
        : `[${Array.from({ length: r.int(7) }, () => (r.next() < 0.1 ? String(r.int(100)) : JSON.stringify(r.pick(STRINGS(r))))).join(", ")}]`;
    const block = (indent: number, depth: number): string[] => {
      const pad = " ".repeat(indent);
      const sequence = r.next() < 0.4;
      return Array.from({ length: 1 + r.int(4) }, (_, i) => {
        const key = sequence ? "- " : `k${"e".repeat(r.int(12))}${i}: `;
        const roll = r.next();
        if (depth < 4 && roll < 0.3) {
          const inner = block(indent + 2, depth + 1);
          return sequence
            ? [`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1)]
            : [`${pad}${key.trimEnd()}`, ...inner];
        }
        if (roll < 0.4 && !sequence) return [`${pad}${key}|`, `${pad}  echo "x"`, `${pad}  v: "say \\"hi\\""`];
        return [`${pad}${key}${scalar()}`];
      }).flat();
    };
    for (let i = 0; i < 400; i++) {
      const document = `${["root:", ...block(2, 0)].join("\n")}\n`;
      expect(settleYaml(document, PRINT_WIDTH), `case ${i}:\n${document}`).toBe(await prettierFormat(document, "yaml"));
    }
  });

  it("Markdown: tables aligned by column (right, centre, wide characters, escaped pipes), one blank line, code blocks untouched", async () => {
    const r = random(3);
    const cell = () =>
      r.pick([
        "a",
        "",
        "`code \\| x`",
        "$16.43",
        "8 GB × $0.00 (gateway)",
        "宽字符",
        "x".repeat(r.int(90)),
        "`infra/`",
      ]);
    for (let i = 0; i < 300; i++) {
      const columns = 1 + r.int(5);
      const row = () => `| ${Array.from({ length: columns }, cell).join(" | ")} |`;
      const delimiter = `| ${Array.from({ length: columns }, () => r.pick(["---", ":---", "---:", ":---:"])).join(" | ")} |`;
      const rows = Array.from({ length: r.int(5) }, row);
      const document = [
        "# Title",
        "",
        ...(r.next() < 0.3 ? ["", ""] : []),
        row(),
        delimiter,
        ...rows,
        "",
        "After.",
        "",
        "```",
        "| a | b |",
        "| - | - |",
        "",
        "",
        "```",
        "",
      ].join("\n");
      expect(settleMarkdown(document), `case ${i}:\n${document}`).toBe(await prettierFormat(document, "markdown"));
    }
  });
});
