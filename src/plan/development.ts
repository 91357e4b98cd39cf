// How each service runs on a developer's machine (docker-compose.override.yml): the build stage
// that still has the toolchain, the source bind-mounted over it, a watching command, and host
// ports bound to 127.0.0.1 so a laptop on a shared network does not publish them.
import { posix } from "node:path";
import type { Config } from "../config/normalise.js";
import type { Service } from "../config/schema.js";
import { planProxies, type ProxyPlan } from "../config/proxies.js";
import { DEV_USER, planCache, planDatabase, type EnvVar } from "./backing-services.js";
import type { WorkspacePackageBuild } from "./feed.js";
import { profileOf } from "../stacks/index.js";
import { configOfStack, contextOf, stackOf } from "../config/stack-parts.js";

export interface DevelopmentService {
  name: string;
  /** The build stage with the toolchain; null: the Dockerfile's last stage (an adopted Dockerfile). */
  target: string | null;
  buildArgs: EnvVar[];
  /** Set where the development target lacks the image's own ENTRYPOINT (which lives in its runtime stage). */
  entrypoint: string[] | null;
  command: string[] | null;
  ports: string[];
  volumes: string[];
  environment: EnvVar[];
  /** user:group the container runs as: the developer's ids (DEV_UID, DEV_GID in .env); null: the image's own USER (an adopted Dockerfile). */
  user: string | null;
}

export function planDevelopment(
  config: Config,
  service: Service,
  hostPorts: ReadonlyMap<string, number>,
  workspaceBuilds: readonly WorkspacePackageBuild[],
): DevelopmentService {
  const published = hostPorts.get(service.name);
  const ports = published === undefined ? [] : [`127.0.0.1:${published}:${service.port}`];
  // The developer's ids, not root: the checkout is bind-mounted, and what a root container writes
  // there (.next/, dist/, bin/, obj/, log/, tmp/) would be root's in the checkout.
  const shared = { name: service.name, ports, entrypoint: null, user: DEV_USER };
  // An adopted Dockerfile's stages are the repository's: which one has the toolchain, and where
  // the source belongs, is not ours to guess. Compose runs the image it builds, rebuilt by
  // `up --build`.
  if (service.dockerfile)
    return { ...shared, target: null, buildArgs: [], user: null, command: null, volumes: [], environment: [] };
  const stack = stackOf(config, service);
  const part = configOfStack(config, stack);
  const context = contextOf(config, stack);
  const planned = profileOf(stack).development.plan({
    service: part.services.find((s) => s.name === service.name)!,
    packageManager: config.packageManager,
    workspacePackages: context === "." ? workspaceBuilds.map((p) => p.path) : [],
    python: config.python ?? null,
    restoreFiles: part.restoreFiles,
  });
  return { ...shared, ...planned, volumes: planned.volumes.map((volume) => fromContext(context, volume)) };
}

/**
 * A bind mount of a service that builds from its own folder: the profile names the source from the
 * build context, compose from the project root. Anonymous volumes (a container path alone) stay.
 */
function fromContext(context: string, volume: string): string {
  const colon = volume.indexOf(":");
  if (context === "." || colon < 0) return volume;
  const source = volume.slice(0, colon);
  return `./${posix.join(context, source)}${volume.slice(colon)}`;
}

/**
 * Each service's port on the developer's machine, and each nginx proxy's (by its compose name). A
 * service's own `hostPort` comes first; then, in config order and the proxies after the services,
 * each keeps its container port unless an earlier one or a backing service holds it, and takes
 * the next free port above it otherwise (nine ASP.NET services on 8080 get 8080-8088). Container
 * ports stay as the app has them.
 */
export function developmentHostPorts(
  config: Config,
  proxies: readonly ProxyPlan[] = planProxies(config),
): Map<string, number> {
  const backing = [planDatabase(config), planCache(config)].flatMap((b) => (b ? [b.port] : []));
  const chosen = config.services.flatMap((s) => (s.hostPort === null ? [] : [s.hostPort]));
  const taken = new Set<number>([...backing, ...chosen]);
  const nextFree = (port: number) => {
    while (taken.has(port)) port++;
    taken.add(port);
    return port;
  };
  const ports = new Map<string, number>();
  for (const service of config.services) {
    if (service.port === null) continue;
    ports.set(service.name, service.hostPort ?? nextFree(service.port));
  }
  for (const proxy of proxies) ports.set(proxy.name, nextFree(proxy.listenPort));
  return ports;
}
