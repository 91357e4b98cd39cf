// The plop registration is the same pipeline: driving every generator through node-plop with
// the custom action renders the same tree the CLI writes.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import nodePlop from "node-plop";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../src/config/load.js";
import { formatTree } from "../src/format/format.js";
import { createStack } from "../src/stack.js";
import { FileTree } from "../src/tree/tree.js";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";

// The compiled plopfile (npm test builds first), as plop loads it on Node 20 without a loader.
const PLOPFILE = join(import.meta.dirname, "..", "dist", "plopfile.js");

describe("plopfile", () => {
  it.each(fixtureNames())("renders fixture %s through node-plop exactly as createStack does", async (name) => {
    const config = parseConfigText(await readFile(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8"), name);
    const plop = await nodePlop(PLOPFILE);
    const tree = new FileTree();
    for (const generator of plop.getGeneratorList()) {
      const result = await plop.getGenerator(generator.name).runActions({ config, tree });
      expect(result.failures).toEqual([]);
    }
    const viaPlop = formatTree(tree);
    const direct = await createStack(config);
    expect(viaPlop.entries()).toEqual(direct.entries());
  });

  it("run without a config (npx plop <family> by hand) says to use the CLI instead of failing on a missing field", async () => {
    const plop = await nodePlop(PLOPFILE);
    await expect(plop.getGenerator("docs").runActions({})).rejects.toThrow(
      /run `npx create-ecs-stack generate` in the project/,
    );
  });

  it("is not a runtime dependency: nothing the CLI runs imports node-plop", async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, "..", "package.json"), "utf8"));
    expect(pkg.dependencies).not.toHaveProperty("node-plop");
    const bundle = join(import.meta.dirname, "..", "dist", "bundle");
    for (const file of await readdir(bundle))
      expect(await readFile(join(bundle, file), "utf8")).not.toContain("node-plop");
  });
});
