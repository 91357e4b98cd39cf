// The fast project (vitest.config.ts) runs without a build and without a child process; the slow project
// holds exactly the files that need one. A file is sorted by what it calls itself: the helpers named below
// run a program (execa, tmux, bash through runStep, docker-compose, shellcheck, terraform) or read the build.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SLOW_FILES } from "../vitest.config.js";

const ROOT = join(import.meta.dirname, "..");

/** What marks a test file as slow, each with what it needs. */
const NEEDS: [RegExp, string][] = [
  [/\b(execa|spawnSync|execFileSync|spawn|execFile)\(/, "a child process"],
  [/from "\.\/support\/terminal\.js"/, "tmux"],
  [/\brunStep\(/, "bash (a generated workflow step)"],
  [/\bcomposeConfig\(/, "docker-compose"],
  [/\b(shellcheckRunSteps|lintDockerfile)\(/, "shellcheck"],
  [/\bterraformFmtCheck\(/, "terraform"],
  [/["']dist["']|\bdist\/(bundle|templates|plopfile)/, "the build (dist/)"],
];

const needsOf = (file: string): string[] => {
  const text = readFileSync(join(ROOT, file), "utf8");
  return NEEDS.filter(([pattern]) => pattern.test(text)).map(([, need]) => need);
};

const testFiles = readdirSync(join(ROOT, "test"))
  .filter((name) => name.endsWith(".test.ts"))
  .map((name) => `test/${name}`);

describe("test projects", () => {
  it("every slow file is a test file that needs the build or a program", () => {
    for (const file of SLOW_FILES) {
      expect(testFiles, file).toContain(file);
      expect(needsOf(file), `${file} needs nothing the fast project lacks: drop it from SLOW_FILES`).not.toEqual([]);
    }
  });

  it("no fast file needs the build or a program", () => {
    const fast = testFiles.filter((file) => !SLOW_FILES.includes(file));
    expect(fast.length).toBeGreaterThan(0);
    for (const file of fast) expect(needsOf(file), `${file}: list it in SLOW_FILES (vitest.config.ts)`).toEqual([]);
  });

  it("the marks find what they mark", () => {
    expect(needsOf("test/bin.test.ts")).toContain("a child process");
    expect(needsOf("test/plop.test.ts")).toContain("the build (dist/)");
    expect(needsOf("test/interactive.test.ts")).toContain("tmux");
  });
});
