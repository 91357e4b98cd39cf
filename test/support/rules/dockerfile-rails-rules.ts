/**
 * docs/rules.md §1.4 Rails (mirrors the official Rails 7.1+/8 Dockerfile template):
 * DF-RAILS-01, 02, 03, 05 here; 06, 08, 09 in dockerfile-rails-runtime-rules.ts.
 */
import { stageChain } from "../dockerfile/parse.js";
import { expandVars, keyValues } from "../dockerfile/args.js";
import { normalizeImage, RUBY_RE } from "./base-images.js";
import { railsEntrypoint, railsUser, thruster } from "./dockerfile-rails-runtime-rules.js";
import { dependencyOrderProblems, INSTALL_RES, installRuns } from "./dependency-layers.js";
import { byKeyword, copies, finalEnv, report, runText, type Ctx } from "./dockerfile-facts.js";

export function railsRules(ctx: Ctx): string[] {
  return [
    ...rubyBase(ctx),
    ...productionEnv(ctx),
    ...gemLayer(ctx),
    ...assets(ctx),
    ...railsUser(ctx),
    ...thruster(ctx),
    ...railsEntrypoint(ctx),
  ];
}

/** DF-RAILS-01: `ARG RUBY_VERSION=<x>` + `FROM docker.io/library/ruby:$RUBY_VERSION-slim AS base`. */
function rubyBase(ctx: Ctx): string[] {
  const out: string[] = [];
  const arg = ctx.df.globalArgs.find((a) => keyValues(a.args).get("RUBY_VERSION") !== undefined);
  if (!arg) out.push(...report("DF-RAILS-01", 1, "global `ARG RUBY_VERSION=<.ruby-version>` (with a default) missing"));
  const root = ctx.final && stageChain(ctx.df, ctx.final.index)[0];
  if (!root) return out;
  const written = normalizeImage(root.image.replace(/\$\{RUBY_VERSION\}/g, "$RUBY_VERSION"));
  const expanded = normalizeImage(expandVars(root.image, ctx.globalVars));
  if (!RUBY_RE.test(written) || !RUBY_RE.test(expanded)) {
    out.push(...report("DF-RAILS-01", root.from.line, `base image ${expanded} is not ruby:<3.3|3.4|4.0>-slim`));
  }
  return out;
}

/** DF-RAILS-02: production bundler settings in the base stage. */
function productionEnv(ctx: Ctx): string[] {
  const env = finalEnv(ctx);
  const expected: [string, (v: string) => boolean, string][] = [
    ["RAILS_ENV", (v) => v === "production", "production"],
    ["BUNDLE_DEPLOYMENT", (v) => v === "1", "1"],
    ["BUNDLE_PATH", (v) => v === "/usr/local/bundle", "/usr/local/bundle"],
    ["BUNDLE_WITHOUT", (v) => v.split(/[:\s,]+/).includes("development"), "development"],
  ];
  return expected
    .filter(([key, ok]) => !ok(env.get(key)?.value ?? ""))
    .flatMap(([key, , want]) =>
      report("DF-RAILS-02", env.get(key)?.line ?? ctx.final?.from.line, `ENV ${key}=${want} missing in the base stage`),
    );
}

/** DF-RAILS-03: Gemfile + lock → bundle install (+ cache cleanup) → sources. */
function gemLayer(ctx: Ctx): string[] {
  const out = dependencyOrderProblems(ctx, INSTALL_RES.rails).flatMap((p) => report("DF-RAILS-03", p.line, p.message));
  const install = installRuns(ctx.df.instructions, INSTALL_RES.rails)[0];
  if (!install) return [...out, ...report("DF-RAILS-03", ctx.final?.from.line, "no `RUN bundle install` layer")];
  const before = copies(ctx.df.instructions.filter((i) => i.line < install.line)).flatMap((c) =>
    c.sources.map((s) => s.split("/").pop()),
  );
  if (!before.includes("Gemfile") || !before.includes("Gemfile.lock")) {
    out.push(...report("DF-RAILS-03", install.line, "`COPY Gemfile Gemfile.lock ./` must precede bundle install"));
  }
  const text = runText(install);
  if (!/\brm\s+-rf\b[\s\S]*~\/\.bundle/.test(text) || !/ruby\/\*\/cache/.test(text)) {
    out.push(
      ...report(
        "DF-RAILS-03",
        install.line,
        'bundle install must clean up: rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache …',
      ),
    );
  }
  const usesBootsnap = byKeyword(ctx.df.instructions, "RUN").some((r) => /bootsnap\s+precompile/.test(runText(r)));
  if (usesBootsnap && !/bootsnap\s+precompile\b[^;&|\n]*--gemfile/.test(text)) {
    out.push(
      ...report(
        "DF-RAILS-03",
        install.line,
        "bootsnap is used: precompile gems with `bundle exec bootsnap precompile --gemfile`",
      ),
    );
  }
  return out;
}

/** DF-RAILS-05: no RAILS_MASTER_KEY at build time; precompile with SECRET_KEY_BASE_DUMMY=1. */
function assets(ctx: Ctx): string[] {
  const out: string[] = [];
  for (const ins of ctx.df.instructions.filter((i) => i.keyword === "ARG" || i.keyword === "ENV")) {
    if (keyValues(ins.args, true).has("RAILS_MASTER_KEY")) {
      out.push(
        ...report(
          "DF-RAILS-05",
          ins.line,
          `${ins.keyword} RAILS_MASTER_KEY: precompile with SECRET_KEY_BASE_DUMMY=1 instead`,
        ),
      );
    }
  }
  const precompiles = byKeyword(ctx.df.instructions, "RUN").filter((r) => /assets:precompile/.test(runText(r)));
  for (const run of precompiles.filter((r) => !/SECRET_KEY_BASE_DUMMY=1/.test(runText(r)))) {
    out.push(...report("DF-RAILS-05", run.line, "assets:precompile must run with SECRET_KEY_BASE_DUMMY=1"));
  }
  if (precompiles.length === 0 && ctx.opts.framework !== "api") {
    out.push(
      ...report(
        "DF-RAILS-05",
        ctx.final?.from.line,
        "no `RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile` step",
      ),
    );
  }
  return out;
}
