// What init knows at each step: what detection proposes, what the config file and the flags say
// (never asked again), and what the user answered. The config input is always recomputed from
// the three, in that order of precedence, so choosing another stack swaps in that stack's
// detection.
import { checkField, fieldSchema, valueFromText } from "../config/field-schema.js";
import { normaliseConfig, type Config } from "../config/normalise.js";
import { configSchema, type ConfigInput, type Stack } from "../config/schema.js";
import { detectedInput, detectionFor, proposedStack, type Detection } from "../detect/detect.js";
import type { FeedHint } from "../detect/feed-hints.js";
import { profileOf } from "../stacks/index.js";

export interface InitState {
  detection: Detection;
  /** From --config and the flags. */
  explicit: Partial<ConfigInput>;
  answers: Partial<ConfigInput>;
  /** The service being described when the repository had none. */
  serviceDraft: Record<string, unknown> | null;
  /** Fields already asked in this run (each is asked once). */
  asked: Set<string>;
}

export function newState(detection: Detection, explicit: Partial<ConfigInput>): InitState {
  return { detection, explicit, answers: {}, serviceDraft: null, asked: new Set() };
}

export function stackOf(state: InitState): Stack | null {
  return state.answers.stack ?? state.explicit.stack ?? proposedStack(state.detection).stack;
}

export function currentInput(state: InitState): Partial<ConfigInput> {
  const stack = stackOf(state);
  const detected = detectedInput(state.detection, stack);
  // The restore closure belongs to the detected .NET services; for services named elsewhere the
  // default (each service's project file) is the safer guess.
  const namedByProject = stack !== null && profileOf(stack).service.kind === "project-file";
  if (namedByProject && (state.explicit.services?.length || state.answers.services?.length))
    delete detected.restoreFiles;
  const input = mergeInput(mergeInput(detected, state.explicit), state.answers);
  const strategy = input.feed?.strategy;
  if (strategy && strategy !== "none") {
    const hinted = settingsFromHints(detectionFor(state.detection, stack)?.feedHints ?? [], strategy);
    input.feed = { ...hinted, ...input.feed };
  }
  return stack ? { ...input, stack } : input;
}

/** Whether the service questions are open: no flag, config file or detection named a service. */
export function needsServices(state: InitState): boolean {
  const stack = stackOf(state);
  return !state.explicit.services?.length && !detectedInput(state.detection, stack).services?.length;
}

/** Objects merge one level deep (aws, github, feed, …); arrays and values are replaced. */
export function mergeInput(base: Partial<ConfigInput>, over: Partial<ConfigInput>): Partial<ConfigInput> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? { ...prev, ...value } : value;
  }
  return out as Partial<ConfigInput>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Settings the private sources' addresses give away, for the strategy chosen; only fields the schema has and accepts. */
export function settingsFromHints(hints: FeedHint[], strategy: string): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const hint of hints.filter((h) => h.strategy === strategy)) {
    for (const [key, text] of Object.entries(hint.settings)) {
      const schema = fieldSchema(`feed.${key}`);
      const value = schema ? valueFromText(schema, text) : undefined;
      if (schema && !(key in settings) && checkField(`feed.${key}`, value) === true) settings[key] = value;
    }
  }
  return settings;
}

/**
 * A whole config to hold a rule against while questions are still open: the input as it stands,
 * or, when that does not parse yet, the smallest config of the stack with the same feed and GitHub settings.
 */
export function probeConfig(input: Partial<ConfigInput>, stack: Stack): Config | null {
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return normaliseConfig(parsed.data);
  const location = profileOf(stack).service;
  const entry = location.kind === "project-file" ? { entry: location.example } : {};
  const minimal = configSchema.safeParse({
    project: "probe",
    stack,
    services: [{ name: "web", ...entry }],
    ...(input.github ? { github: input.github } : {}),
    ...(input.feed ? { feed: input.feed } : {}),
  });
  return minimal.success ? normaliseConfig(minimal.data) : null;
}
