/**
 * Minimal Dockerfile parser for the test validators and rule checks.
 *
 * It follows the BuildKit parser closely enough for generated files: parser
 * directives at the top, `\` (or `# escape=`) line continuations, comment and
 * blank lines inside a continuation are dropped, and heredocs (`<<EOF`) on
 * RUN/COPY/ADD swallow the following lines up to their terminator.
 * We deliberately do not depend on `dockerfile-ast` (only a transitive
 * dependency of dockerfile-utils) so the rule checks stay self-contained.
 */
import { keyValues, splitFlags } from "./args.js";

export interface Heredoc {
  name: string;
  /** Body lines, terminator excluded. */
  body: string[];
  /** 1-based Dockerfile line of the first body line. */
  firstLine: number;
}

export interface Instruction {
  /** Upper-cased instruction keyword, e.g. "RUN". */
  keyword: string;
  /** Arguments with continuations joined and comment lines removed (heredoc bodies excluded). */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
  /** 1-based last line (including heredoc terminators). */
  endLine: number;
  /** Physical lines from `line` up to the end of the logical line (heredoc bodies excluded). */
  rawLines: string[];
  heredocs: Heredoc[];
  /** Index into `Dockerfile.stages`; -1 for global ARGs before the first FROM. */
  stage: number;
}

export interface Stage {
  index: number;
  /** Image reference as written (after flags), e.g. "node:24-slim" or "build". */
  image: string;
  alias?: string;
  platform?: string;
  from: Instruction;
  instructions: Instruction[];
  /** Index of the earlier stage this one is built `FROM`, if any. */
  parent?: number;
}

export interface Dockerfile {
  lines: string[];
  directives: Map<string, { value: string; line: number }>;
  instructions: Instruction[];
  globalArgs: Instruction[];
  stages: Stage[];
}

const DIRECTIVE_RE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/;
const HEREDOC_RE = /(?<!<)<<(?!<)(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const HEREDOC_KEYWORDS = new Set(["RUN", "COPY", "ADD"]);

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const { directives, firstContentLine } = readDirectives(lines);
  const escape = directives.get("escape")?.value === "`" ? "`" : "\\";
  const instructions: Instruction[] = [];
  let i = firstContentLine;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (line.trim() === "" || line.trimStart().startsWith("#")) {
      i++;
      continue;
    }
    const { instruction, next } = readInstruction(lines, i, escape);
    instructions.push(instruction);
    i = next;
  }
  return { lines, directives, instructions, ...groupStages(instructions) };
}

/** Parser directives (`# syntax=`, `# escape=`, `# check=`) only count before any other line. */
function readDirectives(lines: string[]) {
  const directives = new Map<string, { value: string; line: number }>();
  let i = 0;
  for (; i < lines.length; i++) {
    const m = DIRECTIVE_RE.exec(lines[i] ?? "");
    if (!m || directives.has(m[1]!.toLowerCase())) break;
    directives.set(m[1]!.toLowerCase(), { value: m[2]!, line: i + 1 });
  }
  return { directives, firstContentLine: i };
}

function endsWithEscape(line: string, escape: string): string | undefined {
  const trimmed = line.replace(/[ \t]+$/, "");
  return trimmed.endsWith(escape) ? trimmed.slice(0, -1) : undefined;
}

function readInstruction(lines: string[], start: number, escape: string) {
  const rawLines: string[] = [];
  const parts: string[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? "";
    rawLines.push(line);
    const isFiller = i > start && (line.trim() === "" || line.trimStart().startsWith("#"));
    if (isFiller) continue; // BuildKit drops comments/blank lines inside a continuation
    const continued = endsWithEscape(line, escape);
    parts.push(continued ?? line);
    if (continued === undefined) break;
  }
  const logical = parts.join("");
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(logical);
  const keyword = (m?.[1] ?? "").toUpperCase();
  const args = (m?.[2] ?? "").trim();
  const heredocs: Heredoc[] = [];
  let next = i + 1;
  if (HEREDOC_KEYWORDS.has(keyword)) {
    for (const h of args.matchAll(HEREDOC_RE)) {
      const body: string[] = [];
      const firstLine = next + 1;
      const stripTabs = h[1] === "-";
      while (next < lines.length) {
        const bodyLine = lines[next] ?? "";
        next++;
        const candidate = stripTabs ? bodyLine.replace(/^\t+/, "") : bodyLine;
        if (candidate === h[3]) break;
        body.push(candidate);
      }
      heredocs.push({ name: h[3]!, body, firstLine });
    }
  }
  const instruction: Instruction = {
    keyword,
    args,
    line: start + 1,
    endLine: next,
    rawLines,
    heredocs,
    stage: -1,
  };
  return { instruction, next };
}

function groupStages(instructions: Instruction[]) {
  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  for (const ins of instructions) {
    if (ins.keyword === "FROM") {
      stages.push(makeStage(ins, stages));
    }
    const current = stages[stages.length - 1];
    ins.stage = current ? current.index : -1;
    if (current) current.instructions.push(ins);
    else if (ins.keyword === "ARG") globalArgs.push(ins);
  }
  return { stages, globalArgs };
}

function makeStage(from: Instruction, earlier: Stage[]): Stage {
  const { flags, rest } = splitFlags(from.args);
  const [image = "", asWord, alias] = rest.split(/\s+/);
  const hasAlias = asWord?.toUpperCase() === "AS" && alias !== undefined;
  const parent = earlier.find((s) => s.alias !== undefined && s.alias.toLowerCase() === image.toLowerCase());
  return {
    index: earlier.length,
    image,
    alias: hasAlias ? alias : undefined,
    platform: flags.find((f) => f.name === "platform")?.value,
    from,
    instructions: [],
    parent: parent?.index,
  };
}

/** Stage plus its in-file ancestors (`FROM base AS build` inherits base's ENV/USER/SHELL). */
export function stageChain(df: Dockerfile, stageIndex: number): Stage[] {
  const chain: Stage[] = [];
  for (
    let s: Stage | undefined = df.stages[stageIndex];
    s;
    s = s.parent === undefined ? undefined : df.stages[s.parent]
  ) {
    chain.unshift(s);
  }
  return chain;
}

/** Instructions visible in a stage, ancestors first. */
export function chainInstructions(df: Dockerfile, stageIndex: number): Instruction[] {
  return stageChain(df, stageIndex).flatMap((s) => s.instructions);
}

/** External base image of a stage, following in-file aliases. */
export function baseImage(df: Dockerfile, stageIndex: number): string {
  return stageChain(df, stageIndex)[0]?.image ?? "";
}

/** Default values of global ARGs (used to expand `FROM image:${VERSION}`). */
export function globalArgDefaults(df: Dockerfile): Map<string, string> {
  const vars = new Map<string, string>();
  for (const ins of df.globalArgs) {
    for (const [k, v] of keyValues(ins.args)) if (v !== undefined) vars.set(k, v);
  }
  return vars;
}

export function finalStage(df: Dockerfile): Stage | undefined {
  return df.stages[df.stages.length - 1];
}
