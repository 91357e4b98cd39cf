/**
 * docs/rules.md §1.2 ASP.NET Core: DF-NET-01, 03, 04, 05 (+ AP-21).
 */
import { DOTNET_ASPNET_RE, DOTNET_SDK_RE, isShellless } from "./base-images.js";
import { dependencyOrderProblems, INSTALL_RES, installRuns } from "./dependency-layers.js";
import {
  byKeyword,
  finalEnv,
  exposedPorts,
  finalVars,
  lastInstruction,
  report,
  runText,
  stageImage,
  type Ctx,
} from "./dockerfile-facts.js";

export function dotnetRules(ctx: Ctx): string[] {
  return [...images(ctx), ...restoreLayer(ctx), ...appUser(ctx), ...port(ctx)];
}

/** DF-NET-01: sdk build stage + aspnet runtime of the same major (and the app's TargetFramework). */
function images(ctx: Ctx): string[] {
  const out: string[] = [];
  const roots = ctx.df.stages.filter((s) => s.parent === undefined); // stages FROM an external image
  const fromImages = roots.map((s) => ({
    s,
    image: stageImage(ctx.df, s.index, ctx.globalVars),
  }));
  for (const { s, image } of fromImages) {
    if (/^(microsoft\/dotnet|mcr\.microsoft\.com\/dotnet\/core\/)/.test(image)) {
      out.push(...report("DF-NET-01", s.from.line, `${image} is a pre-.NET 5 repository name`));
    }
  }
  const sdk = fromImages.find(({ image }) => DOTNET_SDK_RE.test(image));
  if (!sdk)
    out.push(
      ...report(
        "DF-NET-01",
        ctx.df.stages[0]?.from.line,
        "no build stage FROM mcr.microsoft.com/dotnet/sdk:<8|9|10>.0",
      ),
    );
  const runtime = DOTNET_ASPNET_RE.exec(ctx.finalImage);
  const finalLine = ctx.final?.from.line;
  if (!runtime) {
    out.push(
      ...report(
        "DF-NET-01",
        finalLine,
        `runtime image ${ctx.finalImage} is not mcr.microsoft.com/dotnet/aspnet:<8|9|10>.0[-variant]`,
      ),
    );
    return out;
  }
  const major = runtime[1]!;
  const variant = runtime[3] ?? "";
  const sdkMajor = sdk && DOTNET_SDK_RE.exec(sdk.image)?.[1];
  if (sdkMajor && sdkMajor !== major) {
    out.push(...report("DF-NET-01", finalLine, `sdk:${sdkMajor}.0 build stage but aspnet:${major}.0 runtime`));
  }
  const tfm = /^net(\d+)\.0/.exec(ctx.opts.targetFramework ?? "")?.[1];
  if (tfm && tfm !== major)
    out.push(
      ...report("DF-NET-01", finalLine, `aspnet:${major}.0 does not match TargetFramework ${ctx.opts.targetFramework}`),
    );
  if (variant === "bookworm-slim" && major === "10") {
    out.push(...report("DF-NET-01", finalLine, "no Debian images are published for .NET 10 (use -noble*)"));
  }
  if (variant.startsWith("jammy") && major !== "8")
    out.push(...report("DF-NET-01", finalLine, `-${variant} exists for 8.0 only`));
  return out;
}

/** DF-NET-03: restore before sources, publish with --no-restore -c Release -o <dir>. */
function restoreLayer(ctx: Ctx): string[] {
  const restores = installRuns(ctx.df.instructions, INSTALL_RES.dotnet);
  const out = dependencyOrderProblems(ctx, INSTALL_RES.dotnet).flatMap((p) => report("DF-NET-03", p.line, p.message));
  if (restores.length === 0)
    out.push(...report("DF-NET-03", ctx.df.stages[0]?.from.line, "no `RUN dotnet restore` layer"));
  const publishes = byKeyword(ctx.df.instructions, "RUN").filter((r) => /\bdotnet\s+publish\b/.test(runText(r)));
  if (publishes.length === 0) out.push(...report("DF-NET-03", ctx.final?.from.line, "no `RUN dotnet publish` step"));
  for (const pub of publishes) {
    const text = runText(pub);
    if (!/--no-restore\b/.test(text))
      out.push(...report("DF-NET-03", pub.line, "dotnet publish must pass --no-restore"));
    if (!/(-c|--configuration)[\s=]+Release\b/.test(text))
      out.push(...report("DF-NET-03", pub.line, "dotnet publish must use -c Release"));
    if (!/(\s-o|--output)[\s=]+\S+/.test(text))
      out.push(...report("DF-NET-03", pub.line, "dotnet publish must set -o <dir>"));
    if (restores[0] && pub.line < restores[0].line)
      out.push(...report("DF-NET-03", pub.line, "dotnet publish runs before dotnet restore"));
  }
  return out;
}

/** DF-NET-04: non-chiseled aspnet images must switch to the built-in `app` user. */
function appUser(ctx: Ctx): string[] {
  if (isShellless(ctx.finalImage) || !DOTNET_ASPNET_RE.test(ctx.finalImage)) return [];
  const user = lastInstruction(ctx.finalChain, "USER");
  if (user && /^(\$APP_UID|\$\{APP_UID\}|app|1654)$/.test(user.args.trim())) return [];
  return report(
    "DF-NET-04",
    user?.line ?? ctx.final?.from.line,
    "non-chiseled aspnet runtime must end with `USER $APP_UID`",
  );
}

/** DF-NET-05 / AP-21: listen on 8080 (or the configured port ≥ 1024), never ASPNETCORE_URLS=…:80. */
function port(ctx: Ctx): string[] {
  const want = ctx.opts.port ?? 8080;
  const out: string[] = [];
  const ports = exposedPorts(ctx.finalChain, finalVars(ctx));
  if (!ports.some((p) => p.port === want)) {
    out.push(...report("DF-NET-05", ports[0]?.line ?? ctx.final?.from.line, `EXPOSE ${want} missing`));
  }
  for (const p of ports.filter((x) => x.port !== undefined && x.port !== want)) {
    out.push(
      ...report(
        p.port === 80 ? ["DF-NET-05", "AP-21"] : "DF-NET-05",
        p.line,
        `EXPOSE ${p.raw}: the app listens on ${want}`,
      ),
    );
  }
  const env = finalEnv(ctx);
  const urls = env.get("ASPNETCORE_URLS");
  if (urls) {
    const bad = [...urls.value.matchAll(/:(\d+)\b/g)].map((m) => Number(m[1])).filter((n) => n < 1024 || n !== want);
    const ids = bad.some((n) => n < 1024) ? ["DF-NET-05", "AP-21"] : "DF-NET-05";
    if (bad.length > 0)
      out.push(
        ...report(
          ids,
          urls.line,
          `ASPNETCORE_URLS=${urls.value} overrides ASPNETCORE_HTTP_PORTS; use ASPNETCORE_HTTP_PORTS=${want}`,
        ),
      );
  }
  const httpPorts = env.get("ASPNETCORE_HTTP_PORTS");
  if (httpPorts && !httpPorts.value.split(/[;,]/).map(Number).includes(want)) {
    out.push(
      ...report("DF-NET-05", httpPorts.line, `ASPNETCORE_HTTP_PORTS=${httpPorts.value} but the app port is ${want}`),
    );
  }
  if (want !== 8080 && !httpPorts && !urls) {
    out.push(
      ...report(
        "DF-NET-05",
        ports[0]?.line,
        `port ${want} differs from the image default 8080: set ENV ASPNETCORE_HTTP_PORTS=${want}`,
      ),
    );
  }
  return out;
}
