// Development containers of every stack run as the developer, never root, so what they write in the
// bind-mounted checkout (.next/ and dist/, bin/ and obj/, log/ and tmp/) stays the developer's
// (issue 16, item 12). The ids come from .env (DEV_UID, DEV_GID; 1000 when unset): docker-compose
// itself resolves the generated pair with a developer's .env (development-user-compose.test.ts, which runs
// it), so the override is proven to take them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";

interface FixtureConfig {
  stack: string;
  services: { name: string }[];
}

interface ComposeFile {
  services: Record<string, { user?: string; environment?: Record<string, string> }>;
}

const config = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")) as FixtureConfig;

const fixtures = fixtureNames();

describe.each(fixtures)("fixture %s: development containers", (name) => {
  const expectedDir = join(FIXTURES_DIR, name, "expected");
  const apps = config(name).services.map((s) => s.name);

  it("every app container runs as the developer's ids from .env, 1000:1000 when unset", async () => {
    const files = await readTree(expectedDir);
    const override = parseYaml(files.get("docker-compose.override.yml")!) as ComposeFile;
    for (const app of apps) expect(override.services[app]!.user, app).toBe("${DEV_UID:-1000}:${DEV_GID:-1000}");
    const example = files.get(".env.example")!;
    expect(example).toMatch(/^DEV_UID=1000$/m);
    expect(example).toMatch(/^DEV_GID=1000$/m);
  });
});

// The .NET SDK and Ruby images have no account for the developer's uid (the Node image's "node" is
// 1000): its home would be "/", where the SDK's first-run files, NuGet's packages and Bundler's
// settings cannot be written.
describe.each(fixtures.filter((name) => config(name).stack !== "node"))(
  "fixture %s: a development container without an account",
  (name) => {
    it("gets a writable HOME", async () => {
      const files = await readTree(join(FIXTURES_DIR, name, "expected"));
      const override = parseYaml(files.get("docker-compose.override.yml")!) as ComposeFile;
      for (const app of config(name).services.map((s) => s.name))
        expect(override.services[app]!.environment?.HOME, app).toBe("/tmp");
    });
  },
);
