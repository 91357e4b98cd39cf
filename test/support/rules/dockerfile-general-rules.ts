/**
 * docs/rules.md §1.1 (all stacks): DF-GEN-01, 02, 03, 05, 07, 08, 09 and the
 * anti-patterns they detect (AP-01, AP-22, AP-24).
 */
import { execForm } from "../dockerfile/args.js";
import { isShellless } from "./base-images.js";
import { dependencyOrderProblems, missingInstallProblem } from "./dependency-layers.js";
import {
  byKeyword,
  exposedPorts,
  finalVars,
  isRootUser,
  lastInstruction,
  mounts,
  report,
  runText,
  type Ctx,
} from "./dockerfile-facts.js";
import { healthcheckCommand } from "./dockerfile-healthcheck-rule.js";
import { secretArgEnvProblems, secretVariableProblems } from "./dockerfile-secrets.js";

export function generalRules(ctx: Ctx): string[] {
  return [
    ...multiStage(ctx),
    ...syntaxDirective(ctx),
    ...dependencyOrder(ctx),
    ...secretArgEnvProblems(ctx),
    ...secretVariableProblems(ctx),
    ...nonRoot(ctx),
    ...execFormStart(ctx),
    ...healthcheckCommand(ctx),
  ];
}

const BUILD_STAGE_RE = /build|deps|builder/i;
const TOOLCHAIN_PKG_RE =
  /\b(apt-get|apt|apk)\b[^;&|]*\b(install|add)\b[^;&|]*\b(build-essential|build-base|gcc|g\+\+|make)\b/;
const NODE_BUILD_RE = /\b(npm\s+run\s+build|yarn\s+(run\s+)?build|pnpm\s+(run\s+)?build)\b/;

/** DF-GEN-01: a build stage plus a runtime stage without SDK/toolchain. */
function multiStage(ctx: Ctx): string[] {
  const { df, final } = ctx;
  if (!final || df.stages.length < 2)
    return report("DF-GEN-01", final?.from.line, "single-stage build: use a build stage and a runtime stage");
  const out: string[] = [];
  if (!df.stages.slice(0, -1).some((s) => BUILD_STAGE_RE.test(s.alias ?? ""))) {
    out.push(
      ...report("DF-GEN-01", df.stages[0]!.from.line, "no build stage named build/deps/builder (`FROM … AS build`)"),
    );
  }
  if (/^mcr\.microsoft\.com\/dotnet\/sdk\b/.test(ctx.finalImage)) {
    out.push(...report("DF-GEN-01", final.from.line, `final stage is based on the SDK image ${ctx.finalImage}`));
  }
  for (const run of byKeyword(ctx.finalChain, "RUN")) {
    const text = runText(run);
    if (TOOLCHAIN_PKG_RE.test(text))
      out.push(...report("DF-GEN-01", run.line, "final stage installs a compiler toolchain"));
    if (ctx.opts.stack === "node" && NODE_BUILD_RE.test(text)) {
      out.push(
        ...report("DF-GEN-01", run.line, "final stage runs the build; build in an earlier stage and copy the output"),
      );
    }
  }
  return out;
}

/** DF-GEN-02: `RUN --mount` needs `# syntax=docker/dockerfile:1` on line 1. */
function syntaxDirective(ctx: Ctx): string[] {
  const runs = byKeyword(ctx.df.instructions, "RUN");
  const firstMount = runs.find((r) => mounts(r).length > 0);
  if (!firstMount) return [];
  const line1 = ctx.df.lines[0] ?? "";
  const m = /^# syntax=docker\/dockerfile:1(\.(\d+))?$/.exec(line1);
  if (!m)
    return report(
      "DF-GEN-02",
      1,
      `RUN --mount is used (line ${firstMount.line}) but line 1 is not \`# syntax=docker/dockerfile:1\``,
    );
  // `--mount=type=secret,env=` exists since dockerfile:1.10; an older pin breaks the build.
  const usesEnv = runs.some((r) => mounts(r).some((mo) => mo.type === "secret" && mo.env !== undefined));
  if (usesEnv && m[2] !== undefined && Number(m[2]) < 10) {
    return report("DF-GEN-02", 1, "secret mounts with env= need docker/dockerfile:1.10 or later (or plain `:1`)");
  }
  return [];
}

/** DF-GEN-03 / AP-24: manifests → restore → sources. */
function dependencyOrder(ctx: Ctx): string[] {
  const problems = dependencyOrderProblems(ctx);
  const missing = missingInstallProblem(ctx, ctx.opts.stack);
  if (missing) problems.push(missing);
  return problems.flatMap((p) => report(["DF-GEN-03", "AP-24"], p.line, p.message));
}

/** DF-GEN-07 / AP-22: final stage runs as non-root and listens on an unprivileged port. */
function nonRoot(ctx: Ctx): string[] {
  const out: string[] = [];
  const user = lastInstruction(ctx.finalChain, "USER");
  if (!user && !isShellless(ctx.finalImage)) {
    out.push(
      ...report(["DF-GEN-07", "AP-22"], ctx.final?.from.line, "final stage has no USER: the container runs as root"),
    );
  } else if (user && isRootUser(user.args)) {
    out.push(...report(["DF-GEN-07", "AP-22"], user.line, `final stage runs as ${user.args}`));
  }
  const ports = exposedPorts(ctx.finalChain, finalVars(ctx));
  for (const p of ports.filter((x) => x.port !== undefined && x.port < 1024)) {
    out.push(
      ...report(
        ["DF-GEN-07", "AP-22"],
        p.line,
        `EXPOSE ${p.raw}: a non-root process cannot bind ports below 1024 on Fargate`,
      ),
    );
  }
  // .NET port consistency is DF-NET-05's job; for node/rails the configured port must be exposed.
  const want = ctx.opts.port;
  if (want !== undefined && ctx.opts.stack !== "dotnet" && !ports.some((p) => p.port === want)) {
    out.push(...report("DF-GEN-07", ports[0]?.line ?? ctx.final?.from.line, `configured port ${want} is not EXPOSEd`));
  }
  return out;
}

/** DF-GEN-08: CMD/ENTRYPOINT in JSON exec form. */
function execFormStart(ctx: Ctx): string[] {
  return ctx.df.instructions
    .filter((i) => (i.keyword === "CMD" || i.keyword === "ENTRYPOINT") && !execForm(i.args))
    .flatMap((i) =>
      report("DF-GEN-08", i.line, `${i.keyword} must use the JSON exec form, e.g. ${i.keyword} ["node", "server.js"]`),
    );
}
