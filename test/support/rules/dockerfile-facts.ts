/**
 * Shared context and small queries over a parsed Dockerfile, used by the
 * per-stack rule modules. Every rule module returns plain strings
 * `<RULE-ID>: line <n>: <message>`.
 */
import {
  baseImage,
  chainInstructions,
  finalStage,
  globalArgDefaults,
  parseDockerfile,
  type Dockerfile,
  type Instruction,
  type Stage,
} from "../dockerfile/parse.js";
import { execForm, expandVars, keyValues, splitFlags } from "../dockerfile/args.js";
import { normalizeImage } from "./base-images.js";

export type Stack = "dotnet" | "node" | "rails" | "python";

export interface DockerfileRuleOptions {
  stack: Stack;
  /** Container port the app must listen on / EXPOSE (defaults: dotnet 8080, node 3000). */
  port?: number;
  /** node: "next" | "express" | "nest"; rails: "api" disables the asset-pipeline rule; python: "django" | "fastapi" | …. */
  framework?: string;
  /** next: next.config sets output "standalone" (DF-NODE-07); false: the image runs `next start`. */
  standalone?: boolean;
  /** dotnet: `<TargetFramework>` of the app, e.g. "net10.0" (DF-NET-01 same-major check). */
  targetFramework?: string;
  /** A private package feed is configured: install steps must use a secret mount (DF-GEN-05). */
  privateFeed?: boolean;
}

export interface Ctx {
  df: Dockerfile;
  opts: DockerfileRuleOptions;
  final: Stage | undefined;
  /** Instructions that shape the final image (final stage plus in-file ancestors). */
  finalChain: Instruction[];
  /** Final stage's external base image, ARG defaults expanded, digest removed. */
  finalImage: string;
  globalVars: Map<string, string>;
}

export function makeCtx(text: string, opts: DockerfileRuleOptions): Ctx {
  const df = parseDockerfile(text);
  const final = finalStage(df);
  const globalVars = globalArgDefaults(df);
  return {
    df,
    opts,
    final,
    finalChain: final ? chainInstructions(df, final.index) : [],
    finalImage: final ? stageImage(df, final.index, globalVars) : "",
    globalVars,
  };
}

export function stageImage(df: Dockerfile, stageIndex: number, vars: Map<string, string>): string {
  return normalizeImage(expandVars(baseImage(df, stageIndex), vars));
}

/** Formats one problem per rule id (a finding can violate a rule and be a listed anti-pattern). */
export function report(ids: string | string[], line: number | undefined, message: string): string[] {
  const where = line === undefined ? "" : `line ${line}: `;
  return (Array.isArray(ids) ? ids : [ids]).map((id) => `${id}: ${where}${message}`);
}

export const byKeyword = (instructions: Instruction[], keyword: string) =>
  instructions.filter((i) => i.keyword === keyword);

/** Command text of a RUN (flags removed, heredoc bodies appended) for regex checks. */
export function runText(ins: Instruction): string {
  const { rest } = splitFlags(ins.args);
  return [rest, ...ins.heredocs.flatMap((h) => h.body)].join("\n");
}

export function flagValues(ins: Instruction, name: string): string[] {
  return splitFlags(ins.args)
    .flags.filter((f) => f.name === name)
    .map((f) => f.value ?? "");
}

/** Parsed `--mount=` options of a RUN, e.g. [{type: "secret", id: "npm_token", env: "NPM_TOKEN"}]. */
export function mounts(ins: Instruction): Record<string, string>[] {
  return flagValues(ins, "mount").map((v) =>
    Object.fromEntries(v.split(",").map((kv) => kv.split("=", 2) as [string, string])),
  );
}

export interface CopySpec {
  ins: Instruction;
  sources: string[];
  dest: string;
  from?: string;
  chown?: string;
}

