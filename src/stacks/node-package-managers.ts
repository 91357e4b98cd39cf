// The Node package managers: how each installs from its lockfile, installs production
// dependencies only, runs a package.json script and caches its downloads. The Dockerfile, compose
// (development) and CI's test job all read this one table.
import type { PackageManager } from "./profile.js";

// corepack, which puts pnpm and Yarn on the PATH: Node ships it up to 24 and not from 25 on
// (https://github.com/nodejs/corepack#readme); the npm registry's latest corepack, checked 2026-12-03.
export const COREPACK = { version: "0.36.0", notBundledFrom: 25 } as const;

export interface PackageManagerFacts {
  /** The command on the PATH. */
  bin: "npm" | "pnpm" | "yarn";
  /** pnpm and Yarn come from corepack, at the version package.json's "packageManager" pins. */
  corepack: boolean;
  lockfile: string;
  /** Everything the lockfile pins; fails instead of updating a lockfile that is out of date. */
  install: string;
  /** Production dependencies only, from the same lockfile. */
  prodInstall: string;
  /** Where root's downloads go in an image build (a BuildKit cache mount). */
  cache: string;
  /** Environment every command of this manager needs, in the image and in CI. */
  env: { key: string; value: string }[];
  /** More environment for the image only, whose project lives in /app. */
  imageEnv: { key: string; value: string }[];
  /** CI's test command: every package's test script that exists. */
  test: (workspaces: boolean) => string;
  /** Whether services in workspace folders (services[].path) are built with it in this release. */
  workspaces: boolean;
  /** Whether the private feeds (feed.strategy other than "none") install with it in this release. */
  feeds: boolean;
}

/** yarn has no --if-present; npm runs a package.json script over whatever installed node_modules. */
const npmTest = (workspaces: boolean) => (workspaces ? "npm test --workspaces --if-present" : "npm test --if-present");

// pnpm: https://pnpm.io/cli/install (--frozen-lockfile, --prod) and https://pnpm.io/settings#storedir
// (the store defaults to ~/.local/share/pnpm/store). Yarn 1: https://classic.yarnpkg.com/en/docs/cli/install
// (--frozen-lockfile, --production); as root its cache is /usr/local/share/.cache/yarn. Yarn 2+:
// https://yarnpkg.com/cli/install (--immutable), https://yarnpkg.com/cli/workspaces/focus (--production,
// built into Yarn 4), https://yarnpkg.com/configuration/yarnrc (enableGlobalCache: ~/.yarn/berry/cache;
// every setting can be set as YARN_<NAME>). Checked 2026-12-03.
export const PACKAGE_MANAGER_FACTS: Record<PackageManager, PackageManagerFacts> = {
  npm: {
    bin: "npm",
    corepack: false,
    lockfile: "package-lock.json",
    install: "npm ci",
    prodInstall: "npm ci --omit=dev",
    cache: "/root/.npm",
    env: [],
    imageEnv: [],
    test: npmTest,
    workspaces: true,
    feeds: true,
  },
  pnpm: {
    bin: "pnpm",
    corepack: true,
    lockfile: "pnpm-lock.yaml",
    install: "pnpm install --frozen-lockfile",
    prodInstall: "pnpm install --frozen-lockfile --prod",
    cache: "/root/.local/share/pnpm/store",
    env: [],
    imageEnv: [],
    test: (workspaces) => (workspaces ? "pnpm --recursive run --if-present test" : "pnpm run --if-present test"),
    workspaces: false,
    feeds: false,
  },
  "yarn-classic": {
    bin: "yarn",
    corepack: true,
    lockfile: "yarn.lock",
    install: "yarn install --frozen-lockfile",
    prodInstall: "yarn install --frozen-lockfile --production",
    cache: "/usr/local/share/.cache/yarn",
    env: [],
    imageEnv: [],
    test: npmTest,
    workspaces: false,
    feeds: false,
  },
  yarn: {
    bin: "yarn",
    corepack: true,
    lockfile: "yarn.lock",
    install: "yarn install --immutable",
    prodInstall: "yarn workspaces focus --all --production",
    cache: "/root/.yarn/berry/cache",
    // A node_modules folder, whatever .yarnrc.yml says: the image runs `node <file>`, which knows
    // nothing of Plug'n'Play.
    env: [{ key: "YARN_NODE_LINKER", value: "node-modules" }],
    // The install state goes with node_modules, so a development container, whose checkout is
    // mounted over /app, still finds the install its node_modules volume holds.
    imageEnv: [{ key: "YARN_INSTALL_STATE_PATH", value: "/app/node_modules/.yarn-install-state.gz" }],
    test: npmTest,
    workspaces: false,
    feeds: false,
  },
};

export function packageManagerFacts(manager: PackageManager | null): PackageManagerFacts {
  return PACKAGE_MANAGER_FACTS[manager ?? "npm"];
}

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
