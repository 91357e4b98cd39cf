// What the generated ECS task definition says a service's container gets: its environment, a dummy value for
// each secret (ECS would inject the real one), its port and its own health-check command.
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface ContainerRun {
  env: Record<string, string>;
  port: number | null;
  /** The healthCheck command without its "CMD" / "CMD-SHELL" marker, ready for `docker exec`. */
  healthCommand: string[] | null;
  /** The path the health-check command asks for (http://localhost:<port><path>), if it names one. */
  healthPath: string | null;
  stopTimeout: number | null;
}

interface ContainerDefinition {
  name: string;
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  portMappings?: { containerPort: number }[];
  healthCheck?: { command: string[] };
  stopTimeout?: number;
}

/**
 * The first environment's task definition of `service` (environments differ in sizes, not in the container): its
 * app container, or the container named `container` (a sidecar).
 */
export async function containerRun(projectDir: string, service: string, container = service): Promise<ContainerRun> {
  const root = join(projectDir, "infra/task-definitions");
  const environment = readdirSync(root).sort()[0] ?? "dev";
  const definition = JSON.parse(await readFile(join(root, environment, `${service}.json`), "utf8")) as {
    containerDefinitions: ContainerDefinition[];
  };
  const found = definition.containerDefinitions.find((c) => c.name === container);
  if (!found) throw new Error(`${environment}/${service}.json has no container named ${container}`);
  const env = Object.fromEntries((found.environment ?? []).map((e) => [e.name, e.value]));
  for (const secret of found.secrets ?? []) env[secret.name] = `real-run-dummy-${secret.name.toLowerCase()}`;
  const command = found.healthCheck?.command ?? null;
  return {
    env,
    port: found.portMappings?.[0]?.containerPort ?? null,
    healthCommand:
      command === null ? null : command[0] === "CMD-SHELL" ? ["sh", "-c", command[1] ?? ""] : command.slice(1),
    stopTimeout: found.stopTimeout ?? null,
    healthPath: /localhost:\d+(\/[^"'\s)]*)/.exec(command?.join(" ") ?? "")?.[1] ?? null,
  };
}
