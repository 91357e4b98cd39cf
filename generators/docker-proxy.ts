// The reverse proxy's image: a Dockerfile FROM the pinned nginx base and the config template the
// base renders at start (src/plan/proxy.ts says where it runs and what it proxies to).
import type { ProxyPlan } from "../src/config/proxies.js";
import { composeUpstream, PROXY_UPSTREAM_VARIABLE, taskUpstream } from "../src/plan/proxy.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import { documented, type PlannedFile } from "../src/plan/types.js";
import { IMAGES } from "../src/plan/versions.js";

export function proxyFiles(plan: StackPlan): PlannedFile[] {
  return plan.proxies.flatMap((proxy) => {
    const view = proxyView(proxy);
    const doc = {
      row: `${proxy.folder}/`,
      why: `the reverse proxy in front of ${proxy.service.name}: nginx, non-root, with the config template it renders at start; its own image and ECR repository`,
    };
    return documented(doc, [
      { path: proxy.dockerfile, template: "docker/proxy/Dockerfile.hbs", view },
      { path: proxy.template, template: "docker/proxy/default.conf.template.hbs", view },
    ]);
  });
}

function proxyView(proxy: ProxyPlan) {
  const base = IMAGES.nginxProxy;
  return {
    service: proxy.service.name,
    dockerfile: proxy.dockerfile,
    template: proxy.template,
    listenPort: proxy.listenPort,
    upstreamVariable: PROXY_UPSTREAM_VARIABLE,
    taskUpstream: taskUpstream(proxy),
    composeUpstream: composeUpstream(proxy),
    // The tag stays readable beside the digest, which is what is pulled.
    baseTag: base.tag,
    baseImage: `${base.image}:${base.tag}@${base.digest}`,
    baseSource: base.source,
  };
}
