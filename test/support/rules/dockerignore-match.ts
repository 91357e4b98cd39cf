/**
 * .dockerignore matching with the semantics of moby/patternmatcher (used by
 * BuildKit and the docker CLI):
 * - reading (moby/patternmatcher/ignorefile): lines starting with `#` are
 *   comments, whitespace is trimmed, patterns are `filepath.Clean`ed and a
 *   leading `/` is dropped (the context root is implied), `!` negates;
 * - matching: `*` = any run of non-`/` chars, `?` = one non-`/` char, `**` =
 *   any number of path segments, `[...]` passes through as a character class;
 *   a pattern also matches when it matches any parent directory of the path;
 *   patterns apply in order and the last matching one wins.
 */
import { posix } from "node:path";

interface Pattern {
  source: string;
  exclusion: boolean;
  match: (path: string) => boolean;
}

export interface IgnoreMatcher {
  patterns: Pattern[];
  isExcluded(path: string): boolean;
}

/** Go's filepath.Clean for slash paths: `./a//b/` → `a/b`, `` → `.` */
function cleanPath(p: string): string {
  const normalized = posix.normalize(p);
  return normalized.length > 1 ? normalized.replace(/\/+$/, "") : normalized;
}

export function readIgnoreFile(text: string): { pattern: string; exclusion: boolean }[] {
  const out: { pattern: string; exclusion: boolean }[] = [];
  for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    if (line.startsWith("#")) continue;
    let pattern = line.trim();
    if (pattern === "") continue;
    const exclusion = pattern.startsWith("!");
    if (exclusion) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) pattern = cleanPath(pattern);
    if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
    out.push({ pattern, exclusion });
  }
  return out;
}

type MatchType = "exact" | "prefix" | "suffix" | "regexp";

/**
 * Port of patternmatcher's Pattern.compile + Pattern.match, including its
 * exact/prefix/suffix fast paths (they are not always equivalent to the regexp:
 * `**foo` is a plain suffix test and also matches `barfoo`).
 */
export function compilePattern(pattern: string): (path: string) => boolean {
  let re = "^";
  let type: MatchType = "exact";
  for (let i = 0, pos = 0; pos < pattern.length; i++, pos++) {
    const ch = pattern[pos]!;
    if (ch === "*" && pattern[pos + 1] === "*") {
      pos++;
      if (pattern[pos + 1] === "/") pos++; // treat `**/` as `**`
      if (pos + 1 >= pattern.length) {
        // `**` at the end: everything below
        if (type === "exact") {
          type = "prefix";
        } else {
          re += ".*";
          type = "regexp";
        }
      } else {
        re += "(.*/)?";
        type = "regexp";
      }
      if (i === 0) type = "suffix";
    } else if (ch === "*" || ch === "?") {
      re += ch === "*" ? "[^/]*" : "[^/]"; // never crosses a path separator
      type = "regexp";
    } else if (".+()|{}$".includes(ch)) {
      re += `\\${ch}`;
    } else if (ch === "\\") {
      // escapes the next character; a trailing backslash stays literal
      if (pos + 1 < pattern.length) {
        re += `\\${pattern[++pos]}`;
        type = "regexp";
      } else {
        re += "\\\\";
      }
    } else {
      if (ch === "[" || ch === "]") type = "regexp";
      re += ch;
    }
  }
  switch (type) {
    case "exact":
      return (path) => path === pattern;
    case "prefix":
      return (path) => path.startsWith(pattern.slice(0, -2));
    case "suffix": {
      const suffix = pattern.slice(2);
      return (path) => path.endsWith(suffix) || (suffix.startsWith("/") && path === suffix.slice(1));
    }
    default: {
      const regexp = new RegExp(`${re}$`);
      return (path) => regexp.test(path);
    }
  }
}

export function compileIgnore(text: string): IgnoreMatcher {
  const patterns = readIgnoreFile(text)
    .filter((p) => p.pattern !== "")
    .map(({ pattern, exclusion }) => ({
      source: pattern,
      exclusion,
      match: compilePattern(pattern),
    }));
  return {
    patterns,
    isExcluded: (path) => matchesOrParentMatches(patterns, path),
  };
}

/** patternmatcher.MatchesOrParentMatches */
function matchesOrParentMatches(patterns: Pattern[], path: string): boolean {
  const file = cleanPath(path);
  if (file === ".") return false; // the context root itself is never excluded
  const parentDirs = posix.dirname(file) === "." ? [] : posix.dirname(file).split("/");
  let matched = false;
  for (const p of patterns) {
    // An inclusion can't change an already-excluded path and vice versa.
    if (p.exclusion !== matched) continue;
    let match = p.match(file);
    for (let i = 0; !match && i < parentDirs.length; i++) {
      match = p.match(parentDirs.slice(0, i + 1).join("/"));
    }
    if (match) matched = !p.exclusion;
  }
  return matched;
}
