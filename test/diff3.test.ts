// The line-based three-way merge and the policy patterns, on small texts.
import { describe, expect, it } from "vitest";
import { hasConflictMarkers, merge3, splitLines } from "../src/reconcile/diff3.js";
import { policyFor } from "../src/reconcile/policy.js";

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join("");

describe("merge3", () => {
  const base = lines("a", "b", "c", "d", "e", "f");

  it("takes changes made on one side only, from both sides", () => {
    const yours = lines("a", "B", "c", "d", "e", "f");
    const theirs = lines("a", "b", "c", "d", "E", "f");
    expect(merge3(yours, base, theirs)).toEqual({ text: lines("a", "B", "c", "d", "E", "f"), conflicts: 0 });
  });

  it("takes insertions and deletions from both sides", () => {
    const yours = lines("start", "a", "b", "c", "d", "e", "f");
    const theirs = lines("a", "b", "c", "e", "f", "end");
    expect(merge3(yours, base, theirs).text).toBe(lines("start", "a", "b", "c", "e", "f", "end"));
  });

  it("is clean when both sides made the same change", () => {
    const both = lines("a", "b", "C", "d", "e", "f");
    expect(merge3(both, base, both)).toEqual({ text: both, conflicts: 0 });
  });

  it("writes diff3 markers labelled yours / last generated / from config when both change a line", () => {
    const yours = lines("a", "b", "mine", "d", "e", "f");
    const theirs = lines("a", "b", "config", "d", "e", "f");
    const result = merge3(yours, base, theirs);
    expect(result.conflicts).toBe(1);
    expect(result.text).toBe(
      lines(
        "a",
        "b",
        "<<<<<<< yours",
        "mine",
        "||||||| last generated",
        "c",
        "=======",
        "config",
        ">>>>>>> from config",
        "d",
        "e",
        "f",
      ),
    );
    expect(hasConflictMarkers(result.text)).toBe(true);
  });

  it("treats changes to neighbouring lines as one conflict, as git does", () => {
    const yours = lines("a", "b", "C", "d", "e", "f");
    const theirs = lines("a", "b", "c", "D", "e", "f");
    expect(merge3(yours, base, theirs).conflicts).toBe(1);
  });

  it("keeps a missing final newline, and markers still start their own line", () => {
    expect(merge3("a\nb", "a\nb", "a\nB").text).toBe("a\nB");
    const text = merge3("x", "", "y").text;
    expect(text).toBe("<<<<<<< yours\nx\n||||||| last generated\n=======\ny\n>>>>>>> from config\n");
  });

  it("with an empty base (the last output unknown) conflicts unless both sides are equal", () => {
    expect(merge3(base, "", base)).toEqual({ text: base, conflicts: 0 });
    expect(merge3(base, "", lines("a")).conflicts).toBe(1);
  });

  it("splits lines keeping their terminators", () => {
    expect(splitLines("a\n\nb")).toEqual(["a\n", "\n", "b"]);
    expect(splitLines("")).toEqual([]);
  });
});

describe("policyFor", () => {
  const files = { "**/Dockerfile": "managed", "backend/Dockerfile": "once", "*.yml": "ignore" } as const;

  it("prefers an exact path, then the longest matching pattern, else merge", () => {
    expect(policyFor("backend/Dockerfile", files)).toBe("once");
    expect(policyFor("frontend/Dockerfile", files)).toBe("managed");
    expect(policyFor("Dockerfile", files)).toBe("managed");
    expect(policyFor("docker-compose.yml", files)).toBe("ignore");
    expect(policyFor("ci/docker-compose.yml", files)).toBe("merge");
    expect(policyFor(".dockerignore", files)).toBe("merge");
  });
});
