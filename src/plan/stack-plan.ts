// The stack plan: every fact more than one artifact family reads, computed once per run from the
// normalised config and handed to each family (src/stack.ts). The functions beside it in src/plan/
// are its building blocks and stay pure; a family reads the plan instead of calling them again.
import type { Config } from "../config/normalise.js";
import type { Service } from "../config/schema.js";
import { configOfStack, stackOf, stacksOf } from "../config/stack-parts.js";
import { planProxies, type ProxyPlan } from "../config/proxies.js";
import { builtImages, planEnvironments, type BuiltImage, type EnvironmentPlan } from "./environments.js";
import {
  feedConfigFile,
  feedInAws,
  planFeed,
  planFolderFeed,
  workspacePackageBuilds,
  type FolderFeed,
  type TokenFeed,
  type WorkspacePackageBuild,
} from "./feed.js";
import { planImages, type ImagePlan } from "./images.js";
import { developmentHostPorts, planDevelopment, type DevelopmentService } from "./development.js";
import { sizingView, type SizingView } from "./sizing.js";

/** How the image build reaches private packages (src/plan/feed.ts). */
export interface FeedPlan {
  /** A registry with a token (codeartifact, github-packages); null otherwise. */
  readonly token: TokenFeed | null;
  /** A folder of packages (source, s3, ci-artifacts, ecr-image); null otherwise. */
  readonly folder: FolderFeed | null;
  /** The package store lives in AWS, so the global root lets CI's roles read it. */
  readonly inAws: boolean;
  /** The generated nuget.config or .npmrc of the image build; null when the build needs none. */
  readonly configFile: string | null;
  /** Node workspaces built in order before anything imports them (feed "source" in a monorepo). */
  readonly workspaceBuilds: readonly WorkspacePackageBuild[];
}

export interface StackPlan {
  /** The normalised config, for what the plan does not derive. */
  readonly config: Config;
  /** One plan per configured environment, each service with its overrides, task count and traffic container. */
  readonly environments: readonly EnvironmentPlan[];
  /** The images the services build, one per source path. */
  readonly images: readonly ImagePlan[];
  /** The nginx proxies in front of web services. */
  readonly proxies: readonly ProxyPlan[];
  /** Every image CI builds and pushes, with its ECR repository: the app images, then the proxies. */
  readonly builtImages: readonly BuiltImage[];
  readonly feed: FeedPlan;
  /** Each service's port on the developer's machine, and each proxy's (by its compose name). */
  readonly hostPorts: ReadonlyMap<string, number>;
  /** How each service runs on a developer's machine (docker-compose.override.yml), in config order. */
  readonly development: readonly DevelopmentService[];
  /** Availability zones, database storage and cache nodes: what the modules create and the estimate prices. */
  readonly sizing: SizingView;
}

/** The feed of a stack other than the project's: its public registry only. */
const PUBLIC_REGISTRIES_ONLY: FeedPlan = {
  token: null,
  folder: null,
  inAws: false,
  configFile: null,
  workspaceBuilds: [],
};

/**
 * The plan as the services of each stack see it, the project's stack first (src/config/stack-parts.ts):
 * that stack's config, its images, and the private feed for the project's stack only. For a config of
 * one stack, the plan itself.
 */
export function stackParts(plan: StackPlan): StackPlan[] {
  const stacks = stacksOf(plan.config);
  if (stacks.length === 1) return [plan];
  return stacks.map((stack) => {
    const config = configOfStack(plan.config, stack);
    const rebased = (service: Service) => config.services.find((s) => s.name === service.name)!;
    const images = plan.images
      .filter((image) => stackOf(plan.config, image.primary) === stack)
      .map((image) => ({
        ...image,
        path: image.context === "." ? image.path : ".",
        primary: rebased(image.primary),
        services: image.services.map(rebased),
      }));
    return { ...plan, config, images, feed: stack === plan.config.stack ? plan.feed : PUBLIC_REGISTRIES_ONLY };
  });
}

export function planStack(config: Config): StackPlan {
  const images = planImages(config);
  const proxies = planProxies(config);
  const token = planFeed(config);
  const folder = planFolderFeed(config);
  const workspaceBuilds = workspacePackageBuilds(folder);
  const hostPorts = developmentHostPorts(config, proxies);
  return {
    config,
    environments: planEnvironments(config, images, proxies),
    images,
    proxies,
    builtImages: builtImages(config, images, proxies),
    feed: {
      token,
      folder,
      inAws: feedInAws(token, folder),
      configFile: feedConfigFile(config),
      workspaceBuilds,
    },
    hostPorts,
    development: config.services.map((s) => planDevelopment(config, s, hostPorts, workspaceBuilds)),
    sizing: sizingView(),
  };
}
