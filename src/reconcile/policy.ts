// Which policy a generated file has. Keys of the config's `files` are exact paths or glob
// patterns (`*` within a folder name, `**` across folders, `?` one character).
import type { FilePolicy } from "../config/schema.js";

/** An exact path wins; among matching patterns the longest (most specific) wins; else "merge". */
export function policyFor(path: string, files: Readonly<Record<string, FilePolicy>>): FilePolicy {
  const exact = files[path];
  if (exact) return exact;
  let best: { pattern: string; policy: FilePolicy } | null = null;
  for (const [pattern, policy] of Object.entries(files)) {
    if (!/[*?]/.test(pattern) || !globToRegExp(pattern).test(path)) continue;
    if (best === null || pattern.length > best.pattern.length) best = { pattern, policy };
  }
  return best?.policy ?? "merge";
}

export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (pattern.startsWith("**/", i)) {
      source += "(?:.*/)?";
      i += 2;
    } else if (pattern.startsWith("**", i)) {
      source += ".*";
      i += 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
