// The feed questions: the strategy, asked only when the repository names a private package source
// (without one, "none" is what its own files say) and only with the strategies the config rules
// accept; then whatever the chosen strategy still needs, worded by the rules themselves.
import { checkField, fieldSchema, valueFromText } from "../config/field-schema.js";
import { checkConfigRules, feedStrategyIsAvailable } from "../config/rules.js";
import { FEED_STRATEGIES, type Stack } from "../config/schema.js";
import { detectionFor } from "../detect/detect.js";
import { suggestedStrategy, type FeedStrategy } from "../detect/feed-hints.js";
import { profileOf } from "../stacks/index.js";
import type { Question } from "./init-question-types.js";
import { currentInput, probeConfig, stackOf, type InitState } from "./init-state.js";

/** Strategies the config rules accept for this stack, so the prompt never offers one validation would refuse. */
export function availableStrategies(state: InitState, stackName: Stack): FeedStrategy[] {
  const input = currentInput(state);
  return FEED_STRATEGIES.filter((strategy) => {
    const config = probeConfig({ ...input, feed: { strategy } }, stackName);
    return config !== null && feedStrategyIsAvailable(config).length === 0;
  });
}

// Asked only when the repository names a private package source: without one, "none" is what
// its own files say.
export const feedStrategy: Question = (state) => {
  const stackName = stackOf(state);
  const hints = detectionFor(state.detection, stackName)?.feedHints ?? [];
  if (state.explicit.feed?.strategy || !stackName || hints.length === 0) return null;
  const choices = availableStrategies(state, stackName);
  if (choices.length < 2) return null;
  const suggested = suggestedStrategy(hints);
  const sources = [...new Set(hints.map((h) => h.url))].join(", ");
  return {
    key: "feed.strategy",
    type: "select",
    flag: "--feed STRATEGY",
    why: `the repository uses private packages from ${sources}`,
    message: `How does the image build get the private packages (${sources})?`,
    default: suggested && choices.includes(suggested) ? suggested : "none",
    choices: choices.map((s) => ({ value: s, name: s, description: profileOf(stackName).feed.strategies[s] })),
    apply: (v) => void (state.answers.feed = { ...state.answers.feed, strategy: v as FeedStrategy }),
  };
};

/** What the chosen strategy still needs, straight from the rules' messages ("feed.domain: codeartifact needs …"). */
export const feedSetting: Question = (state) => {
  const stackName = stackOf(state);
  const input = currentInput(state);
  if (!stackName || !input.feed?.strategy || input.feed.strategy === "none") return null;
  // One setting at a time: while one is unanswered (no terminal), the rules' next complaint may
  // only follow from it (no owner yet, so no scope can match it).
  const pending = [...state.asked].some(
    (k) =>
      k.startsWith("feed.") &&
      k !== "feed.strategy" &&
      input.feed?.[k.slice(5) as keyof typeof input.feed] === undefined,
  );
  if (pending) return null;
  const config = probeConfig(input, stackName);
  for (const problem of config ? checkConfigRules(config) : []) {
    const m = /^feed\.(\w+): (.*)$/.exec(problem);
    const key = m ? `feed.${m[1]}` : null;
    const schema = key ? fieldSchema(key) : null;
    if (!m || !key || !schema || state.asked.has(key)) continue;
    return {
      key,
      type: "input",
      flag: `--set ${key}=VALUE`,
      why: m[2]!,
      message: `${m[2]!.charAt(0).toUpperCase()}${m[2]!.slice(1)}`,
      validate: (v) => checkField(key, valueFromText(schema, v)),
      apply: (v) => void (state.answers.feed = { ...state.answers.feed, [m[1]!]: valueFromText(schema, v) }),
    };
  }
  return null;
};
