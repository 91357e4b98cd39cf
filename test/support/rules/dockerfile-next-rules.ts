/**
 * DF-NODE-07 (MUST for Next.js): the runtime image is the `output: "standalone"`
 * server: `.next/standalone`, `.next/static` → `<app>/.next/static`, `public`,
 * `ENV HOSTNAME=0.0.0.0` + `PORT`, and `CMD ["node", "server.js"]`.
 * (`output: 'standalone'` in next.config itself is checked elsewhere.)
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
