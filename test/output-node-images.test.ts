// The Node images and their runs, read from every Node fixture's generated output the way a
// deployer meets them: what each Dockerfile's stages hold for the runtime, and what the task
// definition and compose give a Next.js server. The real-run suite builds and starts the same files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import type { Service } from "../src/config/schema.js";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";

interface FixtureConfig {
  stack: string;
  packageManager?: string;
  services: (Partial<Service> & { name: string })[];
}

const nodeFixtures = fixtureNames().filter((name) => config(name).stack === "node");

function config(name: string): FixtureConfig {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")) as FixtureConfig;
}

const manager = (name: string) => config(name).packageManager ?? "npm";

/** Each package manager's production-only install from its lockfile (their CLI docs). */
const PROD_INSTALL: Record<string, string> = {
  npm: "npm ci --omit=dev",
  pnpm: "pnpm install --frozen-lockfile --prod",
  "yarn-classic": "yarn install --frozen-lockfile --production",
  yarn: "yarn workspaces focus --all --production",
};

/** Stage name -> its lines (continuations joined). */
function stages(dockerfile: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of dockerfile.replace(/\\\n\s*/g, "").split("\n")) {
    const from = /^FROM \S+(?: \S+)? AS (\S+)$/.exec(line.replace(/--platform=\S+ /, ""));
    if (from) out.set(from[1]!, (current = []));
    else if (line.trim() && !line.startsWith("#")) current.push(line);
  }
  return out;
}

describe.each(nodeFixtures)("fixture %s: Node images", (name) => {
  const tree = () => readTree(join(FIXTURES_DIR, name, "expected"));
  const services = config(name).services;
  const dockerfileOf = (s: (typeof services)[number]) => `${s.path && s.path !== "." ? `${s.path}/` : ""}Dockerfile`;

  it("the production install drops the root prepare script first, and keeps install scripts", async () => {
    const files = await tree();
    for (const s of services) {
      const prodDeps = stages(files.get(dockerfileOf(s))!).get("prod-deps");
      if (!prodDeps) continue; // a standalone Next.js image has no production install
      const run = prodDeps.find((l) => l.startsWith("RUN "))!;
      expect(run, s.name).toContain(`npm pkg delete scripts.prepare && ${PROD_INSTALL[manager(name)]}`);
      expect(run, s.name).not.toContain("--ignore-scripts");
    }
  });

  it("a Next.js runtime copies only what its build stage makes: standalone with public/, else .next", async () => {
    const files = await tree();
    for (const s of services.filter((x) => x.framework === "next")) {
      const all = stages(files.get(dockerfileOf(s))!);
      const build = all.get("build")!.join("\n");
      const runtime = all.get("runtime")!.join("\n");
      const dir = s.path && s.path !== "." ? `${s.path}/` : "";
      if (s.standalone) {
        // public/ is optional in Next.js; the build stage makes sure the COPY has a source.
        expect(runtime).toContain(`COPY --from=build --chown=node:node /app/${dir}public`);
        expect(build).toContain(`mkdir -p ${dir}public`);
      } else {
        expect(runtime).not.toMatch(/standalone|\/public/);
        expect(runtime).toContain(`COPY --from=build --chown=node:node /app/${dir}.next ./${dir}.next`);
        expect(runtime).toMatch(/COPY --from=prod-deps/);
        expect(runtime).toContain(
          `CMD ["node", "node_modules/next/dist/bin/next", "start"${dir ? `, "${s.path}"` : ""}]`,
        );
      }
    }
  });

  it("a Next.js server listens on 0.0.0.0 in every task definition and in compose", async () => {
    const files = await tree();
    const compose = parseYaml(files.get("docker-compose.yml")!) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    for (const s of services) {
      const taskDefinitions = [...files].filter(([path]) =>
        path.endsWith(`/task-definitions/${path.split("/")[2]}/${s.name}.json`),
      );
      expect(taskDefinitions.length, s.name).toBeGreaterThan(0);
      for (const [path, text] of taskDefinitions) {
        const env = (
          JSON.parse(text) as { containerDefinitions: { environment?: { name: string; value: string }[] }[] }
        ).containerDefinitions[0]!.environment;
        const hostname = env?.find((e) => e.name === "HOSTNAME")?.value;
        expect(hostname, path).toBe(s.framework === "next" ? "0.0.0.0" : undefined);
      }
      expect(compose.services[s.name]!.environment?.HOSTNAME, s.name).toBe(
        s.framework === "next" ? "0.0.0.0" : undefined,
      );
    }
  });
});

describe.each(nodeFixtures)("fixture %s: development", (name) => {
  it("a service with a build step runs its dev script, or builds before node starts and rebuilds on edits", async () => {
    const override = parseYaml(
      readFileSync(join(FIXTURES_DIR, name, "expected", "docker-compose.override.yml"), "utf8"),
    ) as { services: Record<string, { command?: string[] }> };
    for (const s of config(name).services.filter((x) => x.buildScript && x.framework !== "next")) {
      const command = override.services[s.name]!.command!.join(" ");
      const workspace = s.path && s.path !== "." ? ` --workspace ${s.path}` : "";
      const bin = manager(name).replace("-classic", "");
      if (s.devScript) expect(command, s.name).toBe(`${bin} run ${s.devScript}${workspace}`);
      else {
        const build = `${bin} run ${s.buildScript}${workspace}`;
        expect(command, s.name).toBe(
          `sh -c ${build} && (${build} -- --watch & exec node --watch ${s.path && s.path !== "." ? `${s.path}/` : ""}${s.entry})`,
        );
      }
    }
  });
});
