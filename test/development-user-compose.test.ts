// docker-compose itself resolves each fixture's generated compose pair with a developer's .env
// (DEV_UID, DEV_GID): every app container then runs as those ids (development-user.test.ts holds
// the generated lines; this runs Debian's docker-compose over them, so it is in the slow project).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";
import { composeConfig } from "./support/validators/compose-config.js";

const apps = (name: string) =>
  (
    JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")) as {
      services: { name: string }[];
    }
  ).services.map((s) => s.name);

describe.each(fixtureNames())("fixture %s: development containers", (name) => {
  it("docker-compose resolves the user from the developer's .env", async () => {
    const expectedDir = join(FIXTURES_DIR, name, "expected");
    const result = await composeConfig(expectedDir, { dotenv: ["DEV_UID=1234", "DEV_GID=2345"], resolved: true });
    expect(result.ok, result.output).toBe(true);
    const resolved = parseYaml(result.output.replace(/^\[compose-config\].*\n/gm, "")) as {
      services: Record<string, { user?: string }>;
    };
    for (const app of apps(name)) expect(resolved.services[app]!.user, app).toBe("1234:2345");
  });
});
