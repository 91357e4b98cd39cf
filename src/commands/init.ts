// `init` (the default command): detect, report what was found, ask only what is still open,
// show the answers and the files, then write the config with every default spelled out and the
// stack, all in one write. Nothing is written before the last step, so Ctrl-C or a refusal at any
// point leaves the folder as it was.
import { access, readFile } from "node:fs/promises";
import { join, posix, relative, resolve } from "node:path";
import {
  CONFIRM_WRITE,
  describeDetection,
  describeInitDone,
  describeOpenQuestions,
  describePlannedFiles,
  describeSummary,
} from "../report/init-report.js";
import { configWarning, noteLine } from "../report/run-report.js";
import { CONFIG_FILE, parseConfigText, parseConfigValue } from "../config/load.js";
import type { Config } from "../config/normalise.js";
import type { ConfigInput, Stack } from "../config/schema.js";
import { feedConfigFile } from "../plan/feed.js";
import {
  detectedInput,
  detectionFor,
  joinedFolderApps,
  detectProject,
  LOOKED_FOR,
  proposedStack,
  type Detection,
} from "../detect/detect.js";
import { SUPPORTED_STACKS } from "../stacks/index.js";
import { CancelledError, UserError } from "../errors.js";
import { planRun, readLock } from "../reconcile/run.js";
import { EXIT, type CommandContext, type ExitCode } from "./context.js";
import { writeStack } from "./generate.js";
import { inputFromFlags, type InitFlags } from "./init-flags.js";
import { describeTakenOver, dockerfileChooser, dockerfileFlag, takeOverOwnFiles } from "./init-own-files.js";
import { runQuestions, type Prompter } from "./init-questions.js";
import { currentInput, mergeInput, newState, stackOf, type InitState } from "./init-state.js";
import { resolveProjectRoot } from "./load-project.js";

export interface InitOptions {
  yes: boolean;
  configFile: string | null;
  /** --dockerfile: what to do with the repository's own Dockerfile ("adopt" or "replace"); null: ask, else adopt. */
  dockerfile?: string | null;
  flags?: InitFlags;
  /** Loads the terminal prompts; only called when a person can answer them. */
  prompter?: () => Promise<Prompter>;
}

/** Where the shipped JSON Schema sits once the package is installed in the project. */
export const SCHEMA_REFERENCE = "./node_modules/create-ecs-stack/schema/ecs-stack.config.schema.json";

export async function initCommand(ctx: CommandContext, options: InitOptions): Promise<ExitCode> {
  const root = await resolveProjectRoot(ctx.cwd);
  await refuseExistingConfig(root);
  const ownDockerfile = dockerfileFlag(options.dockerfile);
  const fromFile = options.configFile ? await readAnswers(root, options.configFile) : {};
  const detection = await detectProject(root);
  const flags = options.flags ?? {};
  const stack = (flags.stack ?? fromFile.stack ?? proposedStack(detection).stack) as Stack | null;
  const explicit = mergeInput(fromFile, inputFromFlags(flags, detectedInput(detection, stack).services));
  const state = newState(detection, explicit);
  if (!stackOf(state)) throw noApp(root, detection);
  ctx.stdout.write(describeDetection(...reportedFindings(detection, state)));

  const person = ctx.interactive && !options.yes && !options.configFile && options.prompter !== undefined;
  const prompter = person ? await options.prompter!() : null;
  const questions = await runQuestions(state, prompter);
  if (!prompter && !options.yes && !options.configFile && questions.opened.length > 0) {
    throw new UserError("init needs answers and there is no terminal to ask them.", [
      ...describeOpenQuestions(questions.opened),
      "pass --yes to accept the detected and default values, or --config FILE with the answers",
    ]);
  }
  if (questions.unanswered.length > 0) {
    const n = questions.unanswered.length;
    throw new UserError(`init could not work out ${n === 1 ? "one answer" : `${n} answers`} from the repository.`, [
      ...describeOpenQuestions(questions.unanswered),
      ...(options.configFile ? [`or add ${n === 1 ? "it" : "them"} to ${options.configFile}`] : []),
    ]);
  }

  const source = options.configFile ?? "the detected settings and answers";
  const parsed = parseConfigValue(currentInput(state), source);
  const { config: beside, note: registryNote } = await besideOwnRegistryFile(root, parsed);
  const own = await takeOverOwnFiles(root, beside, await readLock(root), dockerfileChooser(ownDockerfile, prompter));
  // What the repository's own files changed (an adopted Dockerfile's port) meets the rules again.
  const config = parseConfigValue(JSON.parse(serialiseConfig(own.config)), source);
  const run = await planRun(root, config, { takeOver: own.takeOver });
  ctx.stdout.write(describeSummary(config));
  for (const note of [...feedNotes(state, config), ...registryNote, ...own.notes, ...describeTakenOver(run)])
    ctx.stdout.write(noteLine(note));
  for (const warning of own.warnings) ctx.stdout.write(configWarning(warning));
  if (prompter) {
    ctx.stdout.write(describePlannedFiles(run.changes, CONFIG_FILE));
    if (!(await prompter.confirm(CONFIRM_WRITE, true))) throw new CancelledError();
  }
  ctx.stdout.write("\n");
  const exit = await writeStack(ctx, root, config, {
    dryRun: false,
    extraFiles: [...own.extraFiles, { path: CONFIG_FILE, content: serialiseConfig(config) }],
    planned: run,
    listChanges: !prompter,
  });
  if (exit === EXIT.ok) ctx.stdout.write(describeInitDone(CONFIG_FILE));
  return exit;
}

