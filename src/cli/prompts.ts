// The terminal side of init's questions: @inquirer/prompts, loaded only when a person is asked
// something, so the other commands never pay for the prompt library. Which questions, their
// defaults and their validation come from src/commands/init-questions.ts.
import type { Prompter, PromptSpec } from "../commands/init-questions.js";
import { CancelledError } from "../errors.js";

export async function createPrompter(): Promise<Prompter> {
  const { input, select, confirm } = await import("@inquirer/prompts");
  return {
    ask: (spec: PromptSpec) =>
      cancellable(
        spec.type === "select"
          ? select({ message: spec.message, choices: spec.choices ?? [], default: spec.default })
          : input({ message: spec.message, default: spec.default, validate: spec.validate }),
      ),
    confirm: (message, defaultValue) => cancellable(confirm({ message, default: defaultValue })),
  };
}

/** Ctrl-C inside a prompt rejects with ExitPromptError: that is a cancel (exit 130), not a bug. */
async function cancellable<T>(prompt: Promise<T>): Promise<T> {
  try {
    return await prompt;
  } catch (error) {
    if (error instanceof Error && error.name === "ExitPromptError") throw new CancelledError();
    throw error;
  }
}
