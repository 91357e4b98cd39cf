// Every stack's profile, by name. Code outside this folder asks `profileOf(config.stack)` what
// differs between stacks; it never compares the name itself (test/stack-profiles.test.ts).
import { DOTNET } from "./dotnet.js";
import { NODE } from "./node.js";
import { FEED_STRATEGIES, STACKS, type FeedStrategy, type Stack, type StackProfile } from "./profile.js";
import { RAILS } from "./rails.js";

export * from "./profile.js";

export const STACK_PROFILES: Record<Stack, StackProfile> = { dotnet: DOTNET, node: NODE, rails: RAILS };

export function profileOf(stack: Stack): StackProfile {
  return STACK_PROFILES[stack];
}

/** The feed strategies the stack wires, in the schema's order. */
export function feedStrategiesOf(stack: Stack): FeedStrategy[] {
  const offered = STACK_PROFILES[stack].feed.strategies;
  return FEED_STRATEGIES.filter((strategy) => offered[strategy] !== undefined);
}

/** The stacks as init words them: ".NET (ASP.NET Core), Node and Rails". */
export const SUPPORTED_STACKS = STACKS.map((stack) => STACK_PROFILES[stack].label)
  .join(", ")
  .replace(/, ([^,]*)$/, " and $1");
