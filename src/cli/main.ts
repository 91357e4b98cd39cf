// Arguments in, exit code out. The one handler of every error: a UserError prints its sentences
// and exits 2; anything else is a bug and exits 70 with the stack.
import { parseArgs } from "node:util";
import { CancelledError, UserError } from "../errors.js";
import { TOOL_VERSION } from "../package-info.js";
import type { ConflictStyle } from "../reconcile/reconcile.js";
import { EXIT, type CommandContext, type ExitCode } from "../commands/context.js";
import { describeBug, describeCancelled, describeUserError } from "../report/failure.js";

// A command's module (and what only it needs: init's detection and prompts) is imported when
// that command runs, so `--help`, `--version` and a bad flag stay as fast as node itself.
const initCommand: typeof import("../commands/init.js").initCommand = async (...args) =>
  (await import("../commands/init.js")).initCommand(...args);
const generateCommand: typeof import("../commands/generate.js").generateCommand = async (...args) =>
  (await import("../commands/generate.js")).generateCommand(...args);
const checkCommand: typeof import("../commands/check.js").checkCommand = async (...args) =>
  (await import("../commands/check.js")).checkCommand(...args);
const costCommand: typeof import("../commands/cost.js").costCommand = async (...args) =>
  (await import("../commands/cost.js")).costCommand(...args);

export const USAGE = `Usage: create-ecs-stack [command] [options]

Commands:
  init        detect the app, ask what is missing, write ecs-stack.config.json and the stack (default)
  generate    make the files follow ecs-stack.config.json, keeping your edits
  check       exit 1 when the committed files differ from what the config produces (for CI)
  diff        print what generate would change
  cost        estimate the monthly AWS bill per environment, line by line

Options:
  --cwd DIR        the project folder (default: the current folder)
  --yes, -y        init: accept detected and default answers without asking
  --config FILE    init: take answers from a JSON file inside the project (any subset of the config)
  --dry-run        generate: print what would change, write nothing
  --restore        generate: recreate generated files you deleted (otherwise they stay deleted)
  --conflict=markers|sidecar
                   generate: where a conflicting merge goes: diff3 markers in the file (default),
                   or FILE.ecs-stack-new beside it, leaving the file as you left it
  --json           check, cost: machine-readable result
  --env NAME       cost: one environment only (dev, staging or prod)
  --strict         check: fail on kept edits too (edited, deleted or orphaned generated files)
  --help, -h       this text
  --version, -v    the version

init answers, each instead of its question (the value is checked as the config file's field is):
  --project NAME                 prefixes every AWS resource (default: the solution, package or folder name)
  --stack dotnet|node|rails      when the repository looks like more than one
  --service NAME[,kind=web|worker|scheduler][,path=DIR][,entry=FILE][,framework=F][,port=N]
                                 a service to run (repeatable): refines the detected service of that
                                 name (or path), or adds one
  --aws-account-id ID            the 12-digit AWS account to deploy to
  --region REGION                the AWS region (default: us-east-1)
  --github-repository OWNER/NAME whose workflows may deploy ("" for none yet)
  --feed STRATEGY                how the image build gets private packages (default: none)
  --set FIELD=VALUE              any other field, e.g. --set feed.domain=acme (repeatable), or one
                                 service's: --set services.api.port=8081 (by name or index: services.0.cpu)
  --dockerfile adopt|replace     the repository's own Dockerfile: build it as it is (default), or
                                 write the tool's and keep yours as Dockerfile.orig

Exit codes: 0 done or in sync, 1 conflicts or drift, 2 bad config or usage (nothing written),
70 internal error (a bug), 130 cancelled.
`;

const COMMANDS = ["init", "generate", "check", "diff", "cost"] as const;
type Command = (typeof COMMANDS)[number];

