/**
 * docs/rules.md §1.3 Node: DF-NODE-01, 02, 03, 04, 05, 07 (+ AP-25).
 */
import { chainInstructions, type Instruction } from "../dockerfile/parse.js";
import { NODE_RE } from "./base-images.js";
import { nextStandalone, nextStart } from "./dockerfile-next-rules.js";
import { INSTALL_RES, installRuns } from "./dependency-layers.js";
import {
  basename,
  byKeyword,
  copies,
  finalEnv,
  lastInstruction,
  report,
  runText,
  stageImage,
  startArgv,
  type Ctx,
} from "./dockerfile-facts.js";

export function nodeRules(ctx: Ctx): string[] {
  return [
    ...baseImages(ctx),
    ...lockfileInstall(ctx),
    ...nodeEnv(ctx),
    ...nodeUser(ctx),
    ...signalHandling(ctx),
    ...(ctx.opts.framework === "next" ? (ctx.opts.standalone === false ? nextStart(ctx) : nextStandalone(ctx)) : []),
  ];
}

/** DF-NODE-01: every node base is an LTS slim/alpine variant; the runtime is one of them. */
function baseImages(ctx: Ctx): string[] {
  const out: string[] = [];
  // Only stages FROM an external image; `FROM base AS x` is reported once, at base.
  for (const s of ctx.df.stages.filter((x) => x.parent === undefined)) {
    const image = stageImage(ctx.df, s.index, ctx.globalVars);
    if (/^node(:|$)/.test(image) && !NODE_RE.test(image)) {
      out.push(
        ...report("DF-NODE-01", s.from.line, `${image} is not node:<22|24|26>-<slim|bookworm-slim|trixie-slim|alpine>`),
      );
    }
  }
  if (!/^node(:|$)/.test(ctx.finalImage)) {
    out.push(
      ...report(
        "DF-NODE-01",
        ctx.final?.from.line,
        `runtime image ${ctx.finalImage} is not an official node LTS image`,
      ),
    );
  }
  return out;
}

const FORBIDDEN_INSTALLS: [RegExp, string][] = [
  [/\bnpm\s+(install|i)(\s|$)/, "`npm install` is not lockfile-exact: use `npm ci`"],
  [/--only=prod(uction)?\b/, "`--only=production` is deprecated: use `--omit=dev`"],
  [/\bnpm\s+ci\b[^;&|\n]*--production\b/, "`npm ci --production` is deprecated: use `--omit=dev`"],
  [
    /\byarn\s+install\b(?![^;&|\n]*--(immutable|frozen-lockfile))/,
    "`yarn install` needs --immutable (or --frozen-lockfile)",
  ],
  [/\bpnpm\s+(install|i)\b(?![^;&|\n]*--frozen-lockfile)/, "`pnpm install` needs --frozen-lockfile"],
];
const LOCKFILE_INSTALL_RE =
  /\bnpm\s+ci\b|\byarn\s+install\b[^;&|\n]*--(immutable|frozen-lockfile)|\bpnpm\s+(install|i)\b[^;&|\n]*--frozen-lockfile/;
const PROD_ONLY_RE =
  /--omit[= ]dev\b|\bnpm\s+prune\b[^;&|\n]*--omit[= ]dev|\byarn\b[^;&|\n]*--production\b|\byarn\s+workspaces\s+focus\b[^;&|\n]*--production|\bpnpm\b[^;&|\n]*(--prod\b|--production\b)/;

/** DF-NODE-02 / AP-25: lockfile-exact installs; production dependencies only in the runtime image. */
function lockfileInstall(ctx: Ctx): string[] {
  const out: string[] = [];
  const runs = byKeyword(ctx.df.instructions, "RUN");
  for (const run of runs) {
    for (const [re, why] of FORBIDDEN_INSTALLS)
      if (re.test(runText(run))) out.push(...report(["DF-NODE-02", "AP-25"], run.line, why));
  }
  if (!runs.some((r) => LOCKFILE_INSTALL_RE.test(runText(r)))) {
    out.push(...report("DF-NODE-02", ctx.df.stages[0]?.from.line, "no lockfile-exact install (`npm ci`)"));
  }
  out.push(...runtimeDependencies(ctx));
  return out;
}

