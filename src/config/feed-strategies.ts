// Which feed strategies build a folder of packages, and the build-context name a listed package
// gets. The config rules and the feed plan (src/plan/feed.ts) read them; which strategies each
// stack wires is its profile's (src/stacks/).
import type { FeedStrategy } from "../stacks/index.js";

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
