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
  /**
   * --service NAME[,kind=…][,path=…][,entry=…][,framework=…][,port=…], repeatable. A name (or a
   * path) detection found refines that service; another name adds one.
   */
  service?: string[];
  /**
   * --set FIELD=VALUE for any field, repeatable: feed.domain=acme, logs.retentionDays=7, or a
   * detected service's, by name or index: services.api.port=8081, services.0.cpu=1024.
   */
  set?: string[];
}

type ServiceInput = NonNullable<ConfigInput["services"]>[number];

const SIMPLE: [keyof InitFlags, string, string][] = [
  ["project", "--project", "project"],
  ["stack", "--stack", "stack"],
  ["awsAccountId", "--aws-account-id", "aws.accountId"],
  ["region", "--region", "aws.region"],
  ["githubRepository", "--github-repository", "github.repository"],
  ["feed", "--feed", "feed.strategy"],
];

const SERVICE_KEYS = ["kind", "path", "entry", "framework", "port", "healthCheckPath"];

/**
 * The flags as config input. `detected` are the services detection found for the stack: service
 * flags refine them (and the result replaces the list), so what was detected and not named stays.
 */
export function inputFromFlags(flags: InitFlags, detected: readonly ServiceInput[] = []): Partial<ConfigInput> {
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
  const services = detected.map((service) => ({ ...service }) as Record<string, unknown>);
  let servicesNamed = false;
  for (const spec of flags.service ?? []) {
    refineService(services, serviceFromFlag(spec, problems));
    servicesNamed = true;
  }
  for (const assignment of flags.set ?? []) {
    const at = assignment.indexOf("=");
    if (at <= 0) problems.push(`--set: "${assignment}" is not FIELD=VALUE (e.g. --set feed.domain=acme)`);
    else if (/^services\./.test(assignment)) {
      setServiceField(services, assignment.slice(0, at), assignment.slice(at + 1), problems);
      servicesNamed = true;
    } else setField("--set", assignment.slice(0, at), assignment.slice(at + 1));
  }
  if (servicesNamed) input.services = services;
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

/** A --service names a detected service (or its path): its fields go over that one's; else it is added. */
function refineService(services: Record<string, unknown>[], flag: Record<string, unknown>): void {
  const match =
    services.find((s) => s.name === flag.name) ??
    (flag.path === undefined ? undefined : services.find((s) => (s.path ?? ".") === flag.path));
  if (match) Object.assign(match, flag);
  else services.push(flag);
}

/** --set services.api.port=8081 or services.0.port=8081: one field of a service already in the list. */
function setServiceField(services: Record<string, unknown>[], path: string, raw: string, problems: string[]): void {
  const [, selector = "", ...rest] = path.split(".");
  const field = rest.join(".");
  const service = /^\d+$/.test(selector) ? services[Number(selector)] : services.find((s) => s.name === selector);
  const known = services.map((s, i) => `${i} or ${String(s.name)}`).join(", ");
  if (!service)
    return void problems.push(
      `--set ${path}: no service "${selector}"; ${services.length > 0 ? `use one of ${known}` : "no service was detected: add one with --service"}`,
    );
  const schema = field ? fieldSchema(`services.${field}`) : null;
  if (!schema) return void problems.push(`--set ${path}: "${field}" is not a service field; see the JSON Schema`);
  const value = parseSetValue(schema.def.type, raw);
  const ok = checkField(`services.${field}`, value);
  if (ok === true) Object.assign(service, setPath(service, field.split("."), value));
  else problems.push(`--set ${path}: ${ok}; got ${JSON.stringify(raw)}`);
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
