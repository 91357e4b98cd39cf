// "Reverse proxy and third-party images" in docs/DEPLOY.md: what the traffic sidecar is, where its
// image comes from, and how the one third-party image that reaches a task is pinned.
import { repositoryName } from "../src/plan/environments.js";
import { PROXY_UPSTREAM_VARIABLE, composeUpstream, taskUpstream } from "../src/plan/proxy.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import { IMAGES } from "../src/plan/versions.js";

export function proxySection({ config, proxies }: StackPlan): { paragraphs: string[] } | null {
  const others = config.services.flatMap((s) => s.sidecars.filter((c) => !c.receivesTraffic).map((c) => c.image));
  if (proxies.length === 0 && others.length === 0) return null;
  const base = IMAGES.nginxProxy;
  return {
    paragraphs: [
      ...proxies.map(
        (p) =>
          `\`${p.service.name}\` takes the load balancer's traffic through its reverse proxy \`${p.sidecar.name}\` (\`${p.folder}/\`): nginx on port ${p.listenPort}, passing every request, the health check's \`${p.service.healthCheckPath ?? "/"}\` included, to the app. The nginx image renders \`default.conf.template\` at start with \`${PROXY_UPSTREAM_VARIABLE}\`: \`${taskUpstream(p)}\` in the task, whose containers share the loopback, \`${composeUpstream(p)}\` in compose. Its image is yours, in the ECR repository \`${repositoryName(config, p.name)}\`, built by the Deploy workflow with the app's image and deployed with the same commit tag.`,
      ),
      ...(proxies.length > 0
        ? [
            `The proxy's base, \`${base.image}:${base.tag}\`, is pinned by digest in its Dockerfile, so every build gets the same bytes; to upgrade, change that line (\`docker buildx imagetools inspect ${base.image}:${base.tag}\` prints the current digest). Tasks never pull it: they run the proxy image from your ECR, through the VPC endpoints where there is no NAT. Pinning was chosen over an ECR pull-through cache: a cache rule, its repositories and their permissions would buy nothing at run time when only the build reads the image, and a digest also fixes what a cache would copy.`,
          ]
        : []),
      ...others.map(
        (image) =>
          `The sidecar image \`${image}\` is pulled by every task start from its registry; it is pinned by digest or in your own ECR, so it cannot change under a running service.`,
      ),
    ],
  };
}
