// Rules and warnings about secret references, kept apart from rules.ts so each file has one
// reason to change. Same contract: "field: what is wrong; how to fix it".
import type { Config } from "./normalise.js";
import { ENV_PLACEHOLDER, resolveSecretFrom, unknownPlaceholders, type SecretRef } from "./secret-refs.js";

interface PlacedRef {
  field: string;
  ref: SecretRef;
}

function placedRefs(config: Config): PlacedRef[] {
  const own = config.services.flatMap((s, i) =>
    s.secrets.map((ref, j) => ({ field: `services[${i}].secrets[${j}]`, ref })),
  );
  const overrides = Object.entries(config.environments).flatMap(([envName, env]) =>
    Object.entries(env?.services ?? {}).flatMap(([name, o]) =>
      (o.secrets ?? []).map((ref, j) => ({ field: `environments.${envName}.services.${name}.secrets[${j}]`, ref })),
    ),
  );
  return [...own, ...overrides];
}

/** `{env}` is the only placeholder; "{stage}" or a stray brace would reach AWS as part of the name. */
export function secretPlaceholdersAreKnown(config: Config): string[] {
  return placedRefs(config).flatMap(({ field, ref }) => {
    const unknown = unknownPlaceholders(ref.from);
    return unknown.length === 0
      ? []
      : [
          `${field}.from: ${unknown.map((u) => `"${u}"`).join(", ")} is not a placeholder; the only one is ${ENV_PLACEHOLDER} (the environment's name), e.g. "secretsmanager:${config.project}/${ENV_PLACEHOLDER}/app:key"`,
        ];
  });
}

export const SECRET_RULES = [secretPlaceholdersAreKnown];

/**
 * A service's reference that names the same secret in several environments: staging's tasks then
 * hold prod's value (a staging compromise forges prod sessions). Existing configs keep working, so
 * this warns instead of failing.
 */
export function sharedSecretWarnings(config: Config): string[] {
  const envs = Object.entries(config.environments).flatMap(([name, env]) => (env ? [{ name, env }] : []));
  return config.services.flatMap((service, i) =>
    service.secrets.flatMap((ref, j) => {
      const users = envs
        .filter(({ env }) => !(env.services[service.name]?.secrets ?? []).some((o) => o.name === ref.name))
        .map(({ name }) => name);
      const names = new Set(users.map((env) => resolveSecretFrom(ref.from, env)));
      if (users.length < 2 || names.size > 1) return [];
      return [
        `services[${i}].secrets[${j}].from: "${ref.from}" is the same secret in ${users.join(", ")}, so a task of one environment can read another's value; put ${ENV_PLACEHOLDER} in the name (e.g. "${withEnv(ref.from)}") or give each environment its own in environments.<env>.services.${service.name}.secrets`,
      ];
    }),
  );
}

/** A suggestion: the environment as the secret name's first path segment after the project's. */
function withEnv(from: string): string {
  const [scheme, ...rest] = from.split(":");
  const name = rest[0] ?? "";
  const slash = name.indexOf("/", scheme === "ssm" ? 1 : 0);
  const placed =
    slash === -1 ? `${name}-${ENV_PLACEHOLDER}` : `${name.slice(0, slash)}/${ENV_PLACEHOLDER}${name.slice(slash)}`;
  return [scheme, placed, ...rest.slice(1)].join(":");
}
