/**
 * docs/rules.md §3 compose checks on the generated pair
 * docker-compose.yml (base) + docker-compose.override.yml (dev override):
 * CMP-01, 02, 04, 05, 06, 07, 08, 09. CMP-02 is a SHOULD but asserted here.
 */
import {
  dependsOn,
  environment,
  isDataService,
  loadCompose,
  mergeServices,
  profiles,
  serviceKind,
  volumeTarget,
  type ComposeFile,
  type Json,
  type Service,
} from "./compose-model.js";
import { healthchecks, healthyDependencies } from "./compose-health-rules.js";

const BASE = "docker-compose.yml";
const OVERRIDE = "docker-compose.override.yml";

export function checkComposeRules(base: string, override: string): string[] {
  const b = loadCompose(base, BASE);
  const o = loadCompose(override, OVERRIDE);
  if (typeof b === "string" || typeof o === "string") return [b, o].filter((x): x is string => typeof x === "string");
  const merged = mergeServices(b, o);
  return [
    ...noVersion(b, BASE),
    ...noVersion(o, OVERRIDE),
    ...projectName(b),
    ...portsOnlyInOverride(b, o, merged),
    ...healthyDependencies(merged),
    ...healthchecks(merged),
    ...profileDependencies(merged),
    ...noLiteralSecrets(b),
    ...postgresDataVolume(merged),
  ];
}

/** CMP-01: the top-level `version:` key is obsolete. */
function noVersion(file: ComposeFile, label: string): string[] {
  return "version" in file.root ? [`CMP-01: ${label} has an obsolete top-level \`version:\` key`] : [];
}

/** CMP-02 */
function projectName(file: ComposeFile): string[] {
  const name = file.root.name;
  return typeof name === "string" && name.trim() !== "" ? [] : [`CMP-02: ${BASE} has no top-level \`name:\``];
}

/** CMP-04: ports are concatenated on merge, so the base publishes none; db/cache ports live in the override. */
function portsOnlyInOverride(b: ComposeFile, o: ComposeFile, merged: Record<string, Service>): string[] {
  const out: string[] = [];
  for (const [name, svc] of Object.entries(b.services)) {
    if (svc.ports !== undefined)
      out.push(`CMP-04: ${BASE} publishes ports for service ${name}; publish host ports only in ${OVERRIDE}`);
  }
  for (const [name, svc] of Object.entries(merged)) {
    if (isDataService(svc) && !Array.isArray(o.services[name]?.ports)) {
      out.push(
        `CMP-04: ${OVERRIDE} does not publish the ${serviceKind(svc)} port of service ${name} for local development`,
      );
    }
  }
  return out;
}

/** CMP-07: an always-on service must not depend on a profiled one (it would not start). */
function profileDependencies(merged: Record<string, Service>): string[] {
  const out: string[] = [];
  for (const [name, svc] of Object.entries(merged)) {
    for (const target of dependsOn(svc).keys()) {
      const targetProfiles = profiles(merged[target]);
      if (targetProfiles.length > 0 && !profiles(svc).some((p) => targetProfiles.includes(p))) {
        out.push(`CMP-07: ${name} depends on ${target}, which only runs with profile(s) ${targetProfiles.join(", ")}`);
      }
    }
  }
  return out;
}

const SECRET_KEY_RE = /PASSWORD|SECRET|TOKEN|KEY/i;
/** `POSTGRES_PASSWORD_FILE: /run/secrets/db_password` names a file, not a secret. */
const FILE_KEY_RE = /_FILE$/i;
/** `${VAR}`, `${VAR:?msg}`, `${VAR?msg}`, `${VAR:-}`: interpolated with no literal fallback. */
const INTERPOLATION_RE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*|:?-)?\}$/;

/** CMP-08: no literal secrets in the base file (dev throwaways belong in the override). */
function noLiteralSecrets(b: ComposeFile): string[] {
  const out: string[] = [];
  for (const [name, svc] of Object.entries(b.services)) {
    for (const [key, value] of environment(svc)) {
      if (
        !SECRET_KEY_RE.test(key) ||
        FILE_KEY_RE.test(key) ||
        value === null ||
        value === "" ||
        INTERPOLATION_RE.test(value)
      )
        continue;
      out.push(`CMP-08: ${BASE} ${name}.environment.${key} is a literal; use \${${key}:?set ${key} in .env}`);
    }
  }
  return out;
}

/** CMP-09: postgres ≥ 18 keeps data under /var/lib/postgresql, ≤ 17 under /var/lib/postgresql/data. */
function postgresDataVolume(merged: Record<string, Service>): string[] {
  const out: string[] = [];
  for (const [name, svc] of Object.entries(merged)) {
    if (serviceKind(svc) !== "postgres") continue;
    const major = Number(/:(\d+)/.exec(String(svc.image))?.[1]);
    if (!major) {
      out.push(`CMP-09: ${name} image ${String(svc.image)} has no major version tag; pin postgres:<major>`);
      continue;
    }
    const want = major >= 18 ? "/var/lib/postgresql" : "/var/lib/postgresql/data";
    const targets = (Array.isArray(svc.volumes) ? svc.volumes : []).map((v: Json) => volumeTarget(v));
    for (const t of targets.filter(
      (x): x is string => !!x && x.startsWith("/var/lib/postgresql") && x.replace(/\/+$/, "") !== want,
    )) {
      out.push(
        `CMP-09: ${name} (postgres:${major}) mounts its data volume at ${t}; postgres ${major >= 18 ? "18+" : "≤17"} needs ${want}`,
      );
    }
  }
  return out;
}
