// Every fixture's generated output, checked by independent tools and by the rule catalogue
// (docs/rules.md), not against our own snapshot: dockerfile-utils and shellcheck on
// each Dockerfile, Debian's docker-compose on base + override, and the MUST rules as assertions.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import type { Service } from "../src/config/schema.js";
import { joinPath } from "../src/stacks/paths.js";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";
import { checkComposeRules } from "./support/rules/compose-rules.js";
import { checkDockerfileRules } from "./support/rules/dockerfile-rules.js";
import { checkDockerignore } from "./support/rules/dockerignore-rules.js";
import { composeConfig } from "./support/validators/compose-config.js";
import { lintDockerfile } from "./support/validators/dockerfile-lint.js";

interface FixtureConfig {
  stack: "dotnet" | "node" | "rails";
  services: (Partial<Service> & { name: string })[];
}

describe.each(fixtureNames())("fixture %s output", (name) => {
  const expectedDir = join(FIXTURES_DIR, name, "expected");
  const config = JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")) as FixtureConfig;
  const files = () => readTree(expectedDir);
  const proxyFolders = config.services.flatMap((s) =>
    (s.sidecars ?? []).filter((c) => c.receivesTraffic).map((c) => joinPath(s.path ?? ".", c.name)),
  );
  const dockerfiles = async () =>
    [...(await files())].filter(([path]) => path === "Dockerfile" || path.endsWith("/Dockerfile"));

  it("every Dockerfile passes dockerfile-utils and shellcheck on its RUN lines", async () => {
    const found = await dockerfiles();
    expect(found.length).toBeGreaterThan(0);
    for (const [path, text] of found) expect(await lintDockerfile(text), path).toEqual([]);
  });

  it("every Dockerfile keeps the MUST rules of docs/rules.md section 1", async () => {
    for (const [path, text] of await dockerfiles()) {
      const folder = path === "Dockerfile" ? "." : path.slice(0, -"/Dockerfile".length);
      // A traffic sidecar's nginx proxy is a one-stage config image, not an app build: test/output-proxy.test.ts
      // holds it to DF-GEN-10 and DF-RAILS-12.
      if (proxyFolders.includes(folder)) continue;
      const service = config.services.find((s) => (s.path ?? ".") === folder)!;
      const port = service.port ?? undefined;
      expect(
        checkDockerfileRules(text, {
          stack: config.stack,
          port,
          framework: service.framework ?? undefined,
          standalone: service.standalone ?? false,
        }),
        path,
      ).toEqual([]);
    }
  });

  it(".dockerignore has the stack's entries and excludes nothing a Dockerfile copies", async () => {
    const tree = await files();
    const ignore = tree.get(".dockerignore");
    expect(ignore).toBeDefined();
    expect(
      checkDockerignore(
        ignore!,
        (await dockerfiles()).map(([, t]) => t),
        config.stack,
      ),
    ).toEqual([]);
  });

  it("docker-compose config accepts base + override", async () => {
    const result = await composeConfig(expectedDir);
    expect(result.ok, result.output).toBe(true);
  });

  it("compose files keep the MUST rules of docs/rules.md section 3", async () => {
    const tree = await files();
    expect(checkComposeRules(tree.get("docker-compose.yml")!, tree.get("docker-compose.override.yml")!)).toEqual([]);
  });

  it("no secret reaches a build arg, an image layer or a literal compose value", async () => {
    const tree = await files();
    for (const [path, text] of await dockerfiles()) {
      expect(text, path).not.toMatch(/^(ARG|ENV)\s+\S*(TOKEN|PASSWORD|SECRET|API_KEY|CREDENTIAL|MASTER_KEY)/im);
      expect(text, path).not.toMatch(/COPY\s+(\S+\s+)*\S*(\.env|master\.key)\s/i);
      // Registry settings may be copied only as placeholders (checked below), and every command that
      // could use the credential gets it as the BuildKit secret, never from a build argument.
      for (const m of text.matchAll(/^COPY\s+(\S*(?:\.npmrc|nuget\.config))\s/gm))
        expect(tree.has(m[1]!), path).toBe(true);
      // The feed token is read only inside a RUN that mounts it as the secret.
      const instructions = text
        .split("\n")
        .filter((line) => !line.trimStart().startsWith("#"))
        .join("\n")
        .split(/\n(?=[A-Z]+\s)/);
      for (const run of instructions.filter((i) => i.includes("FEED_TOKEN")))
        expect(run, path).toMatch(/^RUN --mount=type=secret,id=feed_token,env=FEED_TOKEN,required=true /);
    }
    // Every registry settings file we write, wherever feed.configFile puts it.
    for (const [file, content] of tree) {
      if (/(^|\/)nuget\.config$/.test(file))
        expect(content, file).not.toMatch(/(Password|ClearTextPassword)" value="(?!%FEED_TOKEN%")/);
      if (/(^|\/)\.npmrc$/.test(file))
        for (const line of content.split("\n").filter((l) => /_auth/i.test(l)))
          expect(line, file).toMatch(/^\/\/[^\s]+\/:_authToken=\$\{FEED_TOKEN\?\}$/);
    }
    for (const file of ["docker-compose.yml", "docker-compose.override.yml"]) {
      const doc = parseYaml(tree.get(file)!) as {
        services: Record<string, { build?: { args?: Record<string, string> }; environment?: Record<string, string> }>;
      };
      for (const [service, def] of Object.entries(doc.services)) {
        for (const key of Object.keys(def.build?.args ?? {}))
          expect(key, `${file} ${service}`).not.toMatch(/TOKEN|PASSWORD|SECRET|KEY/i);
        for (const [key, value] of Object.entries(def.environment ?? {})) {
          if (/PASSWORD|SECRET|TOKEN|_KEY/i.test(key))
            expect(value, `${file} ${service}.${key}`).toMatch(/^\$\{[A-Z0-9_]+:\?/);
        }
      }
    }
  });
});
