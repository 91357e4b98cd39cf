// Formatting with prettier is most of a run's time (prettier and a plugin per parser load for
// it), yet its result is usually known: when a file's raw render is the one the lock recorded,
// its formatted text is the pristine output the lock holds the hash of, and that text is at hand
// in the file itself (unless the user edited it) or in its copy in .ecs-stack/base/. A missing or
// damaged record costs time, never correctness: a text is taken only when the fingerprint matches
// and the text has the lock's hash; anything else (no fingerprint, a damaged one, an edited file
// with no copy) is formatted as before. One fingerprint per generated file, replaced each run, committed with the
// lock: nothing grows, nothing is written outside the project, and `check` in a fresh CI runner
// is as fast as on the machine that generated.
import { rawFingerprint } from "../format/fingerprint.js";
import { parserFor, type KnownFormat } from "../format/format.js";
import type { FileTree } from "../tree/tree.js";
import { hashContent, type Lock } from "./lock.js";

/** Where a file's pristine text may be found: the files on disk, the base copies. */
type Texts = ReadonlyMap<string, string | null>;

export function knownFormat(lock: Lock | null, sources: Texts[]): KnownFormat {
  return (path, raw, parser) => {
    const locked = lock?.files[path];
    if (typeof locked?.raw !== "string" || rawFingerprint(raw, parser, locked.hash) !== locked.raw) return null;
    for (const texts of sources) {
      const text = texts.get(path) ?? null;
      if (text !== null && hashContent(text) === locked.hash) return text;
    }
    return null;
  };
}

/** For each formatted file, its hash and the fingerprint of the raw render it was formatted from. */
export function rawFingerprints(raw: FileTree, formatted: FileTree): Map<string, { hash: string; raw: string }> {
  const out = new Map<string, { hash: string; raw: string }>();
  for (const [path, text] of raw.entries()) {
    const parser = parserFor(path);
    const output = formatted.get(path);
    if (parser === null || output === undefined) continue;
    const hash = hashContent(output);
    out.set(path, { hash, raw: rawFingerprint(text, parser, hash) });
  }
  return out;
}
