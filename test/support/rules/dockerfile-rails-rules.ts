/**
 * RULES.md §1.4 Rails (mirrors the official Rails 7.1+/8 Dockerfile template):
 * DF-RAILS-01, 02, 03, 05, 06, 08, 09.
 */
import { execForm, expandVars, keyValues, stageChain } from "../dockerfile/parse.js";
import { normalizeImage, RUBY_RE } from "./base-images.js";
import { dependencyOrderProblems, INSTALL_RES, installRuns } from "./dependency-layers.js";
import {
  byKeyword,
  copies,
  envMap,
  exposedPorts,
  finalVars,
  lastInstruction,
  report,
  runText,
  startArgv,
  type Ctx,
} from "./dockerfile-facts.js";

export function railsRules(ctx: Ctx): string[] {
  return [
    ...rubyBase(ctx),
    ...productionEnv(ctx),
    ...gemLayer(ctx),
    ...assets(ctx),
    ...railsUser(ctx),
    ...thruster(ctx),
    ...entrypoint(ctx),
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
  const env = envMap(ctx.finalChain);
  const expected: [string, (v: string) => boolean, string][] = [
    ["RAILS_ENV", (v) => v === "production", "production"],
    ["BUNDLE_DEPLOYMENT", (v) => v === "1", "1"],
    ["BUNDLE_PATH", (v) => v === "/usr/local/bundle", "/usr/local/bundle"],
    ["BUNDLE_WITHOUT", (v) => v.split(/[:\s,]+/).includes("development"), "development"],
  ];
  return expected
    .filter(([key, ok]) => !ok(env.get(key)?.value ?? ""))
    .flatMap(([key, , want]) => report("DF-RAILS-02", env.get(key)?.line ?? ctx.final?.from.line, `ENV ${key}=${want} missing in the base stage`));
}

/** DF-RAILS-03: Gemfile + lock → bundle install (+ cache cleanup) → sources. */
function gemLayer(ctx: Ctx): string[] {
  const out = dependencyOrderProblems(ctx, INSTALL_RES.rails).flatMap((p) => report("DF-RAILS-03", p.line, p.message));
  const install = installRuns(ctx.df.instructions, INSTALL_RES.rails)[0];
  if (!install) return [...out, ...report("DF-RAILS-03", ctx.final?.from.line, "no `RUN bundle install` layer")];
  const before = copies(ctx.df.instructions.filter((i) => i.line < install.line)).flatMap((c) => c.sources.map((s) => s.split("/").pop()));
  if (!before.includes("Gemfile") || !before.includes("Gemfile.lock")) {
    out.push(...report("DF-RAILS-03", install.line, "`COPY Gemfile Gemfile.lock ./` must precede bundle install"));
  }
  const text = runText(install);
  if (!/\brm\s+-rf\b[\s\S]*~\/\.bundle/.test(text) || !/ruby\/\*\/cache/.test(text)) {
    out.push(...report("DF-RAILS-03", install.line, 'bundle install must clean up: rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache …'));
  }
  const usesBootsnap = byKeyword(ctx.df.instructions, "RUN").some((r) => /bootsnap\s+precompile/.test(runText(r)));
  if (usesBootsnap && !/bootsnap\s+precompile\b[^;&|\n]*--gemfile/.test(text)) {
    out.push(...report("DF-RAILS-03", install.line, "bootsnap is used: precompile gems with `bundle exec bootsnap precompile --gemfile`"));
  }
  return out;
}

/** DF-RAILS-05: no RAILS_MASTER_KEY at build time; precompile with SECRET_KEY_BASE_DUMMY=1. */
function assets(ctx: Ctx): string[] {
  const out: string[] = [];
  for (const ins of ctx.df.instructions.filter((i) => i.keyword === "ARG" || i.keyword === "ENV")) {
    if (keyValues(ins.args, true).has("RAILS_MASTER_KEY")) {
      out.push(...report("DF-RAILS-05", ins.line, `${ins.keyword} RAILS_MASTER_KEY: precompile with SECRET_KEY_BASE_DUMMY=1 instead`));
    }
  }
  const precompiles = byKeyword(ctx.df.instructions, "RUN").filter((r) => /assets:precompile/.test(runText(r)));
  for (const run of precompiles.filter((r) => !/SECRET_KEY_BASE_DUMMY=1/.test(runText(r)))) {
    out.push(...report("DF-RAILS-05", run.line, "assets:precompile must run with SECRET_KEY_BASE_DUMMY=1"));
  }
  if (precompiles.length === 0 && ctx.opts.framework !== "api") {
    out.push(...report("DF-RAILS-05", ctx.final?.from.line, "no `RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile` step"));
  }
  return out;
}

const RAILS_USER_RE = /^(1000|rails)(:(1000|rails))?$/;

/** DF-RAILS-06: rails user uid/gid 1000, USER 1000:1000, app files owned by rails. */
function railsUser(ctx: Ctx): string[] {
  const out: string[] = [];
  const runs = byKeyword(ctx.finalChain, "RUN").map(runText);
  if (!runs.some((t) => /\buseradd\b[^;&|]*\brails\b/.test(t) && /\buseradd\b[^;&|]*(--uid|-u)[\s=]+1000\b/.test(t))) {
    out.push(...report("DF-RAILS-06", ctx.final?.from.line, "create the user: groupadd --system --gid 1000 rails && useradd rails --uid 1000 --gid 1000 …"));
  }
  const user = lastInstruction(ctx.finalChain, "USER");
  if (!user || !RAILS_USER_RE.test(user.args.trim())) {
    out.push(...report("DF-RAILS-06", user?.line ?? ctx.final?.from.line, "final stage must run as USER 1000:1000"));
  }
  const chownCopy = copies(ctx.final?.instructions ?? []).some((c) => c.from && RAILS_USER_RE.test(c.chown ?? ""));
  const chownRun = runs.some((t) => /\bchown\s+-R\s+(rails:rails|1000:1000)\b/.test(t));
  if (!chownCopy && !chownRun) {
    out.push(...report("DF-RAILS-06", ctx.final?.from.line, "app files must be owned by rails: COPY --chown=rails:rails --from=build … or chown -R rails:rails db log storage tmp"));
  }
  return out;
}

/** DF-RAILS-08: Thruster must not listen on :80 on Fargate; no TLS_DOMAIN (TLS ends at the ALB). */
function thruster(ctx: Ctx): string[] {
  const { entrypoint, cmd } = startArgv(ctx);
  const startsThruster = [...(entrypoint ?? []), ...(cmd ?? [])].some((a) => /(^|\/)thrust$/.test(a));
  if (!startsThruster) return [];
  const out: string[] = [];
  const env = envMap(ctx.finalChain);
  const ports = exposedPorts(ctx.finalChain, finalVars(ctx));
  for (const p of ports.filter((x) => x.port !== undefined && x.port < 1024)) {
    out.push(...report(["DF-RAILS-08", "AP-22"], p.line, `Thruster on EXPOSE ${p.raw}: set HTTP_PORT=8080 (≥1024) and EXPOSE it`));
  }
  const httpPort = env.get("HTTP_PORT") ?? env.get("THRUSTER_HTTP_PORT");
  if (httpPort) {
    const n = Number(httpPort.value);
    if (!(n >= 1024)) out.push(...report(["DF-RAILS-08", "AP-22"], httpPort.line, `HTTP_PORT=${httpPort.value} must be ≥ 1024`));
    if (!ports.some((p) => p.port === n)) out.push(...report("DF-RAILS-08", httpPort.line, `HTTP_PORT=${httpPort.value} is not EXPOSEd`));
    if (ctx.opts.port !== undefined && n !== ctx.opts.port) out.push(...report("DF-RAILS-08", httpPort.line, `HTTP_PORT=${n} but the app port is ${ctx.opts.port}`));
  }
  const tls = env.get("TLS_DOMAIN") ?? env.get("THRUSTER_TLS_DOMAIN");
  if (tls) out.push(...report("DF-RAILS-08", tls.line, "TLS_DOMAIN set: TLS terminates at the ALB"));
  return out;
}

/** DF-RAILS-09: ENTRYPOINT ["/rails/bin/docker-entrypoint"]. */
function entrypoint(ctx: Ctx): string[] {
  const ep = lastInstruction(ctx.finalChain, "ENTRYPOINT");
  const argv = ep && execForm(ep.args);
  if (argv && /(^|\/)bin\/docker-entrypoint$/.test(argv[0] ?? "")) return [];
  return report("DF-RAILS-09", ep?.line ?? ctx.final?.from.line, 'ENTRYPOINT ["/rails/bin/docker-entrypoint"] missing');
}
