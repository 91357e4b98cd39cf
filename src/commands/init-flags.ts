// init's flags as config input: every question has a flag, so a script answers what a person
// would. Each value is checked with its field's schema here, so the message names the flag.
import type { ConfigInput } from "../config/schema.js";
import { checkField, fieldSchema, valueFromText } from "../config/field-schema.js";
import { UserError } from "../errors.js";

/** The raw flag values, as src/cli/main.ts parsed them. */
export interface InitFlags {
  project?: string;
  stack?: string;
  awsAccountId?: string;
  region?: string;
  githubRepository?: string;
  feed?: string;
  /** --service NAME[,kind=…][,path=…][,entry=…][,framework=…][,port=…], repeatable. */
  service?: string[];
  /** --set FIELD=VALUE for any other field outside services (feed.domain=acme, logs.retentionDays=7), repeatable. */
  set?: string[];
}

const SIMPLE: [keyof InitFlags, string, string][] = [
  ["project", "--project", "project"],
  ["stack", "--stack", "stack"],
  ["awsAccountId", "--aws-account-id", "aws.accountId"],
  ["region", "--region", "aws.region"],
  ["githubRepository", "--github-repository", "github.repository"],
  ["feed", "--feed", "feed.strategy"],
];

const SERVICE_KEYS = ["kind", "path", "entry", "framework", "port", "healthCheckPath"];

export function inputFromFlags(flags: InitFlags): Partial<ConfigInput> {
  const problems: string[] = [];
  let input: Record<string, unknown> = {};
  const setField = (flag: string, path: string, raw: string) => {
    const schema = fieldSchema(path);
    if (!schema)
      return void problems.push(`${flag}: ${path} is not a config field; see the JSON Schema for the fields`);
    const value = flag === "--set" ? parseSetValue(schema.def.type, raw) : valueFromText(schema, raw);
    const ok = checkField(path, value);
    if (ok === true) input = setPath(input, path.split("."), value);
    else problems.push(`${flag === "--set" ? `--set ${path}` : flag}: ${ok}; got ${JSON.stringify(raw)}`);
  };
  for (const [key, flag, path] of SIMPLE) {
    const raw = flags[key];
    // An empty --github-repository says "none": Terraform asks for it at apply time.
    if (key === "githubRepository" && raw === "") input = setPath(input, ["github", "repository"], null);
    else if (typeof raw === "string") setField(flag, path, raw);
  }
  for (const assignment of flags.set ?? []) {
    const at = assignment.indexOf("=");
    if (at <= 0) problems.push(`--set: "${assignment}" is not FIELD=VALUE (e.g. --set feed.domain=acme)`);
    else if (/^services\b/.test(assignment)) problems.push(`--set: services are set with --service (see --help)`);
    else setField("--set", assignment.slice(0, at), assignment.slice(at + 1));
  }
  const services = (flags.service ?? []).map((spec) => serviceFromFlag(spec, problems));
  if (services.length > 0) input.services = services;
  if (problems.length > 0)
    throw new UserError(`init: ${problems.length === 1 ? "a flag is" : "flags are"} not valid:`, problems);
  return input as Partial<ConfigInput>;
}

/** "api,kind=web,entry=src/Api/Api.csproj" -> { name: "api", kind: "web", entry: "src/Api/Api.csproj" }. */
function serviceFromFlag(spec: string, problems: string[]): Record<string, unknown> {
  const [name = "", ...pairs] = spec.split(",");
  const service: Record<string, unknown> = { name: name.trim() };
  for (const pair of pairs) {
    const [key = "", ...rest] = pair.split("=");
    if (!SERVICE_KEYS.includes(key.trim()) || rest.length === 0) {
      problems.push(`--service: "${pair}" is not one of ${SERVICE_KEYS.map((k) => `${k}=…`).join(", ")}`);
      continue;
    }
    const schema = fieldSchema(`services.${key.trim()}`)!;
    service[key.trim()] = valueFromText(schema, rest.join("="));
  }
  for (const [key, value] of Object.entries(service)) {
    const ok = checkField(`services.${key}`, value);
    if (ok !== true) problems.push(`--service "${spec}": ${key}: ${ok}`);
  }
  return service;
}

/** --set values are JSON when they parse as JSON (numbers, true, ["a"]), else text. */
function parseSetValue(type: string, raw: string): unknown {
  if (type === "string" || type === "enum") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return target;
  const child = target[key];
  return {
    ...target,
    [key]:
      rest.length === 0
        ? value
        : setPath(child !== null && typeof child === "object" ? (child as Record<string, unknown>) : {}, rest, value),
  };
}
