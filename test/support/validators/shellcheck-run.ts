/**
 * Runs shellcheck on the shell-form RUN instructions of a Dockerfile and maps
 * findings back to Dockerfile line numbers.
 *
 * The script handed to shellcheck keeps one script line per Dockerfile line
 * (continuations stay as `\`-newline, which the shell joins exactly like
 * Docker does), so a finding on script line k is Dockerfile line
 * `instruction.line + k - 2` (line 1 is the added `#!/bin/sh` header).
 */
import { execa } from "execa";
import { chainInstructions, type Dockerfile, type Instruction } from "../dockerfile/parse.js";
import { execForm, splitFlags } from "../dockerfile/args.js";

/**
 * Codes that are noise when linting a RUN instruction in isolation:
 * - SC2154 "var is referenced but not assigned": Dockerfile ARG/ENV, BuildKit's
 *   automatic platform ARGs and the base image's ENV (e.g. $APP_UID,
 *   $BUNDLE_PATH) are assigned outside the script shellcheck sees.
 * - SC1090/SC1091 "can't follow sourced file": sourced files live inside the
 *   image, not on the machine running the tests.
 * Everything else (quoting, `cd` without `|| exit`, POSIX-sh portability ...)
 * is reported, at every severity.
 */
const EXCLUDED_CODES = ["SC2154", "SC1090", "SC1091"];

type Shell = "sh" | "bash";

interface Script {
  shell: Shell;
  text: string;
  /** Dockerfile line of script line 1. */
  firstLine: number;
}

interface ShellcheckComment {
  line: number;
  level: string;
  code: number;
  message: string;
}

export async function shellcheckRuns(df: Dockerfile): Promise<string[]> {
  const scripts = df.instructions
    .filter((ins) => ins.keyword === "RUN")
    .map((ins) => toScript(df, ins))
    .filter((s): s is Script => s !== undefined);
  const results = await Promise.all(scripts.map(runShellcheck));
  return results.flat();
}

/** The shell a stage runs RUN with: the last SHELL before this RUN (inherited through in-file stages). */
function shellFor(df: Dockerfile, run: Instruction): Shell | undefined {
  let shell: Shell | undefined = "sh";
  for (const ins of chainInstructions(df, run.stage)) {
    if (ins === run) break;
    if (ins.keyword !== "SHELL") continue;
    shell = shellFromName(execForm(ins.args)?.[0]);
  }
  return shell;
}

function shellFromName(program: string | undefined): Shell | undefined {
  const name = program?.split("/").pop() ?? "";
  if (name === "bash") return "bash";
  if (["sh", "dash", "ash", "busybox"].includes(name)) return "sh";
  return undefined; // pwsh, cmd, python ...: not shell, not ours to lint
}

function toScript(df: Dockerfile, ins: Instruction): Script | undefined {
  const shell = shellFor(df, ins);
  const { rest } = splitFlags(ins.args);
  if (!shell || execForm(rest)) return undefined; // exec form runs no shell
  const heredocOnly = /^<<-?["']?[A-Za-z_][A-Za-z0-9_]*["']?\s*(.*)$/.exec(rest);
  if (heredocOnly && ins.heredocs[0]) return heredocScript(ins, shell, heredocOnly[1]!.trim());
  return {
    shell,
    firstLine: ins.line - 1,
    text: `#!/bin/${shell}\n${shellLines(ins).join("\n")}\n`,
  };
}

/**
 * `RUN <<EOF [interpreter]`: the heredoc body is the script. Only lint it when it
 * is run by a POSIX shell (default SHELL, `sh`/`bash` interpreter, or such a shebang).
 */
function heredocScript(ins: Instruction, shell: Shell, interpreter: string): Script | undefined {
  const doc = ins.heredocs[0]!;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(doc.body[0] ?? "");
  if (shebang) {
    const program = shebang[1]!.endsWith("/env") ? shebang[2] : shebang[1];
    const s = shellFromName(program);
    return (
      s && {
        shell: s,
        firstLine: doc.firstLine,
        text: doc.body.join("\n") + "\n",
      }
    );
  }
  const s = interpreter === "" ? shell : shellFromName(interpreter.split(/\s+/)[0]);
  return (
    s && {
      shell: s,
      firstLine: doc.firstLine - 1,
      text: `#!/bin/${s}\n${doc.body.join("\n")}\n`,
    }
  );
}

/**
 * Physical lines of the instruction as shell text: the RUN keyword and leading
 * flags (which may span several continuation lines) are removed, comment and
 * blank lines inside the continuation become a bare `\` so the shell keeps
 * joining, and heredoc bodies follow verbatim (the shell reads them itself).
 */
function shellLines(ins: Instruction): string[] {
  const out: string[] = [];
  let inFlags = true;
  ins.rawLines.forEach((raw, i) => {
    const isFiller = i > 0 && (raw.trim() === "" || raw.trimStart().startsWith("#"));
    if (isFiller) return out.push("\\");
    // The parser already decided the extent: every non-filler line but the last ends with the escape char.
    const continued = i < ins.rawLines.length - 1;
    let body = continued ? raw.replace(/[\\`][ \t]*$/, "") : raw;
    if (i === 0) body = body.replace(/^\s*\S+/, ""); // the RUN keyword
    if (inFlags) {
      const { rest } = splitFlags(body);
      inFlags = rest.trim() === "";
      body = rest;
    }
    out.push(continued ? `${body}\\` : body);
  });
  for (const doc of ins.heredocs) out.push(...doc.body, doc.name);
  return out;
}

async function runShellcheck(script: Script): Promise<string[]> {
  const result = await execa(
    "shellcheck",
    ["--shell", script.shell, "--format", "json1", `--exclude=${EXCLUDED_CODES.join(",")}`, "-"],
    { input: script.text, reject: false },
  );
  if (result.failed && result.exitCode !== 1) {
    return [`SHELLCHECK: line ${script.firstLine + 1}: shellcheck failed to run: ${result.stderr || result.message}`];
  }
  const { comments } = JSON.parse(result.stdout) as {
    comments: ShellcheckComment[];
  };
  return comments.map((c) => `SC${c.code}: line ${script.firstLine + c.line - 1}: ${c.level}: ${c.message}`);
}
