// The reverse proxy's upstream: where nginx finds the app in the task and in compose. Which services
// have a proxy, and its names, are src/config/proxies.ts.
import type { ProxyPlan } from "../config/proxies.js";

/** The variable the nginx image's start-up script substitutes into the config template. */
export const PROXY_UPSTREAM_VARIABLE = "APP_UPSTREAM";

/**
 * Containers of one awsvpc task share a network namespace, so the app is on the task's loopback
 * (docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html). 127.0.0.1, not
 * "localhost": nginx would also try ::1, where an app bound to 0.0.0.0 refuses every request.
 */
export function taskUpstream(proxy: ProxyPlan): string {
  return `127.0.0.1:${proxy.appPort}`;
}

/** In compose each service is its own host, reached by its service name. */
export function composeUpstream(proxy: ProxyPlan): string {
  return `${proxy.service.name}:${proxy.appPort}`;
}
