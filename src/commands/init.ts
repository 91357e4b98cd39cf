// `init` (the default command): detect, ask what is still open, write the config with every
// default spelled out, then generate, all in one write.
import { access, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { EXIT, type CommandContext, type ExitCode } from "../cli/context.js";
import { CONFIG_FILE, parseConfigText, parseConfigValue } from "../config/load.js";
import type { Config } from "../config/normalise.js";
import { STACKS, type ConfigInput } from "../config/schema.js";
import { detectProject } from "../detect/detect.js";
import { UserError } from "../errors.js";
import { writeStack } from "./generate.js";
import { resolveProjectRoot } from "./load-project.js";

export interface InitOptions {
  yes: boolean;
  configFile: string | null;
  /** Asks the open questions; only called with a terminal. */
  ask?: (input: Partial<ConfigInput>, open: OpenQuestion[]) => Promise<Partial<ConfigInput>>;
}

export interface OpenQuestion {
  field: keyof ConfigInput;
  question: string;
}

/** Where the shipped JSON Schema sits once the package is installed in the project. */
export const SCHEMA_REFERENCE = "./node_modules/create-ecs-stack/schema/ecs-stack.config.schema.json";

export async function initCommand(ctx: CommandContext, options: InitOptions): Promise<ExitCode> {
  const root = await resolveProjectRoot(ctx.cwd);
  if (
    await access(join(root, CONFIG_FILE)).then(
      () => true,
      () => false,
    )
  ) {
    throw new UserError(`${CONFIG_FILE} already exists in ${root}.`, [
      `${CONFIG_FILE}: run \`create-ecs-stack generate\` to regenerate from it, or delete it to start over`,
    ]);
  }
  const detection = await detectProject(root);
  for (const finding of detection.findings) ctx.stdout.write(`${finding}\n`);
  const answers = options.configFile ? await readAnswers(root, options.configFile) : {};
  let input: Partial<ConfigInput> = { ...detection.input, ...answers };
  const open = openQuestions(input);

  if (!options.yes && !options.configFile) {
    if (!ctx.interactive || !options.ask) {
      throw new UserError("init needs answers and there is no terminal to ask them.", [
        ...open.map((q) => `${q.field}: ${q.question}`),
        ...describeDetected(input),
        "pass --yes to accept the detected and default values, or --config FILE with the answers",
      ]);
    }
    input = await options.ask(input, open);
  } else if (open.length > 0) {
    throw new UserError(
      `init could not work out ${open.length === 1 ? "one answer" : `${open.length} answers`} from the repository.`,
      [
        ...open.map(
          (q) => `${q.field}: ${q.question}; add it to ${options.configFile ?? "a file passed with --config"}`,
        ),
      ],
    );
  }
  const config = parseConfigValue(input, options.configFile ?? "the detected settings");
  const exit = await writeStack(ctx, root, config, {
    dryRun: false,
    extraFiles: [{ path: CONFIG_FILE, content: serialiseConfig(config) }],
  });
  if (exit === EXIT.ok)
    ctx.stdout.write(`Wrote ${CONFIG_FILE}. Edit it and run \`create-ecs-stack generate\` to update the files.\n`);
  return exit;
}

export function openQuestions(input: Partial<ConfigInput>): OpenQuestion[] {
  const open: OpenQuestion[] = [];
  if (!input.stack)
    open.push({ field: "stack", question: `which stack the app uses (${STACKS.join(", ")}); none was detected` });
  if (!input.services?.length)
    open.push({ field: "services", question: "which services to run (name, kind, path, entry); none was detected" });
  if (!input.aws?.accountId)
    open.push({
      field: "aws",
      question:
        'the 12-digit AWS account to deploy to, as {"accountId": "…"} (`aws sts get-caller-identity --query Account --output text`)',
    });
  return open;
}

function describeDetected(input: Partial<ConfigInput>): string[] {
  return [
    input.project ? `project: detected "${input.project}"` : null,
    input.stack ? `stack: detected "${input.stack}"` : null,
    input.services?.length ? `services: detected ${input.services.map((s) => `"${s.name}"`).join(", ")}` : null,
  ].filter((line): line is string => line !== null);
}

/** Answers file: any subset of the config, inside the project folder. */
async function readAnswers(root: string, file: string): Promise<Partial<ConfigInput>> {
  const path = resolve(root, file);
  const rel = relative(root, path);
  if (rel.startsWith("..") || resolve(rel) === rel) {
    throw new UserError(`--config: ${file} is outside the project folder.`, [
      `--config: copy the answers file into ${root} and pass its path from there`,
    ]);
  }
  const text = await readFile(path, "utf8").catch(() => {
    throw new UserError(`--config: cannot read ${file}.`, [`--config: check the path; it is resolved from ${root}`]);
  });
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value as Partial<ConfigInput>;
  } catch {
    // Reuse the config parser's message, which points at the line and column.
    parseConfigText(text, file);
    throw new UserError(`--config: ${file} must hold a JSON object of config fields.`);
  }
}

export function serialiseConfig(config: Config): string {
  const { $schema, ...rest } = config;
  return `${JSON.stringify({ $schema: $schema ?? SCHEMA_REFERENCE, ...rest }, null, 2)}\n`;
}
