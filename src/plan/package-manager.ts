// How the plan runs a Node package manager: a package.json script, corepack's environment and its
// setup. The facts of each manager (lockfile, installs, cache) are src/config/package-managers.ts.
import type { PackageManagerFacts } from "../config/package-managers.js";
import { COREPACK } from "./versions.js";

/** `npm run build --workspace apps/api`, `pnpm run build`, … as argv. */
export function runScript(facts: PackageManagerFacts, script: string, path: string): string[] {
  return [facts.bin, "run", script, ...(path === "." ? [] : ["--workspace", path])];
}

/**
 * Environment of every pnpm or Yarn command, in the image and in CI. corepack fetches Yarn 2+ from
 * repo.yarnpkg.com unless COREPACK_NPM_REGISTRY is set; set, every package manager comes from that
 * npm registry (Yarn 2+ as @yarnpkg/cli-dist), where the dependencies come from too. A mirror goes
 * here: corepack does not read .npmrc (https://github.com/nodejs/corepack#environment-variables).
 */
export function corepackEnv(facts: PackageManagerFacts): { key: string; value: string }[] {
  if (!facts.corepack) return [];
  return [{ key: "COREPACK_NPM_REGISTRY", value: "https://registry.npmjs.org" }, ...facts.env];
}

/**
 * Puts pnpm or Yarn on the PATH (root only: the shims go to /usr/local/bin). Node ships corepack
 * up to 24 and no longer from 25 (https://github.com/nodejs/corepack#readme), so a later Node
 * installs it from the npm registry first.
 */
export function corepackSetup(facts: PackageManagerFacts, nodeMajor: string): string | null {
  if (!facts.corepack) return null;
  const enable = `corepack enable ${facts.bin}`;
  return Number(nodeMajor) >= COREPACK.notBundledFrom
    ? `npm install --global corepack@${COREPACK.version} && ${enable}`
    : enable;
}
