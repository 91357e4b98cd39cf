// Secret references (`services[].secrets[].from`) per environment: the `{env}` placeholder and the
// per-environment overrides. One home for both, so the task definitions, the execution roles'
// policies, the cost estimate and the warnings resolve a reference the same way.
import type { Config } from "./normalise.js";

type Service = Config["services"][number];
export type SecretRef = Service["secrets"][number];

/** The one placeholder a reference may hold: the environment's name ("dev", "staging", "prod"). */
export const ENV_PLACEHOLDER = "{env}";

/** `from` with `{env}` replaced by the environment's name. */
export function resolveSecretFrom(from: string, env: string): string {
  return from.split(ENV_PLACEHOLDER).join(env);
}

/** Braces that are not `{env}`, e.g. "{stage}" or a lone "{"; empty when the reference is well formed. */
export function unknownPlaceholders(from: string): string[] {
  const rest = from.split(ENV_PLACEHOLDER).join("");
  if (!/[{}]/.test(rest)) return [];
  const named = rest.match(/\{[^{}]*\}/g) ?? [];
  return named.length > 0 ? named : [rest.replace(/^[^{}]*/, "").slice(0, 1)];
}

/**
 * A service's secret references in one environment: the service's own, each replaced by the
 * environment's override of the same variable name, then the override's new names; `{env}` resolved.
 */
export function secretsInEnvironment(
  base: readonly SecretRef[],
  override: readonly SecretRef[],
  env: string,
): SecretRef[] {
  const overridden = new Map(override.map((s) => [s.name, s]));
  const kept = base.map((s) => overridden.get(s.name) ?? s);
  const added = override.filter((s) => !base.some((b) => b.name === s.name));
  return [...kept, ...added].map((s) => ({ name: s.name, from: resolveSecretFrom(s.from, env) }));
}
