/**
 * docs/rules.md §3 health checks: CMP-05 (depend on healthy db/cache, long form
 * with condition) and CMP-06 (test form, per-engine probe, `$$` escaping,
 * interval/timeout/retries/start_period).
 */
import { dependsOn, isDataService, isMap, serviceKind, type Service } from "./compose-model.js";

function hasHealthcheck(svc: Service | undefined): boolean {
  const hc = svc?.healthcheck;
  if (!isMap(hc) || hc.disable === true) return false;
  return !(Array.isArray(hc.test) && hc.test[0] === "NONE");
}

/** CMP-05: wait for healthy db/cache (and any service that has a healthcheck). */
export function healthyDependencies(merged: Record<string, Service>): string[] {
  const out: string[] = [];
  for (const [name, svc] of Object.entries(merged)) {
    for (const [target, dep] of dependsOn(svc)) {
      const t = merged[target];
      const condition = dep === "short" ? undefined : dep.condition;
      if ((hasHealthcheck(t) || (t && isDataService(t))) && condition !== "service_healthy") {
        out.push(`CMP-05: ${name}.depends_on.${target} must be long form with \`condition: service_healthy\``);
      }
      if (t && isDataService(t) && !hasHealthcheck(t)) {
        out.push(`CMP-05: ${target} (${serviceKind(t)}) is a dependency of ${name} but has no healthcheck`);
      }
    }
  }
  return out;
}

const TIMING_KEYS = ["interval", "timeout", "retries", "start_period"];
const PROBES: Partial<Record<ReturnType<typeof serviceKind>, [RegExp, string]>> = {
  postgres: [/\bpg_isready\b/, '["CMD-SHELL", "pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}"]'],
  redis: [/\bredis-cli\b.*\bping\b/, '["CMD", "redis-cli", "ping"]'],
  valkey: [/\bvalkey-cli\b.*\bping\b/, '["CMD", "valkey-cli", "ping"]'],
};

/** CMP-06: test form, per-engine probes with `$$`-escaped variables, full timing. */
export function healthchecks(merged: Record<string, Service>): string[] {
  const out: string[] = [];
  for (const [name, svc] of Object.entries(merged)) {
    const hc = svc.healthcheck;
    if (!isMap(hc) || !hasHealthcheck(svc)) continue;
    const test = hc.test;
    if (Array.isArray(test) && !["CMD", "CMD-SHELL", "NONE"].includes(String(test[0]))) {
      out.push(`CMP-06: ${name}.healthcheck.test must start with CMD, CMD-SHELL or NONE`);
    }
    const command = Array.isArray(test) ? test.slice(1).join(" ") : String(test ?? "");
    // A single `$` is interpolated by Compose on the host; the container's variables need `$$`.
    if (/(^|[^$])\$(\{|[A-Za-z_])/.test(command)) {
      out.push(`CMP-06: ${name}.healthcheck.test uses an unescaped \`$\`; write $\${VAR} so the container expands it`);
    }
    const probe = PROBES[serviceKind(svc)];
    if (probe && !probe[0].test(command)) out.push(`CMP-06: ${name}.healthcheck.test should probe with ${probe[1]}`);
    for (const key of TIMING_KEYS.filter((k) => hc[k] === undefined))
      out.push(`CMP-06: ${name}.healthcheck.${key} missing`);
  }
  return out;
}