async function refuseExistingConfig(root: string): Promise<void> {
  const exists = await access(join(root, CONFIG_FILE)).then(
    () => true,
    () => false,
  );
  if (exists)
    throw new UserError(`${CONFIG_FILE} already exists in ${root}.`, [
      `${CONFIG_FILE}: run \`create-ecs-stack generate\` to regenerate from it, or delete it to start over`,
    ]);
}

function noApp(root: string, detection: Detection): UserError {
  const [app] = detection.unsupported;
  if (app)
    return new UserError(
      `Found a ${app.stack} app in ${root}, and create-ecs-stack does not support ${app.stack} yet.`,
      [
        ...detection.unsupported.map((a) => `found ${a.finding.what} in ${a.finding.file}`),
        `create-ecs-stack generates for ${SUPPORTED_STACKS}; --stack and --service would describe this app as one of those, which its image would not build`,
      ],
    );
  return new UserError(`No app found in ${root}.`, [
    ...LOOKED_FOR.map((what) => `looked for ${what}`),
    "run init in the app's folder (or pass --cwd DIR), or name the stack and its services: --stack node --service web,path=.",
  ]);
}

/** The chosen stack's findings, and the other candidates' when the choice was not obvious. */
function reportedFindings(detection: Detection, state: InitState): [Detection["shared"]["findings"], string[]] {
  const chosen = detectionFor(detection, stackOf(state));
  const others = proposedStack(detection).ambiguous
    ? detection.stacks.filter((s) => s !== chosen && s.input.services?.length)
    : [];
  const stacks = [...(chosen ? [chosen] : []), ...joinedFolderApps(detection, stackOf(state)), ...others];
  const leftOut = detection.unsupported.map(
    (a) =>
      `${a.dir === "." ? "the root" : `${a.dir}/`} also holds a ${a.stack} app (${a.finding.file}); create-ecs-stack does not support ${a.stack} yet, so it is left out`,
  );
  return [
    [...stacks.flatMap((s) => s.findings), ...detection.shared.findings],
    [...stacks.flatMap((s) => s.notes), ...detection.shared.notes, ...leftOut],
  ];
}

/** A private source that no chosen strategy reaches will fail the image build: say so. */
function feedNotes(state: InitState, config: Config): string[] {
  const hints = detectionFor(state.detection, config.stack)?.feedHints ?? [];
  if (hints.length === 0 || config.feed.strategy !== "none") return [];
  return [
    `feed.strategy is "none", but the repository restores from ${[...new Set(hints.map((h) => h.url))].join(", ")}; the image build cannot reach it without credentials until feed.strategy names how`,
  ];
}

/**
 * The repository's own nuget.config or .npmrc stays its own: the image build's file goes to
 * docker/ instead (feed.configFile), and the Dockerfile copies it over the repository's in the build.
 */
async function besideOwnRegistryFile(root: string, config: Config): Promise<{ config: Config; note: string[] }> {
  const path = feedConfigFile(config);
  if (path === null || config.feed.configFile !== null || !(await exists(join(root, path))))
    return { config, note: [] };
  const configFile = posix.join("docker", posix.basename(path));
  return {
    config: { ...config, feed: { ...config.feed, configFile } },
    note: [
      `the repository has its own ${path}; the image build's goes to ${configFile} (feed.configFile), and yours stays as it is`,
    ],
  };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

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
