// The fingerprint of a raw render (the text before prettier), which the lock records beside a
// formatted file's hash. It covers everything the formatted text depends on: prettier's version,
// the parser, the options and the raw text; and the hash of the formatted text it was recorded
// with, so it vouches for that one pair: a lock whose hash was edited or merged apart from its
// fingerprint no longer matches, and the file is formatted again.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { FORMAT_OPTIONS } from "./format.js";

let prettierVersion: string | undefined;

/** The installed prettier's version, read from its package.json without loading prettier itself. */
function installedPrettierVersion(): string {
  prettierVersion ??= (createRequire(import.meta.url)("prettier/package.json") as { version: string }).version;
  return prettierVersion;
}

export function rawFingerprint(raw: string, parser: string, formattedHash: string): string {
  const key = JSON.stringify({
    prettier: installedPrettierVersion(),
    parser,
    options: FORMAT_OPTIONS,
    formatted: formattedHash,
  });
  return `sha256:${createHash("sha256").update(key).update("\n").update(raw).digest("hex")}`;
}
