// docker-compose.yml (what runs), docker-compose.override.yml (how it runs on a laptop) and
// .env.example. Host ports live only in the override: compose concatenates `ports` across files,
// so a port in the base file could never be removed by an override (docs/rules.md CMP-04).
import { posix } from "node:path";
import type { Service } from "../src/config/schema.js";
import { stackOf } from "../src/config/stack-parts.js";
import {
  connectionEnvironment,
  planCache,
  planDatabase,
  planLocalSecrets,
  type BackingService,
  type EnvVar,
} from "../src/plan/backing-services.js";
import { FEED_CONTEXT, PACKAGE_FOLDER } from "../src/plan/feed.js";
import { composeFiles } from "../src/plan/output-names.js";
import { listenEnvironment } from "../src/plan/listen-environment.js";
import { composeUpstream, PROXY_UPSTREAM_VARIABLE } from "../src/plan/proxy.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import { documentedFile, type Generator } from "../src/plan/types.js";

export const composeGenerator: Generator = {
  name: "compose",
  description: "docker-compose.yml, docker-compose.override.yml and .env.example for local development",
  plan(plan) {
    const { config } = plan;
    const backing = [planDatabase(config), planCache(config)].filter((b): b is BackingService => b !== null);
    const appServices = planAppServices(plan, backing);
    const files = composeFiles(config);
    return [
      documentedFile("local development: the services, their database and cache, with health checks", {
        path: files.base,
        template: "compose/docker-compose.yml.hbs",
        view: {
          files,
          project: config.project,
          services: appServices,
          proxies: proxyServices(plan),
          backing,
          volumes: backing.flatMap((b) => (b.volume ? [b.volume.name] : [])),
          feed: plan.feed.token !== null,
          ...buildContexts(plan),
        },
      }),
      documentedFile("laptop-only settings: host ports on 127.0.0.1, source mounts, development commands", {
        path: files.override,
        template: "compose/docker-compose.override.yml.hbs",
        view: {
          files,
          services: plan.development,
          proxies: proxyServices(plan),
          backing,
        },
      }),
      documentedFile("local values for the secrets: copy it to .env, never commit .env", {
        path: ".env.example",
        template: "compose/env.example.hbs",
        view: { secrets: planLocalSecrets(config, plan.feed.token) },
      }),
    ];
  },
};

function planAppServices({ config, images }: StackPlan, backing: BackingService[]) {
  return config.services.map((service) => {
    const image = images.find((i) => i.services.includes(service))!;
    return {
      name: service.name,
      // Compose reads the Dockerfile's path from the build context.
      dockerfile: posix.relative(image.context, image.dockerfile),
      context: image.context,
      target: image.target,
      image: `${config.project}-${image.primary.name}:local`,
      // Services sharing an image run their own command (a Sidekiq worker beside the web server).
      command: service === image.primary ? null : (service.command ?? null),
      environment: [
        ...listenEnvironment(config, service),
        ...plainEnvironment(service),
        ...connectionEnvironment(config, stackOf(config, service)),
        ...secretEnvironment(service),
      ],
      dependsOn: backing.map((b) => b.name),
    };
  });
}

/** Each web service's proxy, built from its own Dockerfile as CI builds it, in front of the app's service. */
function proxyServices({ config, proxies, hostPorts }: StackPlan) {
  return proxies.map((proxy) => ({
    name: proxy.name,
    service: proxy.service.name,
    dockerfile: proxy.dockerfile,
    image: `${config.project}-${proxy.name}:local`,
    upstream: { key: PROXY_UPSTREAM_VARIABLE, value: composeUpstream(proxy) },
    port: proxy.listenPort,
    hostPort: hostPorts.get(proxy.name),
  }));
}

function plainEnvironment(service: Service): EnvVar[] {
  return Object.entries(service.environment).map(([key, value]) => ({ key, value }));
}

/** Secrets come from .env locally; compose fails with a message naming the missing one. */
function secretEnvironment(service: Service): EnvVar[] {
  return service.secrets.map((s) => ({
    key: s.name,
    value: `\${${s.name}:?Set ${s.name} in .env (copy .env.example)}`,
  }));
}

/** Named build contexts the Dockerfiles read (Compose build.additional_contexts; docs/rules.md CMP-12's sibling). */
function buildContexts(plan: StackPlan): { contexts: { name: string; path: string }[]; contextsComment: string } {
  const { folder } = plan.feed;
  if (folder?.siblings)
    return {
      contexts: folder.packages.map((p) => ({ name: p.context, path: p.path! })),
      contextsComment: "The internal packages' repositories, checked out beside this one.",
    };
  if (folder && (folder.strategy === "s3" || folder.strategy === "ci-artifacts"))
    return {
      contexts: [{ name: FEED_CONTEXT, path: `./${PACKAGE_FOLDER}` }],
      contextsComment: `The internal packages; fill ${PACKAGE_FOLDER}/ first as docs/DEPLOY.md describes.`,
    };
  return { contexts: [], contextsComment: "" };
}
