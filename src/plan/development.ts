// How each service runs on a developer's machine (docker-compose.override.yml): the build stage
// that still has the toolchain, the source bind-mounted over it, a watching command, and host
// ports bound to 127.0.0.1 so a laptop on a shared network does not publish them.
import type { Config } from "../config/normalise.js";
import type { Service } from "../config/schema.js";
import { DEV_USER, type EnvVar } from "./backing-services.js";
import { workspacePackageBuilds } from "./feed.js";
import { joinPath } from "./images.js";

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
  /** user:group the container runs as; null: the image's user. */
  user: string | null;
}

export function planDevelopment(config: Config, service: Service): DevelopmentService {
  const ports = service.port === null ? [] : [hostPort(service.port)];
  const shared = { name: service.name, ports, entrypoint: null };
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
        user: null,
        command: service.devCommand ?? ["dotnet", "watch", "--project", service.entry!, "run", "--no-launch-profile"],
        volumes: [".:/src"],
        environment: [
          { key: "ASPNETCORE_ENVIRONMENT", value: "Development" },
          { key: "DOTNET_USE_POLLING_FILE_WATCHER", value: "true" },
        ],
      };
    case "node": {
      const workspace = service.path === "." ? [] : ["--workspace", service.path];
      const entry = joinPath(service.path, service.entry!);
      const defaultCommand: Record<NonNullable<Service["framework"]>, string[]> = {
        next: ["npm", "run", "dev", ...workspace],
        nest: nodeWatch(service, workspace, entry),
        express: nodeWatch(service, workspace, entry),
        node: nodeWatch(service, workspace, entry),
      };
      const mount = service.path === "." ? "/app" : `/app/${service.path}`;
      return {
        ...shared,
        target: "deps",
        buildArgs: [],
        // The developer's ids, not root: the service folder is bind-mounted, and files a root
        // container writes there (.next/, dist/) would be root's in the checkout.
        user: DEV_USER,
        command:
          service.devCommand ??
          (service.devScript
            ? ["npm", "run", service.devScript, ...workspace]
            : defaultCommand[service.framework ?? "node"]),
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
        user: null,
        // The build stage has no ENTRYPOINT, so development names the app's own: it runs
        // db:prepare only for a command that ends in exactly `./bin/rails server` (Rails'
        // template), hence no `-b 0.0.0.0` there; BINDING says the same to `rails server`.
        entrypoint: ["./bin/docker-entrypoint"],
        command: service.devCommand ?? (service.kind === "web" ? ["./bin/rails", "server"] : service.command),
        volumes: [".:/rails"],
        environment: [
          { key: "RAILS_ENV", value: "development" },
          ...(service.kind === "web" ? [{ key: "BINDING", value: "0.0.0.0" }] : []),
        ],
      };
  }
}

/**
 * A service without a dev script. One that builds has no build output in the deps stage nor in a
 * fresh clone, so it is built first; then its build script runs again with --watch (tsc, tsup,
 * esbuild, swc and vite all take it) while node restarts on each new output.
 */
function nodeWatch(service: Service, workspace: string[], entry: string): string[] {
  if (!service.buildScript) return ["node", "--watch", entry];
  const build = ["npm", "run", service.buildScript, ...workspace].join(" ");
  return ["sh", "-c", `${build} && (${build} -- --watch & exec node --watch ${entry})`];
}

export function hostPort(port: number): string {
  return `127.0.0.1:${port}:${port}`;
}
