/**
 * The ECS service model as shipped in @aws-sdk/client-ecs (3.1164.0 when written), decoded into plain shapes.
 *
 * Structure, list and map shapes: the Smithy "static schema" tuples the client serializes with, defined in
 * node_modules/@aws-sdk/client-ecs/dist-es/schemas/schemas_0.js (same content in dist-cjs/index.js) and exported
 * from the package entry, e.g. `RegisterTaskDefinitionRequest$`. Tuple layout, as read by @smithy/core 3.x
 * (dist-es/submodules/schema/schemas/NormalizedSchema.js, sentinels.js, protocols/HttpBindingNormalizedSchema.js):
 *   structure [3, namespace, name, traits, memberNames[], memberSchemas[], requiredCount?]  (required first)
 *   union     [4, …same as structure]   list [1, ns, name, traits, member]   map [2, ns, name, traits, key, value]
 *   member    [schema, traits]          schema refs may be thunks `() => X$`
 *   simple    0 string, 1 number, 2 boolean, 4-7 timestamp, 15 document, 21/42 blob; `64 | x` list of x,
 *             `128 | x` map of x.
 * Enums: the static schema types them as plain strings. Their values come from the package's runtime enum objects
 * (dist-es/models/enums.js, e.g. `NetworkMode`), and which member uses which enum from the member types in
 * dist-types/models/models_*.d.ts (`networkMode?: NetworkMode | undefined;`).
 */
import * as ecs from "@aws-sdk/client-ecs";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type Shape =
  | { kind: "string"; enum?: string[] }
  | { kind: "number" | "boolean" | "timestamp" | "blob" | "document" }
  | { kind: "list"; member: () => Shape }
  | { kind: "map"; value: () => Shape }
  | { kind: "structure" | "union"; name: string; members: Map<string, () => Shape>; required: Set<string> };

const require = createRequire(import.meta.url);
const PACKAGE_DIR = dirname(dirname(require.resolve("@aws-sdk/client-ecs")));
export const ECS_SDK_VERSION = (
  JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as { version: string }
).version;

let enumTypes: Map<string, Map<string, string[]>> | undefined;

/** interface name -> member name -> enum values, from the .d.ts member types and the runtime enum objects */
function memberEnums(): Map<string, Map<string, string[]>> {
  if (enumTypes) return enumTypes;
  enumTypes = new Map();
  const modelsDir = join(PACKAGE_DIR, "dist-types/models");
  const enumNames = new Set(
    [...readFileSync(join(modelsDir, "enums.d.ts"), "utf8").matchAll(/^export declare const (\w+): \{/gm)].map(
      (m) => m[1]!,
    ),
  );
  const runtime = ecs as unknown as Record<string, unknown>;
  for (const file of readdirSync(modelsDir).filter((f) => /^models_\d+\.d\.ts$/.test(f))) {
    const text = readFileSync(join(modelsDir, file), "utf8");
    for (const [, name, body] of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
      const members = new Map<string, string[]>();
      for (const [, member, type] of body!.matchAll(/^ {4}(\w+)\??: (\w+)(?:\[\])? \| undefined;$/gm)) {
        const values = enumNames.has(type!) ? runtime[type!] : undefined;
        if (values && typeof values === "object") members.set(member!, Object.values(values).map(String));
      }
      if (members.size > 0) enumTypes.set(name!, members);
    }
  }
  return enumTypes;
}

const decoded = new WeakMap<object, Shape>();

/** Decodes a static schema reference (number, tuple, member tuple or thunk) into a Shape. */
export function shapeOf(ref: unknown, enumValues?: string[]): Shape {
  let schema = ref;
  while (typeof schema === "function") schema = (schema as () => unknown)();
  if (Array.isArray(schema) && schema.length === 2) return shapeOf(schema[0], enumValues); // [schema, memberTraits]
  if (typeof schema === "number") return simpleShape(schema, enumValues);
  if (!Array.isArray(schema)) throw new Error(`unexpected ECS schema reference ${String(schema)}`);
  if (schema[0] === 0) return shapeOf(schema[4], enumValues); // named simple schema with traits
  // A list/map of enum strings takes its enum from the member that uses it, so only enum-free shapes are shared.
  const cachedShape = enumValues ? undefined : decoded.get(schema);
  if (cachedShape) return cachedShape;
  const tuple = schema as unknown[];
  let shape: Shape;
  if (tuple[0] === 1) shape = { kind: "list", member: () => shapeOf(tuple[4], enumValues) };
  else if (tuple[0] === 2) shape = { kind: "map", value: () => shapeOf(tuple[5], enumValues) };
  else if (tuple[0] === 3 || tuple[0] === 4) {
    const name = String(tuple[2]);
    const names = tuple[4] as string[];
    const refs = tuple[5] as unknown[];
    const enums = memberEnums().get(name);
    const members = new Map<string, () => Shape>();
    names.forEach((member, i) => members.set(member, () => shapeOf(refs[i], enums?.get(member))));
    const requiredCount = typeof tuple[6] === "number" ? tuple[6] : 0;
    shape = {
      kind: tuple[0] === 3 ? "structure" : "union",
      name,
      members,
      required: new Set(names.slice(0, requiredCount)),
    };
  } else throw new Error(`unexpected ECS schema kind ${String(tuple[0])} (${String(tuple[2])})`);
  if (!enumValues) decoded.set(schema, shape);
  return shape;
}

function simpleShape(code: number, enumValues?: string[]): Shape {
  if (code & 64) return { kind: "list", member: () => simpleShape(code & 63, enumValues) };
  if (code & 128) return { kind: "map", value: () => simpleShape(code & 127, enumValues) };
  switch (code) {
    case 0:
      return enumValues ? { kind: "string", enum: enumValues } : { kind: "string" };
    case 1:
    case 17:
    case 19:
      return { kind: "number" };
    case 2:
      return { kind: "boolean" };
    case 15:
      return { kind: "document" };
    case 21:
    case 42:
      return { kind: "blob" };
    default:
      if (code >= 4 && code <= 7) return { kind: "timestamp" };
      throw new Error(`unexpected ECS simple schema ${code}`);
  }
}

/** The request shape of RegisterTaskDefinition: what a task-definition JSON file for the deploy actions is. */
export function registerTaskDefinitionRequest(): Shape {
  return shapeOf((ecs as unknown as Record<string, unknown>).RegisterTaskDefinitionRequest$);
}