function prodOnly(instructions: Instruction[]): boolean {
  const installs = installRuns(instructions, INSTALL_RES.node);
  const last = installs[installs.length - 1];
  if (!last) return false;
  // The last install is production-only, or a later prune removes dev dependencies.
  return byKeyword(instructions, "RUN").some((r) => r.line >= last.line && PROD_ONLY_RE.test(runText(r)));
}

/** Runtime node_modules come from an `--omit=dev` install (in the stage or the stage it is copied from). */
function runtimeDependencies(ctx: Ctx): string[] {
  if (installRuns(ctx.finalChain, INSTALL_RES.node).length > 0) {
    return prodOnly(ctx.finalChain)
      ? []
      : report(
          ["DF-NODE-02", "AP-25"],
          ctx.final?.from.line,
          "runtime stage installs dev dependencies: use `npm ci --omit=dev`",
        );
  }
  const out: string[] = [];
  for (const c of copies(ctx.finalChain).filter((x) => x.from && x.sources.some((s) => /node_modules\/?$/.test(s)))) {
    const source = ctx.df.stages.find((s) => s.alias?.toLowerCase() === c.from!.toLowerCase());
    if (source && !prodOnly(chainInstructions(ctx.df, source.index))) {
      out.push(
        ...report(
          ["DF-NODE-02", "AP-25"],
          c.ins.line,
          `node_modules copied from stage ${c.from}, which did not install with --omit=dev`,
        ),
      );
    }
  }
  return out;
}

/** DF-NODE-03 / AP-25 */
function nodeEnv(ctx: Ctx): string[] {
  if (finalEnv(ctx).get("NODE_ENV")?.value === "production") return [];
  return report(["DF-NODE-03", "AP-25"], ctx.final?.from.line, "runtime stage lacks ENV NODE_ENV=production");
}

/** DF-NODE-04: USER node (or the Next.js example's nextjs/1001), files copied --chown to that user. */
function nodeUser(ctx: Ctx): string[] {
  const user = lastInstruction(ctx.finalChain, "USER");
  const name = user?.args.trim().split(":")[0] ?? "";
  const builtIn = ["node", "1000"].includes(name);
  const created = byKeyword(ctx.finalChain, "RUN").some((r) =>
    new RegExp(`\\b(adduser|useradd)\\b[^;&|]*\\b${name}\\b`).test(runText(r)),
  );
  if (!user || !(builtIn || (name !== "" && created))) {
    return report(
      "DF-NODE-04",
      user?.line ?? ctx.final?.from.line,
      "runtime stage must run as `USER node` (or a created non-root user)",
    );
  }
  const finalCopies = copies(ctx.final?.instructions ?? []);
  if (finalCopies.length === 0) return [];
  const ok = new Set(builtIn ? ["node", "1000"] : [name, "1001"]);
  if (!finalCopies.some((c) => c.chown && ok.has(c.chown.split(":")[0]!))) {
    return report("DF-NODE-04", finalCopies[0]!.ins.line, `no COPY --chown=${name}:… in the runtime stage`);
  }
  return [];
}

const PACKAGE_MANAGER_RE = /^(npm|npx|yarn|pnpm|corepack)$/;
const INIT_RE = /^(tini|tini-static|dumb-init)$/;

/** DF-NODE-05 / AP-25: node is PID 1 (exec form) or runs under tini/dumb-init; never npm start. */
function signalHandling(ctx: Ctx): string[] {
  const { entrypoint, cmd, cmdIns } = startArgv(ctx);
  const line = cmdIns?.line ?? ctx.final?.from.line;
  const raw = lastInstruction(ctx.finalChain, "ENTRYPOINT")?.args ?? cmdIns?.args ?? "";
  if (/^\[?\s*"?(npm|npx|yarn|pnpm)\b/.test(raw.trim())) {
    return report(["DF-NODE-05", "AP-25"], line, 'npm/yarn as PID 1 swallows SIGTERM: use CMD ["node", "<entry>.js"]');
  }
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  let program = argv[0];
  if (INIT_RE.test(basename(program))) program = argv.slice(1).find((a) => !a.startsWith("-"));
  if (PACKAGE_MANAGER_RE.test(basename(program))) {
    return report(["DF-NODE-05", "AP-25"], line, `${basename(program)} as the main process swallows SIGTERM`);
  }
  if (basename(program) !== "node") {
    return report("DF-NODE-05", line, 'start the app with exec-form CMD ["node", …] (optionally under tini/dumb-init)');
  }
  return [];
}
