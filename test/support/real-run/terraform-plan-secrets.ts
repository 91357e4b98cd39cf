// Where a secret stand-in shows up in a mocked plan. The test copy replaces every generated password
// and token with PASSWORD_STAND_IN (terraform-copy.ts), and `terraform test -json -verbose` prints the
// plan of each run as JSON (a "test_plan" message, the format of `terraform show -json`). A
// write-only argument is always null in a plan (developer.hashicorp.com/terraform/language/resources/ephemeral/write-only),
// so the stand-in found in any value is a secret that would be written to state.
import { PASSWORD_STAND_IN } from "./terraform-copy.js";

interface PlanJson {
  resource_changes?: { address: string; change: { after?: unknown } }[];
  output_changes?: Record<string, { after?: unknown }>;
}

/** The human-readable lines of `terraform test -json` output, for failure messages. */
export function testMessages(jsonLines: string): string {
  return parseLines(jsonLines)
    .map((m) => (typeof m["@message"] === "string" ? m["@message"] : ""))
    .filter(Boolean)
    .join("\n");
}

/** "address.attribute.path" of every planned value holding the stand-in, over every run's plan. */
export function secretStandInsInPlan(jsonLines: string): string[] {
  const plans = parseLines(jsonLines).flatMap((m) => (m.type === "test_plan" ? [m.test_plan as PlanJson] : []));
  return plans.flatMap((plan) => [
    ...(plan.resource_changes ?? []).flatMap((rc) => pathsHolding(rc.change.after, rc.address)),
    ...Object.entries(plan.output_changes ?? {}).flatMap(([name, oc]) => pathsHolding(oc.after, `output.${name}`)),
  ]);
}

function pathsHolding(value: unknown, path: string): string[] {
  if (typeof value === "string") return value.includes(PASSWORD_STAND_IN) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => pathsHolding(v, `${path}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => pathsHolding(v, `${path}.${k}`));
  return [];
}

function parseLines(jsonLines: string): Record<string, unknown>[] {
  return jsonLines
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
