/**
 * Mechanical checks of the Dockerfile MUST rules in docs/rules.md §1 and the
 * Dockerfile anti-patterns of §8. Returns one string per finding, starting
 * with the rule id, e.g. `DF-GEN-05: line 4: ARG NPM_TOKEN carries a secret; …`.
 * A finding that is both a rule violation and a listed anti-pattern is
 * reported once under each id (e.g. DF-GEN-05 and AP-01).
 *
 * Implemented: DF-GEN-01, 02, 03, 05, 07, 08, 09; DF-NET-01, 03, 04, 05;
 * DF-NODE-01, 02, 03, 04, 05, 07 (framework "next"); DF-RAILS-01, 02, 03, 05,
 * 06, 08, 09; AP-01, 02, 03, 21, 22, 24, 25, 26.
 */
import { expandVars } from "../dockerfile/args.js";
import { MIN_DOTNET_MAJOR, MIN_RUBY, NODE_LTS_MAJORS, normalizeImage } from "./base-images.js";
import { makeCtx, report, type Ctx, type DockerfileRuleOptions } from "./dockerfile-facts.js";
import { dotnetRules } from "./dockerfile-dotnet-rules.js";
import { generalRules } from "./dockerfile-general-rules.js";
import { nodeRules } from "./dockerfile-node-rules.js";
import { railsRules } from "./dockerfile-rails-rules.js";

export type { DockerfileRuleOptions } from "./dockerfile-facts.js";

const STACK_RULES = {
  dotnet: dotnetRules,
  node: nodeRules,
  rails: railsRules,
} as const;

export function checkDockerfileRules(text: string, opts: DockerfileRuleOptions): string[] {
  const ctx = makeCtx(text, opts);
  if (ctx.df.stages.length === 0) return report("DF-GEN-01", undefined, "no FROM instruction");
  const problems = [...generalRules(ctx), ...STACK_RULES[opts.stack](ctx), ...eolBaseImages(ctx)];
  return [...new Set(problems)];
}

/** AP-26: end-of-life base images in any stage, whatever the stack (docs/rules.md §0 as of 2026-11-22). */
function eolBaseImages(ctx: Ctx): string[] {
  return ctx.df.stages.flatMap((s) => {
    const image = normalizeImage(expandVars(s.image, ctx.globalVars));
    const why = eolReason(image);
    return why ? report("AP-26", s.from.line, `${image}: ${why}`) : [];
  });
}

function eolReason(image: string): string | undefined {
  if (/^(microsoft\/dotnet|mcr\.microsoft\.com\/dotnet\/core\/)/.test(image)) return "pre-.NET 5 repository (EOL)";
  const dotnet = /^mcr\.microsoft\.com\/dotnet\/[a-z-]+:(\d+)\./.exec(image);
  if (dotnet && Number(dotnet[1]) < MIN_DOTNET_MAJOR) return `.NET ${dotnet[1]} is EOL`;
  const node = /^node:(\d+)/.exec(image);
  if (node && !NODE_LTS_MAJORS.includes(Number(node[1]))) return `Node ${node[1]} is EOL or not an LTS line`;
  const ruby = /(^|\/)ruby:(\d+)\.(\d+)/.exec(image);
  if (ruby && (Number(ruby[2]) < MIN_RUBY[0] || (Number(ruby[2]) === MIN_RUBY[0] && Number(ruby[3]) < MIN_RUBY[1]))) {
    return `Ruby ${ruby[2]}.${ruby[3]} is no longer published/supported`;
  }
  if (/^postgres(:latest)?$/.test(image)) return "unpinned postgres (latest)";
  return undefined;
}
