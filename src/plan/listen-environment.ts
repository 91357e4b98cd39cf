// Where the app listens: the variables every run of a service needs, the same in the task
// definition and in compose.
import type { Config } from "../config/normalise.js";
import type { Service } from "../config/schema.js";
import { profileOf } from "../stacks/index.js";
import { stackOf } from "../config/stack-parts.js";
import type { EnvVar } from "./backing-services.js";

export function listenEnvironment(config: Config, service: Service): EnvVar[] {
  if (service.port === null) return [];
  const port = { key: profileOf(stackOf(config, service)).portVariable, value: String(service.port) };
  // Next.js' server binds to HOSTNAME. Fargate sets HOSTNAME in every container, which overrides
  // the image's ENV, so the server would listen on the task's address only and the container
  // health check on localhost would be refused (vercel/next.js#58657). The task's environment wins
  // over both.
  if (service.framework === "next") return [port, { key: "HOSTNAME", value: "0.0.0.0" }];
  return [port];
}
