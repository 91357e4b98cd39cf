// The feed strategies the config accepts: which each stack wires, which of them build a folder of
// packages, and the build-context name a listed package gets. The config rules and the feed plan
// (src/plan/feed.ts) read them.
import type { Config } from "./normalise.js";

/**
 * The strategies each stack wires end to end (DESIGN.md, "Feed strategy"). Bundler installs gems from
 * a gem server or a path, never from a folder of .gem files, so Rails has no folder strategies but
 * "source" (path gems).
 */
export const FEED_STRATEGIES_BY_STACK = {
  dotnet: ["none", "source", "codeartifact", "github-packages", "s3", "ci-artifacts", "ecr-image"],
  node: ["none", "source", "codeartifact", "github-packages", "s3", "ci-artifacts", "ecr-image"],
  rails: ["none", "source", "codeartifact", "github-packages"],
} as const satisfies Record<Config["stack"], readonly FeedStrategy[]>;

export type FeedStrategy = Config["feed"]["strategy"];

export type FolderStrategy = "source" | "s3" | "ci-artifacts" | "ecr-image";
const FOLDER_STRATEGIES: readonly FeedStrategy[] = ["source", "s3", "ci-artifacts", "ecr-image"];

export function isFolderStrategy(strategy: FeedStrategy): strategy is FolderStrategy {
  return FOLDER_STRATEGIES.includes(strategy);
}

/** Named build contexts are lower-case; "PayrollEngine.Core" becomes "payrollengine-core". */
export function buildContextName(name: string): string {
  return name
    .replace(/^@/, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-");
}
