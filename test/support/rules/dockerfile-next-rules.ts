/**
 * DF-NODE-07 (MUST for Next.js): the runtime image is the `output: "standalone"`
 * server: `.next/standalone`, `.next/static` → `<app>/.next/static`, `public`,
 * `ENV HOSTNAME=0.0.0.0` + `PORT`, and `CMD ["node", "server.js"]`.
 * (`output: 'standalone'` in next.config itself is checked elsewhere.)
 *
 * An app without standalone output cannot have that image (.next/standalone is never built), and
 * the issue that asks for such apps wins over DF-NODE-07 (docs/rules.md): nextStart holds that image to what
 * `next start` needs instead: the build output and node running Next's CLI, and no standalone copy.
 */
import { basename, copies, finalEnv, report, startArgv, type Ctx } from "./dockerfile-facts.js";

export function nextStandalone(ctx: Ctx): string[] {
  const line = ctx.final?.from.line;
  const finalCopies = copies(ctx.final?.instructions ?? []);
  const copied = (src: RegExp, dest?: RegExp) =>
    finalCopies.some((c) => c.sources.some((s) => src.test(s)) && (!dest || dest.test(c.dest)));
  const env = finalEnv(ctx);
  const port = String(ctx.opts.port ?? 3000);
  const missing: string[] = [];
  if (!copied(/\.next\/standalone\/?$/)) missing.push("COPY of .next/standalone");
  // In a monorepo the standalone tree nests the app (`./frontend/.next/static`), so only the tail is fixed.
  if (!copied(/\.next\/static\/?$/, /\.next\/static\/?$/)) missing.push("COPY of .next/static to ./.next/static");
  if (!copied(/(^|\/)public\/?$/)) missing.push("COPY of public/");
  if (env.get("HOSTNAME")?.value !== "0.0.0.0") missing.push("ENV HOSTNAME=0.0.0.0");
  if (env.get("PORT")?.value !== port) missing.push(`ENV PORT=${port}`);
  const out = missing.flatMap((what) => report("DF-NODE-07", line, `Next.js standalone runtime lacks ${what}`));

  const { entrypoint, cmd, cmdIns } = startArgv(ctx);
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  const nodeAt = argv.findIndex((a) => basename(a) === "node");
  const script = nodeAt >= 0 && argv.length === nodeAt + 2 ? argv[nodeAt + 1] : undefined;
  // server.js sits at the standalone root, or under the app folder in a monorepo (`frontend/server.js`).
  if (basename(script) !== "server.js") {
    out.push(...report("DF-NODE-07", cmdIns?.line ?? line, 'CMD must be ["node", "server.js"]'));
  }
  return out;
}

export function nextStart(ctx: Ctx): string[] {
  const line = ctx.final?.from.line;
  const finalCopies = copies(ctx.final?.instructions ?? []);
  const copied = (src: RegExp) => finalCopies.some((c) => c.sources.some((s) => src.test(s)));
  const out: string[] = [];
  if (copied(/\.next\/standalone\/?$/))
    out.push(...report("DF-NODE-07", line, "no .next/standalone without standalone output"));
  if (!copied(/\.next\/?$/)) out.push(...report("DF-NODE-07", line, "next start needs the build output .next"));
  const port = String(ctx.opts.port ?? 3000);
  if (finalEnv(ctx).get("PORT")?.value !== port) out.push(...report("DF-NODE-07", line, `ENV PORT=${port}`));
  const { entrypoint, cmd, cmdIns } = startArgv(ctx);
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  // node itself, so SIGTERM reaches the server: never npm or npx, nor the .bin shell shim.
  if (basename(argv[0]) !== "node" || !argv[1]?.endsWith("next/dist/bin/next") || argv[2] !== "start")
    out.push(
      ...report("DF-NODE-07", cmdIns?.line ?? line, 'CMD must be ["node", ".../next/dist/bin/next", "start", ...]'),
    );
  return out;
}
