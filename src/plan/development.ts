// How each service runs on a developer's machine (docker-compose.override.yml): the build stage
// that still has the toolchain, the source bind-mounted over it, a watching command, and host
// ports bound to 127.0.0.1 so a laptop on a shared network does not publish them.
import type { Config } from "../config/normalise.js";
import type { Service } from "../config/schema.js";
import { packageManagerFacts } from "../config/package-managers.js";
import { joinPath } from "../config/derived.js";
import { planProxies } from "../config/proxies.js";
import { DEV_USER, planCache, planDatabase, type EnvVar } from "./backing-services.js";
import { workspacePackageBuilds } from "./feed.js";
import { runScript } from "./package-manager.js";

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

export function planDevelopment(config: Config, service: Service): DevelopmentService {
  const published = developmentHostPorts(config).get(service.name);
  const ports = published === undefined ? [] : [`127.0.0.1:${published}:${service.port}`];
  // The developer's ids, not root: the checkout is bind-mounted, and what a root container writes
  // there (.next/, dist/, bin/, obj/, log/, tmp/) would be root's in the checkout.
  const shared = { name: service.name, ports, entrypoint: null, user: DEV_USER };
  // An adopted Dockerfile's stages are the repository's: which one has the toolchain, and where
  // the source belongs, is not ours to guess. Compose runs the image it builds, rebuilt by
  // `up --build`.
  if (service.dockerfile)
    return { ...shared, target: null, buildArgs: [], user: null, command: null, volumes: [], environment: [] };
  switch (config.stack) {
    case "dotnet":
      return {
        ...shared,
        target: "build",
        buildArgs: [],
        command: service.devCommand ?? ["dotnet", "watch", "--project", service.entry!, "run", "--no-launch-profile"],
        volumes: [".:/src"],
        environment: [
          { key: "ASPNETCORE_ENVIRONMENT", value: "Development" },
          { key: "DOTNET_USE_POLLING_FILE_WATCHER", value: "true" },
          NAMELESS_HOME,
        ],
      };
    case "node": {
      const manager = packageManagerFacts(config.packageManager);
      const run = (script: string) => runScript(manager, script, service.path);
      const entry = joinPath(service.path, service.entry!);
      const defaultCommand: Record<NonNullable<Service["framework"]>, string[]> = {
        next: run("dev"),
        nest: nodeWatch(service, run, entry),
        express: nodeWatch(service, run, entry),
        node: nodeWatch(service, run, entry),
      };
      const mount = service.path === "." ? "/app" : `/app/${service.path}`;
      return {
        ...shared,
        target: "deps",
        buildArgs: [],
        command:
          service.devCommand ??
          (service.devScript ? run(service.devScript) : defaultCommand[service.framework ?? "node"]),
        // The anonymous volume keeps the image's node_modules visible under the bind mount. The
        // internal workspace packages (feed "source") are mounted too: the deps stage holds only
        // their package.json, and node_modules links to their folders.
        volumes: [
          `./${service.path === "." ? "" : service.path}:${mount}`.replace("./:", ".:"),
          `${mount}/node_modules`,
          ...workspacePackageBuilds(config)
            .filter((p) => p.path !== service.path)
            .map((p) => `./${p.path}:/app/${p.path}`),
        ],
        environment: [{ key: "NODE_ENV", value: "development" }],
      };
    }
    case "rails":
      return {
        ...shared,
        target: "build",
        buildArgs: [{ key: "BUNDLE_WITHOUT", value: "" }],
        // The build stage has no ENTRYPOINT, so development names the app's own: it runs
        // db:prepare only for a command that ends in exactly `./bin/rails server` (Rails'
        // template), hence no `-b 0.0.0.0` there; BINDING says the same to `rails server`.
        entrypoint: ["./bin/docker-entrypoint"],
        command: service.devCommand ?? (service.kind === "web" ? ["./bin/rails", "server"] : service.command),
        volumes: [".:/rails"],
        environment: [
          { key: "RAILS_ENV", value: "development" },
          ...(service.kind === "web" ? [{ key: "BINDING", value: "0.0.0.0" }] : []),
          NAMELESS_HOME,
        ],
      };
  }
}

/**
 * The build stages of the .NET SDK and Ruby images have no account for the developer's uid, so
 * its home would be "/", where it may not write: the SDK's first-run files and NuGet's packages
 * (~/.dotnet, ~/.nuget) and Bundler's settings go to a writable one instead. The Node image has
 * the user "node" (1000) with a home of its own.
 */
const NAMELESS_HOME: EnvVar = { key: "HOME", value: "/tmp" };

/**
 * A service without a dev script. One that builds has no build output in the deps stage nor in a
 * fresh clone, so it is built first; then its build script runs again with --watch (tsc, tsup,
 * esbuild, swc and vite all take it) while node restarts on each new output.
 */
function nodeWatch(service: Service, run: (script: string) => string[], entry: string): string[] {
  if (!service.buildScript) return ["node", "--watch", entry];
  const build = run(service.buildScript).join(" ");
  return ["sh", "-c", `${build} && (${build} -- --watch & exec node --watch ${entry})`];
}

/**
 * Each service's port on the developer's machine, and each nginx proxy's (by its compose name). A
 * service's own `hostPort` comes first; then, in config order and the proxies after the services,
 * each keeps its container port unless an earlier one or a backing service holds it, and takes
 * the next free port above it otherwise (nine ASP.NET services on 8080 get 8080-8088). Container
 * ports stay as the app has them.
 */
export function developmentHostPorts(config: Config): Map<string, number> {
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
  for (const proxy of planProxies(config)) ports.set(proxy.name, nextFree(proxy.listenPort));
  return ports;
}
