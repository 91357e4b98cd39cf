// The formatting guarantee: every YAML, JSON and Markdown file the tool writes is exactly what
// prettier itself makes of it. The runtime formats with prettier/standalone and one plugin per
// parser (src/format/format.ts) to start faster; this holds it to prettier's full entry point.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { parseConfigText, parseConfigValue } from "../src/config/load.js";
import { FORMAT_OPTIONS, formatTree, parserFor } from "../src/format/format.js";
import { createStack, planStack } from "../src/stack.js";
import { renderIntoTree } from "../src/render/render-action.js";
import { FileTree } from "../src/tree/tree.js";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";
import { fixtureOutput } from "./support/generated.js";

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
  it("every formatted file the stack generates is what prettier.format makes of the rendered text", async () => {
    let checked = 0;
    for (const { name, config, stack: stackOf } of await cases()) {
      const rendered = new FileTree();
      for (const file of planStack(config)) renderIntoTree(rendered, file);
      const stack = await stackOf();
      for (const [path, content] of rendered.entries()) {
        const parser = parserFor(path);
        if (!parser) continue;
        expect(stack.get(path), `${name}: ${path}`).toBe(await prettier.format(content, { ...FORMAT_OPTIONS, parser }));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("formats JSON and Markdown (code blocks included) exactly as prettier does", async () => {
    const tree = new FileTree();
    tree.add("a.json", '{"b":[1,2,{"c":"d"}],   "e":{}}');
    tree.add("docs/README.md", '# Title\n* one\n* two\n\n```json\n{"a":1}\n```\n\n```yaml\nx:   [1,2]\n```\n');
    tree.add("x.yml", "a:   1\nb: [ 'x' ]\n");
    tree.add("Dockerfile", "FROM scratch\n");
    const formatted = await formatTree(tree);
    for (const [path, content] of tree.entries()) {
      const parser = parserFor(path);
      expect(formatted.get(path), path).toBe(
        parser ? await prettier.format(content, { ...FORMAT_OPTIONS, parser }) : content,
      );
    }
  });
});
