// The reverse proxy in front of a web service: the sidecar that receives the load balancer's traffic.
// It is an image of our own (nginx with one config template), pushed to its own ECR repository with
// the app's tag, so the task pulls nothing from a third-party registry. The same template serves the
// task, where the app is on the task's localhost, and compose, where it is the app's service name.
import type { Config } from "./normalise.js";
import { joinPath } from "../stacks/paths.js";
import type { Service, Sidecar } from "./schema.js";

export interface ProxyPlan {
  /** The web service the proxy fronts, and the sidecar that describes it. */
  service: Service;
  sidecar: Sidecar;
  /** "<service>-<sidecar>": its ECR repository, compose service and image build. */
  name: string;
  /** Project-relative folder of its Dockerfile and config template. */
  folder: string;
  dockerfile: string;
  template: string;
  /** Where nginx listens (the load balancer's target) and where the app does. */
  listenPort: number;
  appPort: number;
}

export function planProxies(config: Config): ProxyPlan[] {
  return config.services.flatMap((service) => {
    const sidecar = service.sidecars.find((c) => c.receivesTraffic);
    if (!sidecar || sidecar.port === null || service.port === null) return [];
    const folder = joinPath(service.path, sidecar.name);
    return [
      {
        service,
        sidecar,
        name: `${service.name}-${sidecar.name}`,
        folder,
        dockerfile: joinPath(folder, "Dockerfile"),
        template: joinPath(folder, "default.conf.template"),
        listenPort: sidecar.port,
        appPort: service.port,
      },
    ];
  });
}
