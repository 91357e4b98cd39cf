/**
 * DF-GEN-05 (credentials only through BuildKit secret mounts) and the secret
 * anti-patterns AP-01, AP-02, AP-03 of docs/rules.md §8.
 */
import { keyValues } from "../dockerfile/args.js";
import { INSTALL_RES, installRuns } from "./dependency-layers.js";
import { byKeyword, mounts, report, runText, type Ctx } from "./dockerfile-facts.js";

/** DF-GEN-05 (docs/rules.md): words a credential's name carries, applied to the ARG/ENV variable name. */
const RULES_SECRET_NAME_RE = /(TOKEN|PASSWORD|PASS|SECRET|API_KEY|AUTH|CREDENTIAL|NPM_TOKEN|NUGET|PAT)\b/i;
/**
 * BuildKit's SecretsUsedInArgOrEnv check (frontend/dockerfile/dockerfile2llb):
 * a `_`-delimited word of the name is a secret word, unless a word is public/file/version.
 * It catches names the regex above misses, e.g. RAILS_MASTER_KEY, SECRET_KEY_BASE.
 */
const BUILDKIT_SECRET_RE =
  /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const BUILDKIT_ALLOW_RE = /(?:_|^)(?:public|file|version)(?:_|$)/i;
/** Bundler per-host credentials (`BUNDLE_RUBYGEMS__PKG__GITHUB__COM=user:token`, AP-01) and NuGet's env credentials. */
const CREDENTIAL_ENV_RE = /^(BUNDLE_[A-Z0-9_]*__[A-Z0-9_]+|NuGetPackageSourceCredentials_.+)$/i;

/**
 * RULES regex or BuildKit words, minus BuildKit's allow-list, which we apply to
 * both: NEXT_PUBLIC_API_KEY is public by definition and *_FILE holds a path.
 */
export function isSecretName(name: string): boolean {
  if (BUILDKIT_ALLOW_RE.test(name)) return false;
  return RULES_SECRET_NAME_RE.test(name) || BUILDKIT_SECRET_RE.test(name) || CREDENTIAL_ENV_RE.test(name);
}

/** DF-GEN-05 / AP-01: no secret-looking ARG or ENV. */
export function secretArgEnvProblems(ctx: Ctx): string[] {
  return ctx.df.instructions
    .filter((ins) => ins.keyword === "ARG" || ins.keyword === "ENV")
    .flatMap((ins) =>
      [...keyValues(ins.args, ins.keyword === "ENV").keys()]
        .filter(isSecretName)
        .flatMap((name) =>
          report(
            ["DF-GEN-05", "AP-01"],
            ins.line,
            `${ins.keyword} ${name} carries a secret; ARG/ENV persist in the image: use RUN --mount=type=secret,id=…,env=${name}`,
          ),
        ),
    );
}

const VAR_REF_RE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
const REDIRECT_TO_CONFIG_RE = /(>|>>)\s*\S*(\.npmrc|nuget\.config)\b/i;
const NUGET_ADD_SOURCE_RE =
  /\bdotnet\s+nuget\s+(add|update)\s+source\b[\s\S]*?(--password\b|-p\s|--store-password-in-clear-text)/;

/**
 * DF-GEN-05: a RUN that reads a credential variable must get it from a secret
 * mount; with a private feed every install step needs one. AP-02/AP-03: tokens
 * written into .npmrc/nuget.config or stored with `dotnet nuget add source`.
 */
export function secretVariableProblems(ctx: Ctx): string[] {
  const out: string[] = [];
  for (const run of byKeyword(ctx.df.instructions, "RUN")) {
    const text = runText(run);
    const secretMounts = mounts(run).filter((m) => m.type === "secret");
    const refs = [...text.matchAll(VAR_REF_RE)].map((m) => m[1]!).filter(isSecretName);
    for (const name of new Set(refs)) {
      if (secretMounts.length === 0) {
        out.push(...report("DF-GEN-05", run.line, `RUN reads $${name} without a --mount=type=secret providing it`));
      }
    }
    if (REDIRECT_TO_CONFIG_RE.test(text) && /\$\{?[A-Za-z_]/.test(text)) {
      out.push(
        ...report(
          "AP-02",
          run.line,
          "RUN writes a token into .npmrc/nuget.config; the layer keeps it. Mount the file or token as a secret",
        ),
      );
    }
    if (NUGET_ADD_SOURCE_RE.test(text)) {
      out.push(
        ...report("AP-03", run.line, "`dotnet nuget add source --password` stores the feed credential in the image"),
      );
    }
  }
  if (ctx.opts.privateFeed) {
    const installs = installRuns(ctx.df.instructions, INSTALL_RES[ctx.opts.stack]);
    for (const run of installs.filter((r) => !mounts(r).some((m) => m.type === "secret"))) {
      out.push(
        ...report(
          "DF-GEN-05",
          run.line,
          "private feed configured but the restore/install RUN has no --mount=type=secret",
        ),
      );
    }
  }
  return out;
}
