// Runs terraform's own checks on test copies of generated roots: `init -backend=false` from the
// mirror, `validate -json`, and the mocked plan of terraform-mock.ts through `terraform test`.
// Roots run a few at a time (CI has 2 cores); the first runs alone so it fills the shared plugin
// cache before others read it (terraform does not promise a concurrency-safe cache).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { editCopy, makeTestCopy, PLAN_EDITS, type CopyEdit } from "./terraform-copy.js";
import { writePlanTest } from "./terraform-mock.js";
import { secretStandInsInPlan, testMessages } from "./terraform-plan-secrets.js";
import { writeCliConfig, type TerraformTools } from "./terraform-tools.js";

export interface RootCase {
  /** Label in reports, e.g. "rails-sidekiq/environments/prod". */
  label: string;
  /** The generated infra/ directory. */
  infraDir: string;
  /** The root inside it, e.g. "environments/prod" or "global". */
  root: string;
  /** Edits on top of the test-copy edits (seeded mistakes). */
  extraEdits?: CopyEdit[];
}

export interface StepResult {
  ok: boolean;
  output: string;
}

export interface RootResult {
  label: string;
  seconds: number;
  init: StepResult;
  validate: StepResult & { diagnostics: string[] };
  /** `secretsInPlan`: where the password and token stand-in shows up in the planned values. */
  plan: (StepResult & { secretsInPlan: string[] }) | undefined;
  edits: Map<string, string[]>;
}

export interface TerraformRunner {
  tools: TerraformTools;
  workDir: string;
  env: Record<string, string>;
}

export function createRunner(tools: TerraformTools): TerraformRunner {
  const workDir = mkdtempSync(join(tmpdir(), "ecs-stack-terraform-"));
  const env = {
    TF_CLI_CONFIG_FILE: writeCliConfig(tools, workDir),
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    // The plugin cache holds what the mirror gave; no lock file is checked in for the test copy.
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "1",
  };
  return { tools, workDir, env };
}

/** Removes the runner's copies and plugin cache. */
export function disposeRunner(runner: TerraformRunner): void {
  rmSync(runner.workDir, { recursive: true, force: true });
}

export async function runRoot(runner: TerraformRunner, rootCase: RootCase): Promise<RootResult> {
  const started = performance.now();
  const copyDir = mkdtempSync(join(runner.workDir, "root-"));
  const copy = makeTestCopy(rootCase.infraDir, rootCase.root, join(copyDir, "infra"), rootCase.extraEdits);
  const run = (args: string[]) =>
    execa(runner.tools.terraform, args, { cwd: copy.rootDir, env: runner.env, reject: false, all: true });
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;

  const init = await run(["init", "-backend=false", "-input=false", "-no-color"]);
  const initResult = { ok: init.exitCode === 0, output: init.all ?? "" };
  if (!initResult.ok)
    return {
      label: rootCase.label,
      seconds: seconds(),
      init: initResult,
      validate: notRun(),
      plan: undefined,
      edits: copy.edits,
    };

  const validate = await run(["validate", "-json", "-no-color"]);
  const validateResult = parseValidate(validate.stdout);
  if (!validateResult.ok)
    return {
      label: rootCase.label,
      seconds: seconds(),
      init: initResult,
      validate: validateResult,
      plan: undefined,
      edits: copy.edits,
    };

  editCopy(copy, PLAN_EDITS);
  await writePlanTest(copy.rootDir);
  // -json -verbose: the plan of the run as JSON too, to look for secret values in it.
  const test = await run(["test", "-no-color", "-json", "-verbose"]);
  const plan = {
    ok: test.exitCode === 0,
    output: [testMessages(test.stdout), test.stderr].filter(Boolean).join("\n"),
    secretsInPlan: secretStandInsInPlan(test.stdout),
  };
  return {
    label: rootCase.label,
    seconds: seconds(),
    init: initResult,
    validate: validateResult,
    plan,
    edits: copy.edits,
  };
}

/** Direct resource-to-resource edges of a root (`terraform graph`), as "from -> to" strings. */
export async function resourceEdges(runner: TerraformRunner, rootCase: RootCase): Promise<Set<string>> {
  const copyDir = mkdtempSync(join(runner.workDir, "graph-"));
  const copy = makeTestCopy(rootCase.infraDir, rootCase.root, join(copyDir, "infra"), rootCase.extraEdits);
  const options = { cwd: copy.rootDir, env: runner.env };
  await execa(runner.tools.terraform, ["init", "-backend=false", "-input=false", "-no-color"], options);
  const { stdout } = await execa(runner.tools.terraform, ["graph"], options);
  return new Set([...stdout.matchAll(/"([^"]+)" -> "([^"]+)"/g)].map(([, from, to]) => `${from} -> ${to}`));
}

/**
 * Every resource `from` waits for, directly or through others: `terraform graph` prints a
 * transitively reduced graph, so an edge implied by a path is not printed.
 */
export function dependenciesOf(edges: Set<string>, from: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const [a, b] = edge.split(" -> ") as [string, string];
    next.set(a, [...(next.get(a) ?? []), b]);
  }
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0)
    for (const to of next.get(stack.pop()!) ?? [])
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
  return seen;
}

function notRun(): StepResult & { diagnostics: string[] } {
  return { ok: false, output: "not run", diagnostics: [] };
}

interface ValidateJson {
  valid: boolean;
  diagnostics: Array<{
    severity: string;
    summary: string;
    detail?: string;
    range?: { filename: string; start: { line: number } };
  }>;
}

/** `terraform validate -json` -> ok and one line per error ("summary: detail (file:line)"). */
export function parseValidate(stdout: string): StepResult & { diagnostics: string[] } {
  let json: ValidateJson;
  try {
    json = JSON.parse(stdout) as ValidateJson;
  } catch {
    return { ok: false, output: stdout, diagnostics: [`validate printed no JSON: ${stdout.slice(0, 400)}`] };
  }
  const diagnostics = json.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => {
      const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : "";
      return `${d.summary}${d.detail ? `: ${d.detail}` : ""}${where}`;
    });
  return { ok: json.valid, output: stdout, diagnostics };
}

/** Runs every case, `parallel` at a time after the first; results in the order of `cases`. */
export async function runRoots(runner: TerraformRunner, cases: RootCase[], parallel = 2): Promise<RootResult[]> {
  const results: RootResult[] = new Array(cases.length);
  if (cases.length === 0) return results;
  results[0] = await runRoot(runner, cases[0]!);
  let next = 1;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      results[index] = await runRoot(runner, cases[index]!);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** One line per root for the suite's log: label, verdicts, seconds. */
export function resultTable(results: RootResult[]): string {
  const verdict = (step: StepResult | undefined) => (step === undefined ? "-" : step.ok ? "ok" : "FAIL");
  const width = Math.max(...results.map((r) => r.label.length), 4);
  return [
    `${"root".padEnd(width)}  validate  plan  seconds`,
    ...results.map(
      (r) =>
        `${r.label.padEnd(width)}  ${(r.init.ok ? verdict(r.validate) : "init FAIL").padEnd(8)}  ${verdict(r.plan).padEnd(4)}  ${r.seconds.toFixed(1)}`,
    ),
  ].join("\n");
}
