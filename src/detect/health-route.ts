// The route an app already serves for health checks, read from its source, so the load balancer
// probes a path the app answers. Only what the code says plainly is taken: a route registered with
// a literal health-like path (Express, Fastify, Koa routers, Hono), a NestJS controller named
// health, or a Next.js API route file. Nothing found: init says which path will be probed.
import { posix } from "node:path";
import type { ProjectFiles } from "./project-files.js";

/** Paths that are health checks by name. */
const HEALTH_PATH = String.raw`\/(?:api\/)?(?:health(?:z|check)?|healthcheck|livez|readyz|ready|up|ping)`;
/** app.get("/health", ...), router.all('/healthz'), fastify.get(`/api/health`). */
const ROUTE_CALL = new RegExp(String.raw`\.(?:get|all|head|route)\(\s*["'\`](${HEALTH_PATH})["'\`]`);
/** @Controller("health") on a NestJS controller (with its optional leading slash). */
const NEST_CONTROLLER = /@Controller\(\s*["'`]\/?(health[a-z]*)["'`]\s*\)/;
/** Next.js API routes: app/api/health/route.ts (App Router), pages/api/health.ts (Pages Router). */
const NEXT_ROUTE_FILE = /^(?:src\/)?(?:app\/(api\/[a-z]+)\/route|pages\/(api\/[a-z]+))\.[cm]?[jt]sx?$/;

const SOURCE_FILE = /\.[cm]?[jt]sx?$/;
const NOT_APP_SOURCE = /(^|\/)(test|tests|__tests__|e2e|dist|build|\.next|coverage)\/|\.(test|spec)\.[cm]?[jt]sx?$/;
/** Reading stops here: a health route sits in an app's entry or routes, not deep in a big tree. */
const MAX_FILES = 200;

export interface HealthRoute {
  path: string;
  file: string;
}

export async function nodeHealthRoute(project: ProjectFiles, dir: string): Promise<HealthRoute | null> {
  const prefix = dir === "." ? "" : `${dir}/`;
  const sources = project.files
    .filter((f) => f.startsWith(prefix) && SOURCE_FILE.test(f) && !NOT_APP_SOURCE.test(f.slice(prefix.length)))
    .slice(0, MAX_FILES);
  for (const file of sources) {
    const local = file.slice(prefix.length);
    const route = NEXT_ROUTE_FILE.exec(local);
    const nextPath = route ? `/${route[1] ?? route[2]}` : null;
    if (nextPath && new RegExp(`^${HEALTH_PATH}$`).test(nextPath)) return { path: nextPath, file };
  }
  for (const file of sources) {
    const text = (await project.read(file)) ?? "";
    const path = ROUTE_CALL.exec(text)?.[1] ?? withSlash(NEST_CONTROLLER.exec(text)?.[1]);
    if (path) return { path, file };
  }
  return null;
}

const withSlash = (segment: string | undefined) => (segment ? posix.join("/", segment) : null);
