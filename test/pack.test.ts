// The published package as users get it: `npm pack`, the tarball installed into a folder of its
// own, then `npx create-ecs-stack` and `npm create ecs-stack` (which npm maps to the package
// create-ecs-stack and its bin of the same name) run init on a fixture app.
//
// Hermetic: npm resolves the CLI's dependencies from a registry on 127.0.0.1 that serves the
// packages installed in this checkout (test/support/local-registry.ts), with an empty cache, user
// config and HOME of the test's own, so it passes the same on a fresh machine and reads nothing of
// the machine's npm cache.
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, readTree } from "./support/fixtures.js";
import { productionDependencyDirs, startLocalRegistry } from "./support/local-registry.js";

const ROOT = join(import.meta.dirname, "..");
const ANSWERS = ["init", "--yes", "--aws-account-id", "123456789012", "--region", "eu-west-1"];

async function appCopy(work: string, fixture: string): Promise<string> {
  const dir = join(work, fixture);
  await cp(join(FIXTURES_DIR, fixture, "app"), dir, { recursive: true });
  return dir;
}

describe("the packed package", () => {
  it(
    "is named and bins as npm create expects, and runs from its tarball via npx and npm create",
    { timeout: 180_000 },
    async () => {
      const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
      expect(pkg.name).toBe("create-ecs-stack");
      expect(pkg.bin).toEqual({ "create-ecs-stack": "bin/create-ecs-stack.js" });

      const work = await mkdtemp(join(tmpdir(), "ecs-stack-pack-"));
      const registry = await startLocalRegistry(await productionDependencyDirs(ROOT));
      await mkdir(join(work, "home"));
      await writeFile(join(work, "npmrc"), "");
      // Everything npm reads of the world, pointed at the test's own folder and registry.
      const npmEnv = {
        HOME: join(work, "home"),
        npm_config_cache: join(work, "cache"),
        npm_config_userconfig: join(work, "npmrc"),
        npm_config_registry: `${registry.url}/`,
        npm_config_audit: "false",
        npm_config_fund: "false",
        npm_config_update_notifier: "false",
      };
      // --ignore-scripts: `npm test` built dist/ already; prepack would rebuild it under the other tests.
      const pack = await execa("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
        cwd: ROOT,
      });
      const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      const files = packed!.files.map((f) => f.path);
      for (const needed of [
        "bin/create-ecs-stack.js",
        "dist/bundle/create-ecs-stack.js",
        "schema/ecs-stack.config.schema.json",
        "templates/docker/node/Dockerfile.hbs",
      ])
        expect(files).toContain(needed);
      expect(files.some((f) => f.startsWith("test/") || f.startsWith("fixtures/"))).toBe(false);

      // Where npx would put it: a folder of its own, not the app (whose package.json it would change).
      const tool = join(work, "tool");
      await mkdir(tool);
      await writeFile(join(tool, "package.json"), '{ "private": true }\n');
      await execa("npm", ["install", join(work, packed!.filename)], { cwd: tool, env: npmEnv });
      // What npm asked the registry for: the CLI's own dependencies (the tarball brings the CLI).
      expect(registry.requested).toContain("@inquirer/prompts");
      expect(registry.requested).not.toContain("create-ecs-stack");

      const npxApp = await appCopy(work, "rails-sidekiq");
      const npx = await execa("npx", ["--offline", "create-ecs-stack", ...ANSWERS, "--cwd", npxApp], {
        cwd: tool,
        reject: false,
        env: { ...npmEnv, CI: "true" },
      });
      expect(npx.exitCode, `${npx.stdout}\n${npx.stderr}`).toBe(0);
      expect(npx.stdout).toContain("found sidekiq");
      const rails = await readTree(npxApp);
      for (const file of ["ecs-stack.config.json", ".ecs-stack/lock.json", "Dockerfile", "docker-compose.yml"])
        expect(rails.has(file), file).toBe(true);

      const createApp = await appCopy(work, "node-monorepo");
      const create = await execa("npm", ["create", "--offline", "ecs-stack", "--", ...ANSWERS, "--cwd", createApp], {
        cwd: tool,
        reject: false,
        env: { ...npmEnv, CI: "true" },
      });
      expect(create.exitCode, `${create.stdout}\n${create.stderr}`).toBe(0);
      const node = await readTree(createApp);
      for (const file of ["ecs-stack.config.json", "frontend/Dockerfile", "backend/Dockerfile", "docker-compose.yml"])
        expect(node.has(file), file).toBe(true);
      expect(JSON.parse(node.get("ecs-stack.config.json")!).aws).toEqual({
        region: "eu-west-1",
        accountId: "123456789012",
      });

      // The installed copy agrees with itself afterwards.
      const check = await execa("npx", ["--offline", "create-ecs-stack", "check", "--cwd", createApp], {
        cwd: tool,
        reject: false,
        env: npmEnv,
      });
      expect(check.exitCode, check.stderr).toBe(0);
      await registry.close();
    },
  );
});
