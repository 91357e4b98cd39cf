/**
 * Validates a task-definition JSON file, the input of aws-actions/amazon-ecs-render-task-definition and
 * amazon-ecs-deploy-task-definition, which pass it to ECS RegisterTaskDefinition:
 * - against the RegisterTaskDefinitionRequest shape of the real ECS service model in @aws-sdk/client-ecs
 *   (version in ECS_SDK_VERSION; model file node_modules/@aws-sdk/client-ecs/dist-es/schemas/schemas_0.js plus
 *   enum values from dist-es/models/enums.js; decoding in ecs-model.ts): unknown keys, wrong JSON types, enum
 *   values, required members;
 * - ECS-01 networkMode "awsvpc" and cpu/memory present for FARGATE; ECS-02 the Fargate cpu/memory table;
 * - ECS-10 no read-only fields from describe-task-definition output (docs/rules.md §4).
 * Returns problems as "path: what is wrong"; empty when valid.
 */
import { registerTaskDefinitionRequest, type Shape } from "./ecs-model.js";

/**
 * Fargate task sizes, memory in MiB per cpu unit value. Source: docs/rules.md ECS-02 (as of
 * 2026-11-22), from https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
 * task-cpu-memory-error.html and the `memory` member documentation of RegisterTaskDefinition. 8 and 16 vCPU need
 * Linux on platform 1.4.0+; Windows tasks need at least 1 vCPU.
 */
const steps = (from: number, to: number, step: number): number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
export const FARGATE_CPU_MEMORY: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
]);

/**
 * Present in DescribeTaskDefinition output, not accepted by RegisterTaskDefinition (ECS-10; the deploy action's
 * IGNORED_TASK_DEFINITION_ATTRIBUTES). Reported as ECS-10 rather than as unknown keys.
 */
export const READ_ONLY_FIELDS: readonly string[] = [
  "taskDefinitionArn",
  "revision",
  "status",
  "requiresAttributes",
  "compatibilities",
  "registeredAt",
  "registeredBy",
  "deregisteredAt",
];

/**
 * Task-level cpu and memory are strings in the model, but the task-definition JSON format documents integers as
 * well ("It can be expressed as an integer using CPU units (for example, 1024) or as a string using vCPUs"), and
 * the AWS CLI / deploy action accept them (docs/rules.md ECS-01).
 */
const NUMBER_OR_STRING = new Set(["cpu", "memory"]);

export function checkTaskDefinition(json: unknown): string[] {
  const problems: string[] = [];
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    for (const key of READ_ONLY_FIELDS) {
      if (key in record) problems.push(`${key}: read-only describe-task-definition field (ECS-10), remove it`);
    }
    const rest = Object.fromEntries(Object.entries(record).filter(([key]) => !READ_ONLY_FIELDS.includes(key)));
    walk(rest, registerTaskDefinitionRequest(), "", problems);
    checkFargate(record, problems);
  } else walk(json, registerTaskDefinitionRequest(), "", problems);
  return problems;
}

