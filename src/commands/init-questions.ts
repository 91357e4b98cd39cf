// init's questions, as data: each says when it is open (nothing answered it: no flag, no config
// file, no detection it can trust), its default (what detection proposed), its flag (how a script
// answers it) and its validation (the field's own schema). Prompting, --yes and the list printed
// without a terminal all walk the same table.
import { checkField, defaultOf } from "../config/field-schema.js";
import type { Stack } from "../config/schema.js";
import { detectedInput, proposedStack } from "../detect/detect.js";
import { feedSetting, feedStrategy } from "./init-feed-questions.js";
import type { Ask, Prompter, Question } from "./init-question-types.js";
import { SERVICE_QUESTIONS } from "./init-service-questions.js";
import { stackOf, type InitState } from "./init-state.js";

export type { Ask, Choice, Prompter, PromptSpec } from "./init-question-types.js";

const stack: Question = (state) => {
  const { stack: proposed, ambiguous } = proposedStack(state.detection);
  if (state.explicit.stack || !ambiguous || !proposed) return null;
  const candidates = state.detection.stacks.filter((s) => s.input.services?.length);
  return {
    key: "stack",
    type: "select",
    flag: "--stack STACK",
    why: `the repository holds a ${candidates.map((c) => c.stack).join(" and a ")} app`,
    message: "Which app runs on ECS?",
    default: proposed,
    choices: candidates.map((c) => ({
      value: c.stack,
      name: c.stack,
      description: c.findings[0] ? `found ${c.findings[0].what} in ${c.findings[0].file}` : undefined,
    })),
    apply: (v) => void (state.answers.stack = v as Stack),
  };
};

const project: Question = (state) =>
  state.explicit.project
    ? null
    : {
        key: "project",
        type: "input",
        flag: "--project NAME",
        why: "the name that prefixes every AWS resource",
        message: "Project name (prefixes every AWS resource)",
        default: detectedInput(state.detection, stackOf(state)).project,
        validate: (v) => checkField("project", v.trim()),
        apply: (v) => void (state.answers.project = v.trim()),
      };

const awsAccount: Question = (state) =>
  state.explicit.aws?.accountId || detectedInput(state.detection, stackOf(state)).aws?.accountId
    ? null
    : {
        key: "aws.accountId",
        type: "input",
        flag: "--aws-account-id ID",
        why: "the 12-digit AWS account to deploy to: task definitions and IAM policies name ARNs in it (`aws sts get-caller-identity --query Account --output text` prints it)",
        message: "AWS account id (12 digits; `aws sts get-caller-identity --query Account --output text`)",
        validate: (v) => checkField("aws.accountId", v.trim()),
        apply: (v) => void (state.answers.aws = { ...state.answers.aws, accountId: v.trim() }),
      };

const awsRegion: Question = (state) =>
  state.explicit.aws?.region || detectedInput(state.detection, stackOf(state)).aws?.region
    ? null
    : {
        key: "aws.region",
        type: "input",
        flag: "--region REGION",
        why: "the AWS region to deploy to",
        message: "AWS region",
        default: String(defaultOf("aws.region")),
        validate: (v) => checkField("aws.region", v.trim()),
        apply: (v) => void (state.answers.aws = { ...state.answers.aws, region: v.trim() }),
      };

// Asked even when the origin remote names it: it decides whose workflows may assume the deploy
// roles (the OIDC trust), and origin may be a fork or a mirror.
const githubRepository: Question = (state) =>
  state.explicit.github && "repository" in state.explicit.github
    ? null
    : {
        key: "github.repository",
        type: "input",
        flag: '--github-repository OWNER/NAME (or "" for none)',
        why: "the GitHub repository whose workflows may deploy",
        message: "GitHub repository whose workflows may deploy (owner/name; empty: set it later)",
        default: detectedInput(state.detection, stackOf(state)).github?.repository ?? "",
        validate: (v) => (v.trim() === "" ? true : checkField("github.repository", v.trim())),
        apply: (v) => void (state.answers.github = { ...state.answers.github, repository: v.trim() || null }),
      };

// The ids are in no committed file and init does not call GitHub (detection reads only the
// repository's files), so it asks; empty keeps the name form only, which repositories created or
// renamed since 2026-07-15 no longer present (github.blog/changelog/2026-04-23-immutable-subject-claims-for-github-actions-oidc-tokens).
const githubId =
  (field: "ownerId" | "repositoryId", what: string): Question =>
  (state) => {
    const repository = state.answers.github?.repository ?? state.explicit.github?.repository ?? null;
    const explicit = state.explicit.github;
    if (repository === null || (explicit && ("ownerId" in explicit || "repositoryId" in explicit))) return null;
    // The repository's id only goes with the owner's.
    if (field === "repositoryId" && (state.answers.github?.ownerId ?? null) === null) return null;
    const key = `github.${field}`;
    return {
      key,
      type: "input",
      flag: `--set ${key}=ID`,
      why: `the ${what} id, which OIDC subjects of repositories created or renamed since 2026-07-15 carry`,
      message: `GitHub ${what} id (\`gh api repos/${repository} --jq '.owner.id, .id'\`; empty: trust the name only)`,
      default: "",
      validate: (v) => (v.trim() === "" ? true : checkField(key, Number(v.trim()))),
      apply: (v) =>
        void (state.answers.github = { ...state.answers.github, [field]: v.trim() === "" ? null : Number(v.trim()) }),
    };
  };

export const QUESTIONS: Question[] = [
  stack,
  project,
  ...SERVICE_QUESTIONS,
  awsAccount,
  awsRegion,
  githubRepository,
  githubId("ownerId", "owner"),
  githubId("repositoryId", "repository"),
  feedStrategy,
  feedSetting,
];

export interface QuestionRun {
  /** Every question that was open, in order. */
  opened: Ask[];
  /** Open questions nothing could answer (no terminal, no default). */
  unanswered: Ask[];
}

/**
 * Walks the table until no question is open. With a prompter each is asked; without, each takes
 * its default (what --yes means) or is left unanswered.
 */
export async function runQuestions(state: InitState, prompter: Prompter | null): Promise<QuestionRun> {
  const opened: Ask[] = [];
  const unanswered: Ask[] = [];
  for (;;) {
    const next = QUESTIONS.map((q) => q(state)).find((a): a is Ask => a !== null && !state.asked.has(a.key));
    if (!next) return { opened, unanswered };
    state.asked.add(next.key);
    opened.push(next);
    if (prompter) next.apply(await prompter.ask(next));
    else if (next.default !== undefined && !next.personOnly) next.apply(next.default);
    else unanswered.push(next);
  }
}
