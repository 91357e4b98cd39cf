/**
 * docs/rules.md §1.6 Python: DF-PY-01 (slim base of a supported line), DF-PY-02 (dependency layer
 * with a cache mount before the source), DF-PY-03 (a build stage's virtual environment; no
 * compilers or installers in the runtime), DF-PY-04 (non-root), DF-PY-05 (bytecode compiled,
 * unbuffered output) and DF-PY-06 (Django's collectstatic in the build).
 */
import { stageChain } from "../dockerfile/parse.js";
import { expandVars, keyValues } from "../dockerfile/args.js";
import { normalizeImage, PYTHON_RE } from "./base-images.js";
import { dependencyOrderProblems, INSTALL_RES, installRuns } from "./dependency-layers.js";
import {
  byKeyword,
  copies,
  finalEnv,
  installsOsPackage,
  isRootUser,
  lastInstruction,
  mounts,
  report,
  runText,
  type Ctx,
} from "./dockerfile-facts.js";

export function pythonRules(ctx: Ctx): string[] {
  return [
    ...pythonBase(ctx),
    ...dependencyLayer(ctx),
    ...runtimeStage(ctx),
    ...nonRoot(ctx),
    ...bytecode(ctx),
    ...collectstatic(ctx),
  ];
}

/** DF-PY-01: `ARG PYTHON_VERSION=<x>`, and every stage from python:<supported>-slim. */
function pythonBase(ctx: Ctx): string[] {
  const out: string[] = [];
  if (!ctx.df.globalArgs.some((a) => keyValues(a.args).get("PYTHON_VERSION") !== undefined))
    out.push(...report("DF-PY-01", 1, "global `ARG PYTHON_VERSION=<.python-version>` (with a default) missing"));
  for (const stage of ctx.df.stages.filter((s) => s.parent === undefined)) {
    const written = normalizeImage(stage.image.replace(/\$\{PYTHON_VERSION\}/g, "$PYTHON_VERSION"));
    const expanded = normalizeImage(expandVars(stage.image, ctx.globalVars));
    if (!PYTHON_RE.test(written) || !PYTHON_RE.test(expanded))
      out.push(...report("DF-PY-01", stage.from.line, `base image ${expanded} is not python:<3.11-3.14>-slim`));
  }
  return out;
}

/** DF-PY-02: the dependency files, then the install with a cache mount, then the source. */
function dependencyLayer(ctx: Ctx): string[] {
  const out = dependencyOrderProblems(ctx, INSTALL_RES.python).flatMap((p) => report("DF-PY-02", p.line, p.message));
  const installs = installRuns(ctx.df.instructions, INSTALL_RES.python);
  if (installs.length === 0)
    return [...out, ...report("DF-PY-02", ctx.final?.from.line, "no `pip install -r`, `poetry sync` or `uv sync`")];
  for (const install of installs)
    if (!mounts(install).some((m) => m.type === "cache"))
      out.push(
        ...report("DF-PY-02", install.line, "the dependency install has no `--mount=type=cache` for its downloads"),
      );
  return out;
}

const BUILD_TOOLS = ["build-essential", "gcc", "libpq-dev", "default-libmysqlclient-dev", "pkg-config"];

/** DF-PY-03: the runtime copies a virtual environment built elsewhere and holds no compilers or installers. */
function runtimeStage(ctx: Ctx): string[] {
  const out: string[] = [];
  const chain = ctx.final ? stageChain(ctx.df, ctx.final.index) : [];
  if (chain.length > 1 || !ctx.final)
    return report(
      "DF-PY-03",
      ctx.final?.from.line,
      "the runtime must start from the python image, not from the build stage",
    );
  for (const tool of BUILD_TOOLS.filter((t) => installsOsPackage(ctx.finalChain, t)))
    out.push(
      ...report("DF-PY-03", ctx.final.from.line, `the runtime installs ${tool}; build tools belong to the build stage`),
    );
  if (
    installRuns(ctx.finalChain, INSTALL_RES.python).length > 0 ||
    byKeyword(ctx.finalChain, "RUN").some((r) => /\b(poetry|uv)\b/.test(runText(r)))
  )
    out.push(
      ...report(
        "DF-PY-03",
        ctx.final.from.line,
        "the runtime installs dependencies itself; copy the build stage's environment",
      ),
    );
  const venv = finalEnv(ctx).get("VIRTUAL_ENV")?.value;
  if (!venv || !copies(ctx.final.instructions).some((c) => c.from && c.sources.includes(venv)))
    out.push(
      ...report(
        "DF-PY-03",
        ctx.final.from.line,
        "the runtime must copy the virtual environment (VIRTUAL_ENV) from the build stage",
      ),
    );
  return out;
}

/** DF-PY-04: the final USER is not root. */
function nonRoot(ctx: Ctx): string[] {
  const user = lastInstruction(ctx.finalChain, "USER");
  return !user || isRootUser(user.args)
    ? report("DF-PY-04", user?.line ?? ctx.final?.from.line, "the final stage must run as a non-root USER")
    : [];
}

/** DF-PY-05: compileall in the build; PYTHONUNBUFFERED=1 and PYTHONDONTWRITEBYTECODE=1 at run time. */
function bytecode(ctx: Ctx): string[] {
  const out: string[] = [];
  // The app's source: the last copy of the whole context, and a compileall after it.
  const source = copies(ctx.df.instructions)
    .filter((c) => !c.from && c.sources.includes("."))
    .pop();
  const compiled = byKeyword(ctx.df.instructions, "RUN").some(
    (r) => /\bpython\s+-m\s+compileall\b/.test(runText(r)) && (!source || r.line > source.ins.line),
  );
  if (!compiled)
    out.push(
      ...report(
        "DF-PY-05",
        ctx.final?.from.line,
        "nothing compiles the app's bytecode (`python -m compileall`) after its source is copied",
      ),
    );
  const env = finalEnv(ctx);
  for (const key of ["PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"])
    if (env.get(key)?.value !== "1")
      out.push(...report("DF-PY-05", ctx.final?.from.line, `ENV ${key}=1 missing in the runtime`));
  return out;
}

/** DF-PY-06: a Django image collects its static files in the build, never at start. */
function collectstatic(ctx: Ctx): string[] {
  if (ctx.opts.framework !== "django") return [];
  const collects = byKeyword(ctx.df.instructions, "RUN").filter((r) =>
    /\bmanage\.py\s+collectstatic\b/.test(runText(r)),
  );
  if (collects.length === 0)
    return report("DF-PY-06", ctx.final?.from.line, "Django's collectstatic does not run in the build");
  return collects.some((r) => ctx.finalChain.includes(r))
    ? report("DF-PY-06", collects[0]!.line, "collectstatic runs in the runtime stage; run it in the build stage")
    : [];
}
