/**
 * Argument-level helpers for Dockerfile instructions: leading `--flags`, the
 * JSON exec form, `KEY=value` lists and `$VAR` expansion.
 */

export interface Flag {
  name: string;
  value?: string;
}

/** Splits leading `--name[=value]` flags (RUN --mount, COPY --from, FROM --platform ...). */
export function splitFlags(args: string): { flags: Flag[]; rest: string } {
  const flags: Flag[] = [];
  let rest = args.trimStart();
  for (let m = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(rest); m; m = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags.push({ name: m[1]!.toLowerCase(), value: m[2] });
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/** The JSON-array (exec) form of CMD/ENTRYPOINT/RUN, or undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) return parsed as string[];
  } catch {
    // Not valid JSON: Docker then falls back to shell form.
  }
  return undefined;
}

/** `KEY=value` pairs of ENV/ARG/LABEL (also the legacy `ENV KEY value` form). */
export function keyValues(args: string, legacySpaceForm = false): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (legacySpaceForm && /^[A-Za-z_][A-Za-z0-9_]*\s+[^=\s]/.test(args) && !/^\S+=/.test(args)) {
    const [, key, value] = /^(\S+)\s+([\s\S]*)$/.exec(args)!;
    out.set(key!, unquote(value!.trim()));
    return out;
  }
  const tokenRe = /([A-Za-z_][A-Za-z0-9_.-]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (const m of args.matchAll(tokenRe)) out.set(m[1]!, m[2] === undefined ? undefined : unquote(m[2]));
  return out;
}

export function unquote(value: string): string {
  if (/^"[\s\S]*"$/.test(value)) return value.slice(1, -1).replace(/\\(.)/g, "$1");
  if (/^'[\s\S]*'$/.test(value)) return value.slice(1, -1);
  return value;
}

/** Expands `$VAR`, `${VAR}` and `${VAR:-default}` with known values; unknown variables stay as written. */
export function expandVars(text: string, vars: Map<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, a, def, b) => {
      const name = (a ?? b) as string;
      return vars.get(name) ?? (def as string | undefined) ?? whole;
    },
  );
}
