// Which services share an image. Services with the same source path build the same Dockerfile
// (a Rails web server and its Sidekiq worker); the first of them decides the image's default command.
import type { Config } from "../config/normalise.js";
import type { Service } from "../config/schema.js";
import { joinPath } from "../stacks/paths.js";
import { stackOf } from "../config/stack-parts.js";

export interface ImagePlan {
  /** Folder of the Dockerfile, relative to the project root ("." for the root). */
  path: string;
  /**
   * The build context, relative to the project root: the root for the project's stack, the
   * service's own folder for a service of another stack (src/config/stack-parts.ts).
   */
  context: string;
  dockerfile: string;
  /** The repository's own Dockerfile (services[].dockerfile): built as it is, never written. */
  adopted: boolean;
  /** The stage an adopted Dockerfile builds; null: its last stage (the tool's Dockerfiles end in the runtime stage). */
  target: string | null;
  /** The service whose command the image runs by default. */
  primary: Service;
  services: Service[];
}

export function planImages(config: Config): ImagePlan[] {
  const byPath = new Map<string, Service[]>();
  for (const service of config.services) {
    byPath.set(service.path, [...(byPath.get(service.path) ?? []), service]);
  }
  return [...byPath.entries()].map(([path, services]) => {
    const own = services.find((s) => s.dockerfile)?.dockerfile ?? null;
    const primary = services.find((s) => s.kind === "web") ?? services[0]!;
    return {
      path,
      context: stackOf(config, primary) === config.stack ? "." : path,
      dockerfile: own?.path ?? joinPath(path, "Dockerfile"),
      adopted: own !== null,
      target: own?.target ?? null,
      primary,
      services,
    };
  });
}
