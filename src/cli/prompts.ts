// The interactive questions of init. Loaded only when a person is asked something, so the
// other commands never pay for the prompt library.
import type { ConfigInput } from "../config/schema.js";
import { resourceName, STACKS } from "../config/schema.js";
import type { OpenQuestion } from "../commands/init.js";
import { CancelledError } from "../errors.js";

export async function askOpenQuestions(
  input: Partial<ConfigInput>,
  open: OpenQuestion[],
): Promise<Partial<ConfigInput>> {
  const { input: text, select, confirm } = await import("@inquirer/prompts");
  try {
    const answers: Partial<ConfigInput> = { ...input };
    // A prompt's validation is the field's own schema, so it cannot disagree with the config.
    answers.project = await text({
      message: "Project name (prefixes every AWS resource)",
      default: input.project,
      validate: (value) => resourceName(20).safeParse(value).error?.issues[0]?.message ?? true,
    });
    if (open.some((q) => q.field === "stack")) {
      answers.stack = await select({ message: "Stack", choices: STACKS.map((s) => ({ value: s, name: s })) });
    }
    if (open.some((q) => q.field === "services")) {
      const entry =
        answers.stack === "dotnet"
          ? await text({ message: "Project file of the web service (e.g. src/Api/Api.csproj)" })
          : null;
      answers.services = [{ name: "web", kind: "web", ...(entry ? { entry } : {}) }];
    }
    if (open.some((q) => q.field === "aws")) {
      const accountId = await text({
        message: "AWS account id to deploy to (aws sts get-caller-identity --query Account --output text)",
        validate: (value) => (/^\d{12}$/.test(value) ? true : "must be the 12-digit AWS account id"),
      });
      answers.aws = { ...input.aws, accountId };
    }
    if (!(await confirm({ message: "Write the files now?", default: true }))) throw new CancelledError();
    return answers;
  } catch (error) {
    // Ctrl-C inside a prompt.
    if (error instanceof Error && error.name === "ExitPromptError") throw new CancelledError();
    throw error;
  }
}
