// A config may mix stacks: each service names its own (services[].stack), the project's `stack` by
// default. The families that build, run and test code (Dockerfiles, development containers, CI's
// test job) work one stack at a time and read the config as that stack's services see it. The
// project's stack keeps what the config says at the top (runtimeVersion, restoreFiles, feed); the
// others take their stack's defaults and restore from public registries.
import type { Config } from "./normalise.js";
import type { Service } from "./schema.js";
import { profileOf, type Stack } from "../stacks/index.js";

/** The stack a service is built with. */
export const stackOf = (config: Pick<Config, "stack">, service: Pick<Service, "stack">): Stack =>
  service.stack ?? config.stack;

/** The stacks the services use, the project's first, then in config order. */
export function stacksOf(config: Config): Stack[] {
  return [...new Set([config.stack, ...config.services.map((s) => stackOf(config, s))])].filter((stack) =>
    config.services.some((s) => stackOf(config, s) === stack),
  );
}

/** Whether the services use more than one stack. */
export const mixesStacks = (config: Config): boolean => stacksOf(config).length > 1;

/** A stack's runtime version: the top-level one for the project's stack, else its services' or the stack's current one. */
export function runtimeVersionOf(config: Config, stack: Stack): string {
  if (stack === config.stack) return config.runtimeVersion ?? profileOf(stack).defaults.runtimeVersion;
  const chosen = config.services.find((s) => stackOf(config, s) === stack && s.runtimeVersion !== null);
  return chosen?.runtimeVersion ?? profileOf(stack).defaults.runtimeVersion;
}

/**
 * The config as one stack's services see it: only those services, that stack's runtime version and
 * restore files, and for a stack other than the project's no private feed. A stack other than the
 * project's builds from its services' folder (their build context, ImagePlan.context), so inside it
 * their path is ".". For a config of one stack it is the config itself.
 */
export function configOfStack(config: Config, stack: Stack): Config {
  if (!mixesStacks(config) && stack === config.stack) return config;
  const own = config.services.filter((s) => stackOf(config, s) === stack);
  if (stack === config.stack) return { ...config, services: own };
  const services = own.map((s) => ({ ...s, path: "." }));
  return {
    ...config,
    stack,
    runtimeVersion: runtimeVersionOf(config, stack),
    restoreFiles: profileOf(stack).restoreFiles(services, config.packageManager, config.python ?? null),
    feed: { ...config.feed, strategy: "none" },
    services,
  };
}

/** The folder the services of a stack other than the project's build from, relative to the project root. */
export function contextOf(config: Config, stack: Stack): string {
  if (stack === config.stack) return ".";
  return config.services.find((s) => stackOf(config, s) === stack)?.path ?? ".";
}
