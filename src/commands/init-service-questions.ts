// The service questions, asked only when no flag, config file or detection named a service: one
// service, described part by part (the project file or folder, then its name and kind).
import { posix } from "node:path";
import { checkField, fieldSchema, valueFromText } from "../config/field-schema.js";
import { NODE_FRAMEWORKS, SERVICE_KINDS } from "../config/schema.js";
import { detectionFor } from "../detect/detect.js";
import { profileOf } from "../stacks/index.js";
import type { Ask, Question } from "./init-question-types.js";
import { needsServices, stackOf, type InitState } from "./init-state.js";

const SERVICE_FLAG = "--service NAME,kind=web,path=DIR,entry=FILE";

/** One part of the single service init describes when the repository showed none. */
function serviceQuestion(
  key: string,
  build: (state: InitState, draft: Record<string, unknown>) => Omit<Ask, "key" | "flag" | "why" | "apply"> | null,
): Question {
  return (state) => {
    if (!needsServices(state)) return null;
    const draft = state.serviceDraft ?? {};
    if (draft[key] !== undefined) return null;
    const spec = build(state, draft);
    if (!spec) return null;
    const schema = fieldSchema(`services.${key}`)!;
    return {
      key: `services.${key}`,
      flag: SERVICE_FLAG,
      why: "no service to run was found in the repository",
      validate: (v) => checkField(`services.${key}`, valueFromText(schema, v)),
      ...spec,
      apply: (v) => {
        state.serviceDraft = { ...draft, [key]: valueFromText(schema, v) };
        if (key === "entry" && v.endsWith(".csproj")) state.serviceDraft.path = posix.dirname(v);
        state.answers.services = [state.serviceDraft as { name: string }];
      },
    };
  };
}

/** The stack's profile, once a stack is chosen. */
const profileIn = (state: InitState) => {
  const stack = stackOf(state);
  return stack === null ? null : profileOf(stack);
};

const serviceEntry = serviceQuestion("entry", (state) => {
  const location = profileIn(state)?.service;
  if (location?.kind !== "project-file") return null;
  const candidates = detectionFor(state.detection, stackOf(state))?.candidates ?? [];
  const csproj = (v: string) =>
    v.trim().endsWith(location.extension) ? true : `name the project file, e.g. "${location.example}"`;
  return candidates.length > 0
    ? {
        type: "select",
        message: "Which project runs as the service?",
        default: candidates[0],
        personOnly: true,
        choices: candidates.map((c) => ({ value: c, name: c })),
      }
    : { type: "input", message: `Project file of the service (e.g. ${location.example})`, validate: csproj };
});

const servicePath = serviceQuestion("path", (state) =>
  profileIn(state)?.service.kind === "package-folder"
    ? { type: "input", message: "Folder of the service's package.json", default: ".", personOnly: true }
    : null,
);

const serviceFramework = serviceQuestion("framework", (state) => {
  const framework = profileIn(state)?.defaults.framework;
  return framework
    ? {
        type: "select",
        message: "Framework",
        default: framework,
        choices: NODE_FRAMEWORKS.map((f) => ({ value: f, name: f })),
      }
    : null;
});

const serviceName = serviceQuestion("name", (_state, draft) => {
  const from =
    typeof draft.entry === "string"
      ? posix.basename(draft.entry, ".csproj")
      : typeof draft.path === "string" && draft.path !== "."
        ? posix.basename(draft.path)
        : "web";
  const name = from
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const proposed = checkField("services.name", name) === true ? name : "web";
  // First of the service questions (Rails has no entry or path to ask): a guess for a person only.
  return { type: "input", message: "Service name", default: proposed, personOnly: Object.keys(draft).length === 0 };
});

const serviceKind = serviceQuestion("kind", () => ({
  type: "select",
  message: "Kind of service",
  default: "web",
  choices: SERVICE_KINDS.map((k) => ({ value: k, name: k, description: KIND_DESCRIPTIONS[k] })),
}));

const KIND_DESCRIPTIONS = {
  web: "behind the load balancer, with a port and a health check",
  worker: "long-running, no port (queues, consumers)",
  scheduler: "a long-running process that starts jobs on a schedule",
} as const;

export const SERVICE_QUESTIONS: Question[] = [serviceEntry, servicePath, serviceFramework, serviceName, serviceKind];