const OPTIONS = {
  cwd: { type: "string" },
  yes: { type: "boolean", short: "y" },
  config: { type: "string" },
  project: { type: "string" },
  stack: { type: "string" },
  service: { type: "string", multiple: true },
  "aws-account-id": { type: "string" },
  region: { type: "string" },
  "github-repository": { type: "string" },
  feed: { type: "string" },
  set: { type: "string", multiple: true },
  dockerfile: { type: "string" },
  "dry-run": { type: "boolean" },
  restore: { type: "boolean" },
  conflict: { type: "string" },
  json: { type: "boolean" },
  env: { type: "string" },
  strict: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

export async function main(argv: string[], ctx: Omit<CommandContext, "cwd"> & { cwd: string }): Promise<ExitCode> {
  try {
    const { values, positionals } = parseArguments(argv);
    if (values.help) return print(ctx, USAGE);
    if (values.version) return print(ctx, `${TOOL_VERSION}\n`);
    const command = (positionals[0] ?? "init") as Command;
    if (!COMMANDS.includes(command))
      throw new UserError(`Unknown command "${positionals[0]}".`, [`use one of ${COMMANDS.join(", ")}; see --help`]);
    if (positionals.length > 1) throw new UserError(`Unexpected argument "${positionals[1]}".`, ["see --help"]);
    const context = { ...ctx, cwd: values.cwd ?? ctx.cwd };
    switch (command) {
      case "init":
        return await initCommand(context, {
          yes: values.yes ?? false,
          configFile: values.config ?? null,
          dockerfile: values.dockerfile ?? null,
          flags: {
            project: values.project,
            stack: values.stack,
            service: values.service,
            awsAccountId: values["aws-account-id"],
            region: values.region,
            githubRepository: values["github-repository"],
            feed: values.feed,
            set: values.set,
          },
          prompter: async () => (await import("./prompts.js")).createPrompter(),
        });
      case "generate":
        return await generateCommand(context, {
          dryRun: values["dry-run"] ?? false,
          restore: values.restore ?? false,
          conflictStyle: conflictStyle(values.conflict),
        });
      case "check":
        return await checkCommand(context, {
          json: values.json ?? false,
          verdict: true,
          strict: values.strict ?? false,
        });
      case "diff":
        return await checkCommand(context, { json: values.json ?? false, verdict: false });
      case "cost":
        return await costCommand(context, { env: values.env ?? null, json: values.json ?? false });
    }
  } catch (error) {
    return handleError(error, ctx);
  }
}

function parseArguments(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw argumentError(error, argv);
  }
}

/** node:util's parse errors, said in our words: the flag, what is wrong, and the nearest real one. */
function argumentError(error: unknown, argv: string[]): UserError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = argv.find((a) => a.startsWith("-") && message.includes(`'${a.split("=")[0]}'`))?.split("=")[0] ?? "";
    const nearest = nearestOption(flag);
    return new UserError(`Unknown option "${flag}".`, [
      nearest ? `did you mean --${nearest}? see --help for the options` : "see --help for the options",
    ]);
  }
  const missing = /^Option '(-\w, )?(--[\w-]+)/.exec(message);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && missing)
    return new UserError(`${missing[2]} needs a value.`, [`${missing[2]}: see --help for what it takes`]);
  return new UserError(message, ["see --help for the options"]);
}

/** The option a mistyped flag most likely meant: within two edits, or one the typo begins. */
export function nearestOption(flag: string): string | null {
  const typed = flag.replace(/^-+/, "");
  if (!typed) return null;
  let best: { name: string; distance: number } | null = null;
  for (const name of Object.keys(OPTIONS)) {
    const distance = name.startsWith(typed) && typed.length >= 3 ? 1 : editDistance(typed, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

/** Levenshtein distance: the fewest single-character insertions, deletions or changes from a to b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (const [i, charA] of [...a].entries()) {
    const current = [i + 1];
    for (const [j, charB] of [...b].entries())
      current.push(Math.min(previous[j + 1]! + 1, current[j]! + 1, previous[j]! + (charA === charB ? 0 : 1)));
    previous = current;
  }
  return previous[b.length]!;
}

function conflictStyle(value: string | undefined): ConflictStyle {
  if (value === undefined || value === "markers" || value === "sidecar") return value ?? "markers";
  throw new UserError(`--conflict: "${value}" is not a conflict style.`, ["--conflict: use markers or sidecar"]);
}

function handleError(error: unknown, ctx: Pick<CommandContext, "stderr">): ExitCode {
  if (error instanceof UserError) {
    ctx.stderr.write(describeUserError(error));
    return EXIT.usage;
  }
  if (error instanceof CancelledError) {
    ctx.stderr.write(describeCancelled(error));
    return EXIT.cancelled;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  ctx.stderr.write(describeBug(TOOL_VERSION, detail));
  return EXIT.internal;
}

function print(ctx: Pick<CommandContext, "stdout">, text: string): ExitCode {
  ctx.stdout.write(text);
  return EXIT.ok;
}