/** COPY/ADD sources and destination; heredoc copies have no context sources. */
export function copySpec(ins: Instruction): CopySpec {
  const { flags, rest } = splitFlags(ins.args);
  const parts = execForm(rest) ?? rest.split(/\s+/).filter(Boolean);
  const dest = parts[parts.length - 1] ?? "";
  const sources = parts.slice(0, -1).filter((s) => !s.startsWith("<<"));
  const flag = (n: string) => flags.find((f) => f.name === n)?.value;
  return { ins, sources, dest, from: flag("from"), chown: flag("chown") };
}

export const copies = (instructions: Instruction[]) =>
  instructions.filter((i) => i.keyword === "COPY" || i.keyword === "ADD").map(copySpec);

export function lastInstruction(instructions: Instruction[], keyword: string): Instruction | undefined {
  return byKeyword(instructions, keyword).pop();
}

export interface ExposedPort {
  port: number | undefined;
  raw: string;
  line: number;
}

export function exposedPorts(instructions: Instruction[], vars: Map<string, string>): ExposedPort[] {
  return byKeyword(instructions, "EXPOSE").flatMap((ins) =>
    ins.args.split(/\s+/).map((raw) => {
      const expanded = expandVars(raw, vars).replace(/\/(tcp|udp)$/i, "");
      return {
        raw,
        line: ins.line,
        port: /^\d+$/.test(expanded) ? Number(expanded) : undefined,
      };
    }),
  );
}

export interface FinalScope {
  /** ENV of the final image: key → expanded value and the line it was set on. */
  env: Map<string, { value: string; line: number }>;
  /** Every ARG/ENV value in scope at the end of the final stage (for EXPOSE $PORT etc.). */
  vars: Map<string, string>;
}

/**
 * ARG/ENV of the final stage lineage with values expanded as Docker does: an
 * ENV value's `${VAR}` sees earlier ENVs and ARGs declared in the stage (a bare
 * `ARG X` inherits the global default). `--build-arg` overrides are out of
 * scope: the defaults are what the image ships with.
 */
export function finalScope(ctx: Ctx): FinalScope {
  const vars = new Map<string, string>();
  const env = new Map<string, { value: string; line: number }>();
  for (const ins of ctx.finalChain) {
    if (ins.keyword !== "ARG" && ins.keyword !== "ENV") continue;
    for (const [k, v] of keyValues(ins.args, ins.keyword === "ENV")) {
      const value = v === undefined ? ctx.globalVars.get(k) : expandVars(v, vars);
      if (value === undefined) continue;
      vars.set(k, value);
      if (ins.keyword === "ENV") env.set(k, { value, line: ins.line });
    }
  }
  return { env, vars };
}

export const finalEnv = (ctx: Ctx) => finalScope(ctx).env;
export const finalVars = (ctx: Ctx) => finalScope(ctx).vars;

/** The argv the final image starts with: ENTRYPOINT (exec form) followed by CMD (exec form). */
export function startArgv(ctx: Ctx): {
  entrypoint?: string[];
  cmd?: string[];
  cmdIns?: Instruction;
} {
  const ep = lastInstruction(ctx.finalChain, "ENTRYPOINT");
  const cmd = lastInstruction(ctx.finalChain, "CMD");
  return {
    entrypoint: ep && execForm(ep.args),
    cmd: cmd && execForm(cmd.args),
    cmdIns: cmd,
  };
}

export const basename = (p: string | undefined) => (p ?? "").split("/").pop() ?? "";

/** Users that are root: `root`, `0`, with or without a group. */
export const isRootUser = (user: string) => /^(root|0)(:.*)?$/.test(user.trim());

/** RUN lines that install packages through the OS package manager and mention `pkg`. */
export function installsOsPackage(instructions: Instruction[], pkg: string): boolean {
  const re = new RegExp(`\\b(apt-get|apt|apk|dnf|microdnf|tdnf|yum)\\b[^;&|]*\\b(install|add)\\b[^;&|]*\\b${pkg}\\b`);
  return byKeyword(instructions, "RUN").some((ins) => re.test(runText(ins)));
}