function walk(value: unknown, shape: Shape, path: string, problems: string[]): void {
  const at = path || "(task definition)";
  const wrong = (expected: string): void => {
    problems.push(`${at}: expected ${expected}, got ${describe(value)}`);
  };
  switch (shape.kind) {
    case "structure":
    case "union": {
      if (!isRecord(value)) return wrong(`an object (${shape.name})`);
      for (const [key, child] of Object.entries(value)) {
        const member = shape.members.get(key);
        const childPath = path ? `${path}.${key}` : key;
        if (!member) {
          problems.push(`${childPath}: unknown key in ${shape.name}${suggest(key, [...shape.members.keys()])}`);
        } else if (path === "" && NUMBER_OR_STRING.has(key) && typeof child === "number") continue;
        else walk(child, member(), childPath, problems);
      }
      for (const required of shape.required) {
        if (!(required in value)) problems.push(`${at}: missing required member "${required}" of ${shape.name}`);
      }
      if (shape.kind === "union" && Object.keys(value).length !== 1) {
        problems.push(`${at}: ${shape.name} is a union, set exactly one of ${[...shape.members.keys()].join(", ")}`);
      }
      return;
    }
    case "list":
      if (!Array.isArray(value)) return wrong("an array");
      value.forEach((item, i) => walk(item, shape.member(), `${path}[${i}]`, problems));
      return;
    case "map":
      if (!isRecord(value)) return wrong("an object (map)");
      for (const [key, item] of Object.entries(value)) walk(item, shape.value(), `${path}.${key}`, problems);
      return;
    case "string":
      if (typeof value !== "string") return wrong("a string");
      if (shape.enum && !shape.enum.includes(value)) {
        problems.push(
          `${at}: ${JSON.stringify(value)} is not one of ${shape.enum.map((v) => JSON.stringify(v)).join(", ")}`,
        );
      }
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) wrong("a number");
      return;
    case "boolean":
      if (typeof value !== "boolean") wrong("a boolean");
      return;
    case "timestamp":
      if (typeof value !== "number" && typeof value !== "string") wrong("a timestamp");
      return;
    case "blob":
      if (typeof value !== "string") wrong("a base64 string");
      return;
    case "document":
      return;
  }
}

function checkFargate(td: Record<string, unknown>, problems: string[]): void {
  const compatibilities = td.requiresCompatibilities;
  if (!Array.isArray(compatibilities) || !compatibilities.includes("FARGATE")) return;
  if (td.networkMode !== "awsvpc") {
    problems.push(`networkMode: FARGATE requires "awsvpc", got ${describe(td.networkMode)} (ECS-01)`);
  }
  if (td.cpu === undefined || td.memory === undefined) {
    problems.push("cpu/memory: both are required at task level for FARGATE (ECS-01)");
    return;
  }
  const cpu = cpuUnits(td.cpu);
  const memory = memoryMiB(td.memory);
  // A wrong JSON type was already reported by the model walk; only a string in an unknown format is new here.
  if (cpu === undefined || memory === undefined) {
    if (cpu === undefined && typeof td.cpu === "string") problems.push(`cpu: cannot read "${td.cpu}" as CPU units`);
    if (memory === undefined && typeof td.memory === "string")
      problems.push(`memory: cannot read "${td.memory}" as MiB`);
    return;
  }
  const allowed = FARGATE_CPU_MEMORY.get(cpu);
  if (!allowed) {
    problems.push(`cpu: ${cpu} is not a Fargate size (${[...FARGATE_CPU_MEMORY.keys()].join(", ")}) (ECS-02)`);
  } else if (!allowed.includes(memory)) {
    problems.push(
      `memory: ${memory} MiB is not valid with cpu ${cpu} on Fargate; allowed: ${allowed.join(", ")} (ECS-02)`,
    );
  }
  const platform = td.runtimePlatform as { operatingSystemFamily?: unknown } | undefined;
  const windows = String(platform?.operatingSystemFamily ?? "").startsWith("WINDOWS");
  if (windows && (cpu < 1024 || cpu > 4096))
    problems.push(`cpu: Windows on Fargate needs 1024..4096 CPU units (ECS-02)`);
}

/** "1024", 1024, "1 vCPU", "0.25 vcpu" -> CPU units */
export function cpuUnits(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  const m = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(value) : null;
  return m ? Math.round(Number(m[1]) * (m[2] ? 1024 : 1)) : undefined;
}

/** "2048", 2048, "2GB", "2 GB" -> MiB */
export function memoryMiB(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  const m = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(gb)?\s*$/i.exec(value) : null;
  return m ? Math.round(Number(m[1]) * (m[2] ? 1024 : 1)) : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** "did you mean": a member that differs only in case or by a trailing "s" (containerDefinition, PortMappings). */
function suggest(key: string, members: string[]): string {
  const norm = (s: string): string => s.toLowerCase().replace(/s$/, "");
  const hit = members.find((member) => norm(member) === norm(key));
  return hit ? ` (did you mean "${hit}"?)` : "";
}
