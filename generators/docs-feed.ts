// The feed strategy section of docs/DEPLOY.md: where the image build gets its packages. A module
// of its own so each strategy can describe its own setup here (the credential, the role, what to
// create first) without touching the rest of the page; the template prints it between the
// `<!-- feed -->` markers.
import type { Config } from "../src/config/normalise.js";

export interface FeedSection {
  /** feed.strategy as in ecs-stack.config.json. */
  strategy: string;
  /** Paragraphs of Markdown, printed in order. */
  paragraphs: string[];
}

const PUBLIC_REGISTRY: Record<Config["stack"], string> = {
  dotnet: "nuget.org",
  node: "the public npm registry (registry.npmjs.org)",
  rails: "rubygems.org",
};

export function feedSection(config: Config): FeedSection {
  const strategy = config.feed.strategy;
  if (strategy === "none")
    return {
      strategy,
      paragraphs: [
        `The image build restores packages from ${PUBLIC_REGISTRY[config.stack]} only: public registries, so the build needs no credentials and there is nothing to set up.`,
        "For private packages set `feed.strategy` in `ecs-stack.config.json` and run `npx create-ecs-stack generate`: the Dockerfiles, docker-compose, the workflows and the Terraform are wired together, and this section says what to set up.",
      ],
    };
  return {
    strategy,
    paragraphs: [
      `The image build reads private packages through the \`${strategy}\` feed strategy, with public packages still from ${PUBLIC_REGISTRY[config.stack]}. The credential reaches only the restore step, as a BuildKit secret; the comments in the Dockerfiles and workflows say where it comes from.`,
    ],
  };
}
