/**
 * DF-GEN-09: a Dockerfile HEALTHCHECK may only call what the final image has.
 * aspnet images ship no curl/wget, chiseled/distroless ones no shell, node
 * slim/alpine no curl; the Rails base stage installs curl itself.
 * (ECS ignores image HEALTHCHECKs; this keeps local `docker run` honest.)
 */
import { execForm, splitFlags } from "../dockerfile/args.js";
import { isShellless } from "./base-images.js";
import { basename, copies, installsOsPackage, lastInstruction, report, type Ctx } from "./dockerfile-facts.js";

/** DF-GEN-09: a HEALTHCHECK command must exist in the final image. */
export function healthcheckCommand(ctx: Ctx): string[] {
  const hc = lastInstruction(ctx.finalChain, "HEALTHCHECK");
  if (!hc || /^NONE$/i.test(hc.args.trim())) return [];
  const command = splitFlags(hc.args).rest.replace(/^CMD\s+/i, "");
  const argv = execForm(command);
  const out: string[] = [];
  const usesShell = !argv || ["sh", "bash"].includes(basename(argv[0]));
  if (usesShell && isShellless(ctx.finalImage)) {
    out.push(
      ...report("DF-GEN-09", hc.line, `${ctx.finalImage} has no shell: HEALTHCHECK cannot use the shell form or sh -c`),
    );
  }
  const words = argv ? argv.join(" ") : command;
  for (const tool of ["curl", "wget"]) {
    if (!new RegExp(`(^|[\\s/"'])${tool}\\b`).test(words)) continue;
    const busyboxWget = tool === "wget" && /alpine/.test(ctx.finalImage);
    const copiedIn = copies(ctx.finalChain).some((c) => c.sources.some((s) => s.endsWith(`/${tool}`)));
    if (!busyboxWget && !copiedIn && !installsOsPackage(ctx.finalChain, tool)) {
      out.push(
        ...report(
          "DF-GEN-09",
          hc.line,
          `HEALTHCHECK uses ${tool}, which the final image (${ctx.finalImage}) does not contain`,
        ),
      );
    }
  }
  return out;
}
