/**
 * Loading and merging of a docker-compose.yml + docker-compose.override.yml
 * pair for the compose rule checks (docs/rules.md §3).
 */
import { parse } from "yaml";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Service = { [key: string]: Json };
export interface ComposeFile {
  root: { [key: string]: Json };
  services: Record<string, Service>;
}

export function isMap(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses one compose file; YAML 1.1 merge keys (`<<: *defaults`) are resolved like Compose does. */
export function loadCompose(text: string, label: string): ComposeFile | string {
  let root: unknown;
  try {
    root = parse(text, { merge: true }) ?? {};
  } catch (e) {
    return `YAML: ${label} does not parse: ${(e as Error).message.split("\n")[0]}`;
  }
  if (!isMap(root as Json)) return `YAML: ${label} is not a mapping`;
  const map = root as { [key: string]: Json };
  const services = isMap(map.services) ? (map.services as Record<string, Service>) : {};
  return { root: map, services };
}

/** depends_on in either syntax, as `{ target: { condition?, ... } | "short" }`. */
export function dependsOn(service: Service): Map<string, { [key: string]: Json } | "short"> {
  const deps = new Map<string, { [key: string]: Json } | "short">();
  const raw = service.depends_on;
  if (Array.isArray(raw)) for (const t of raw) deps.set(String(t), "short");
  else if (isMap(raw)) for (const [t, v] of Object.entries(raw)) deps.set(t, isMap(v) ? v : "short");
  return deps;
}

/**
 * Compose merge (docs/rules.md CMP-04): mappings deep-merge with the override
 * winning, `depends_on` merges by service, volumes by container target,
 * other sequences are appended. Good enough for rule checks; the real merge
 * is exercised by `docker-compose config` in compose-config.ts.
 */
export function mergeServices(base: ComposeFile, override: ComposeFile | undefined): Record<string, Service> {
  const merged: Record<string, Service> = {};
  for (const [name, svc] of Object.entries(base.services)) merged[name] = { ...svc };
  for (const [name, svc] of Object.entries(override?.services ?? {})) {
    merged[name] = mergeMap(merged[name] ?? {}, svc) as Service;
  }
  return merged;
}

function mergeMap(a: { [key: string]: Json }, b: { [key: string]: Json }): { [key: string]: Json } {
  const out: { [key: string]: Json } = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    if (k === "depends_on")
      out[k] = Object.fromEntries([...dependsOn(a), ...dependsOn(b)].map(([t, d]) => [t, d === "short" ? {} : d]));
    else if (k === "volumes" && Array.isArray(prev) && Array.isArray(v)) out[k] = mergeVolumes(prev, v);
    else if (k === "healthcheck" && isMap(prev) && isMap(v)) out[k] = { ...prev, ...v };
    else if (isMap(prev) && isMap(v)) out[k] = mergeMap(prev, v);
    else if (Array.isArray(prev) && Array.isArray(v)) out[k] = [...prev, ...v];
    else out[k] = v;
  }
  return out;
}

function mergeVolumes(a: Json[], b: Json[]): Json[] {
  const byTarget = new Map<string, Json>();
  for (const v of [...a, ...b]) byTarget.set(volumeTarget(v) ?? JSON.stringify(v), v);
  return [...byTarget.values()];
}

/** Container path of a short (`src:/target[:ro]`) or long (`{ target }`) volume entry. */
export function volumeTarget(v: Json): string | undefined {
  if (typeof v === "string") {
    const parts = v.split(":");
    return parts.length === 1 ? parts[0] : parts[1];
  }
  return isMap(v) && typeof v.target === "string" ? v.target : undefined;
}

export type ServiceKind = "postgres" | "mysql" | "mongo" | "redis" | "valkey" | "other";

/** Stateful services recognised by image (`postgres:18`, `postgis/postgis`, `valkey/valkey:8`, …). */
export function serviceKind(service: Service): ServiceKind {
  const image = typeof service.image === "string" ? service.image.replace(/^docker\.io\/(library\/)?/, "") : "";
  const repo = image.split(":")[0]!.split("@")[0]!;
  if (/^(postgres|postgis\/postgis|.*\/postgres)$/.test(repo)) return "postgres";
  if (/^(mysql|mariadb)$/.test(repo)) return "mysql";
  if (/^mongo$/.test(repo)) return "mongo";
  if (/^(redis|redis\/redis-stack.*|.*\/redis)$/.test(repo)) return "redis";
  if (/^(valkey\/valkey|.*\/valkey)$/.test(repo)) return "valkey";
  return "other";
}

export const isDataService = (service: Service) => serviceKind(service) !== "other";

/** Environment as key → value (`null` for pass-through keys), from mapping or `KEY=value` list syntax. */
export function environment(service: Service): Map<string, string | null> {
  const env = new Map<string, string | null>();
  const raw = service.environment;
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const [k, ...rest] = String(item).split("=");
      env.set(k!, rest.length ? rest.join("=") : null);
    }
  } else if (isMap(raw)) {
    for (const [k, v] of Object.entries(raw)) env.set(k, v === null ? null : String(v));
  }
  return env;
}

export function profiles(service: Service | undefined): string[] {
  return Array.isArray(service?.profiles) ? service.profiles.map(String) : [];
}
