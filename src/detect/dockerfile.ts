// A repository's own Dockerfile, read for what the rest of the stack must agree with: its stages,
// and for the stage that is built (the last one, as `docker build` without --target) the ports it
// EXPOSEs, the USER it runs as and its CMD / ENTRYPOINT. A small reader, not a full parser: it
// joins continuation lines, skips comments and parser directives, and expands ${VAR} / $VAR from
// the ARG and ENV defaults the stage (and the stages it is built FROM) set.
// Syntax: https://docs.docker.com/reference/dockerfile/ (checked 2026-12-03).

export interface DockerfileStage {
  /** The `AS name`, or null for an unnamed stage. */
  name: string | null;
  /** What it is built FROM: an image, or an earlier stage's name. */
  from: string;
  instructions: Instruction[];
}

interface Instruction {
  keyword: string;
  args: string;
}

export interface DockerfileFacts {
  stages: DockerfileStage[];
  /** Ports the built stage EXPOSEs (tcp), in order; ports given by a variable without a default are left out. */
  exposed: number[];
  /** The built stage's USER, inherited from the stages it is built on; null: none, so root. */
  user: string | null;
  /** The command the image runs: ENTRYPOINT followed by CMD, exec form as a list, shell form as one string. */
  entrypoint: string[] | null;
  cmd: string[] | null;
}

export function readDockerfile(text: string): DockerfileFacts {
  const stages = splitStages(instructionsOf(text));
  const chain = stageChain(stages);
  const vars = new Map<string, string>();
  let user: string | null = null;
  let entrypoint: string[] | null = null;
  let cmd: string[] | null = null;
  let exposed: number[] = [];
  for (const stage of chain) {
    for (const { keyword, args } of stage.instructions) {
      if (keyword === "ARG" || keyword === "ENV") setVariables(vars, args);
      else if (keyword === "USER") user = expand(args, vars).trim();
      else if (keyword === "EXPOSE") exposed = [...exposed, ...exposedPorts(expand(args, vars))];
      else if (keyword === "ENTRYPOINT") {
        entrypoint = commandOf(args);
        cmd = null; // Setting ENTRYPOINT resets a CMD inherited from the base stage.
      } else if (keyword === "CMD") cmd = commandOf(args);
    }
  }
  return { stages, exposed: [...new Set(exposed)], user, entrypoint, cmd };
}

/** Whether the image runs as root: no USER, or USER root / 0 (with or without a group). */
export function runsAsRoot(facts: DockerfileFacts): boolean {
  const name = facts.user?.split(":")[0] ?? "root";
  return name === "root" || name === "0";
}

/** "./bin/thrust ./bin/rails server": the command the image starts, for a line of output. */
export function describeCommand(facts: DockerfileFacts): string | null {
  const parts = [...(facts.entrypoint ?? []), ...(facts.cmd ?? [])];
  return parts.length > 0 ? parts.join(" ") : null;
}

function instructionsOf(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = "";
  const push = (full: string) => {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(full.trim());
    if (m) out.push({ keyword: m[1]!.toUpperCase(), args: m[2]!.trim() });
  };
  for (const raw of text.replace(/\r\n/g, "\n").split("\n")) {
    const line = raw.trim();
    // Comments and parser directives (`# syntax=...`) are whole lines that start with "#"; they
    // and empty lines may sit inside a continued instruction too.
    if (line.startsWith("#") || line === "") continue;
    if (line.endsWith("\\")) pending += `${line.slice(0, -1)} `;
    else {
      push(`${pending}${line}`);
      pending = "";
    }
  }
  if (pending) push(pending);
  return out;
}

function splitStages(instructions: Instruction[]): DockerfileStage[] {
  const stages: DockerfileStage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith("--"));
      const as = words.findIndex((w) => w.toUpperCase() === "AS");
      stages.push({ name: as > 0 ? (words[as + 1] ?? null) : null, from: words[0] ?? "", instructions: [] });
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** The built (last) stage and the stages it is built FROM, base first. */
function stageChain(stages: DockerfileStage[]): DockerfileStage[] {
  const chain: DockerfileStage[] = [];
  let stage = stages.at(-1);
  while (stage && !chain.includes(stage)) {
    chain.unshift(stage);
    const from = stage.from.toLowerCase();
    stage = stages
      .slice(0, stages.indexOf(stage))
      .reverse()
      .find((s) => s.name?.toLowerCase() === from);
  }
  return chain;
}

/** `ARG NAME=value`, `ENV NAME=value OTHER="x y"` and the old `ENV NAME value`. */
function setVariables(vars: Map<string, string>, args: string): void {
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=]*)$/.exec(args);
  if (legacy) {
    vars.set(legacy[1]!, unquote(legacy[2]!.trim()));
    return;
  }
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
    if (m[2] !== undefined) vars.set(m[1]!, expand(unquote(m[2]), vars));
    else if (!vars.has(m[1]!)) vars.set(m[1]!, "");
  }
}

function expand(text: string, vars: Map<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) =>
      vars.get(braced ?? bare!) || fallback || "",
  );
}

function exposedPorts(args: string): number[] {
  return args
    .split(/\s+/)
    .map((word) => /^(\d+)(?:\/tcp)?$/i.exec(word)?.[1])
    .filter((p): p is string => p !== undefined)
    .map(Number)
    .filter((p) => p >= 1 && p <= 65535);
}

/** Exec form (a JSON array) as its words; shell form as one string, as `/bin/sh -c` receives it. */
function commandOf(args: string): string[] | null {
  if (args.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === "string")) return parsed.length > 0 ? parsed : null;
    } catch {
      // Not valid JSON: Docker runs it in the shell form, and so does this reading.
    }
  }
  return args ? [args] : null;
}

const unquote = (text: string) => text.replace(/^(["'])([\s\S]*)\1$/, "$2");
