/**
 * docs/rules.md §1.4 Rails runtime stage: DF-RAILS-06 (non-root rails user),
 * DF-RAILS-08 (Thruster on an unprivileged port, + AP-22), DF-RAILS-09
 * (docker-entrypoint).
 */
import { execForm } from "../dockerfile/args.js";
import {
  byKeyword,
  copies,
  exposedPorts,
  finalEnv,
  finalVars,
  lastInstruction,
  report,
  runText,
  startArgv,
  type Ctx,
} from "./dockerfile-facts.js";

const RAILS_USER_RE = /^(1000|rails)(:(1000|rails))?$/;

/** DF-RAILS-06: rails user uid/gid 1000, USER 1000:1000, app files owned by rails. */
export function railsUser(ctx: Ctx): string[] {
  const out: string[] = [];
  const runs = byKeyword(ctx.finalChain, "RUN").map(runText);
  if (!runs.some((t) => /\buseradd\b[^;&|]*\brails\b/.test(t) && /\buseradd\b[^;&|]*(--uid|-u)[\s=]+1000\b/.test(t))) {
    out.push(
      ...report(
        "DF-RAILS-06",
        ctx.final?.from.line,
        "create the user: groupadd --system --gid 1000 rails && useradd rails --uid 1000 --gid 1000 …",
      ),
    );
  }
  const user = lastInstruction(ctx.finalChain, "USER");
  if (!user || !RAILS_USER_RE.test(user.args.trim())) {
    out.push(...report("DF-RAILS-06", user?.line ?? ctx.final?.from.line, "final stage must run as USER 1000:1000"));
  }
  const chownCopy = copies(ctx.final?.instructions ?? []).some((c) => c.from && RAILS_USER_RE.test(c.chown ?? ""));
  const chownRun = runs.some((t) => /\bchown\s+-R\s+(rails:rails|1000:1000)\b/.test(t));
  if (!chownCopy && !chownRun) {
    out.push(
      ...report(
        "DF-RAILS-06",
        ctx.final?.from.line,
        "app files must be owned by rails: COPY --chown=rails:rails --from=build … or chown -R rails:rails db log storage tmp",
      ),
    );
  }
  return out;
}

/** DF-RAILS-08: Thruster must not listen on :80 on Fargate; no TLS_DOMAIN (TLS ends at the ALB). */
export function thruster(ctx: Ctx): string[] {
  const { entrypoint, cmd } = startArgv(ctx);
  const startsThruster = [...(entrypoint ?? []), ...(cmd ?? [])].some((a) => /(^|\/)thrust$/.test(a));
  if (!startsThruster) return [];
  const out: string[] = [];
  const env = finalEnv(ctx);
  const ports = exposedPorts(ctx.finalChain, finalVars(ctx));
  for (const p of ports.filter((x) => x.port !== undefined && x.port < 1024)) {
    out.push(
      ...report(
        ["DF-RAILS-08", "AP-22"],
        p.line,
        `Thruster on EXPOSE ${p.raw}: set HTTP_PORT=8080 (≥1024) and EXPOSE it`,
      ),
    );
  }
  const httpPort = env.get("HTTP_PORT") ?? env.get("THRUSTER_HTTP_PORT");
  if (httpPort) {
    const n = Number(httpPort.value);
    if (!(n >= 1024))
      out.push(...report(["DF-RAILS-08", "AP-22"], httpPort.line, `HTTP_PORT=${httpPort.value} must be ≥ 1024`));
    if (!ports.some((p) => p.port === n))
      out.push(...report("DF-RAILS-08", httpPort.line, `HTTP_PORT=${httpPort.value} is not EXPOSEd`));
    if (ctx.opts.port !== undefined && n !== ctx.opts.port)
      out.push(...report("DF-RAILS-08", httpPort.line, `HTTP_PORT=${n} but the app port is ${ctx.opts.port}`));
  }
  const tls = env.get("TLS_DOMAIN") ?? env.get("THRUSTER_TLS_DOMAIN");
  if (tls) out.push(...report("DF-RAILS-08", tls.line, "TLS_DOMAIN set: TLS terminates at the ALB"));
  return out;
}

/** DF-RAILS-09: ENTRYPOINT ["/rails/bin/docker-entrypoint"]. */
export function railsEntrypoint(ctx: Ctx): string[] {
  const ep = lastInstruction(ctx.finalChain, "ENTRYPOINT");
  const argv = ep && execForm(ep.args);
  if (argv && /(^|\/)bin\/docker-entrypoint$/.test(argv[0] ?? "")) return [];
  return report("DF-RAILS-09", ep?.line ?? ctx.final?.from.line, 'ENTRYPOINT ["/rails/bin/docker-entrypoint"] missing');
}
