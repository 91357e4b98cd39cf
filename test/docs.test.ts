// docs/DEPLOY.md of every fixture: the diagram is Mermaid that mermaid's own parser accepts (the
// validator is shown to reject a broken one), the runbook names this stack's roots and variables,
// and the feed section sits between its markers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { feedSection } from "../generators/docs-feed.js";
import { parseConfigValue } from "../src/config/load.js";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";
import { mermaidBlocks, parseMermaid } from "./support/validators/mermaid.js";

const deployDoc = (name: string) => readFileSync(join(FIXTURES_DIR, name, "expected", "docs", "DEPLOY.md"), "utf8");
const fixtureConfig = (name: string) =>
  parseConfigValue(JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")), name);

describe("the Mermaid validator", () => {
  it("accepts a flowchart and rejects a broken one with mermaid's parse error", async () => {
    expect(await parseMermaid('flowchart TB\n  a["A"] -->|"x"| b[("B")]')).toBe("flowchart-v2");
    await expect(parseMermaid("flowchart TB\n  a --> [b")).rejects.toThrow(/Parse error/);
    await expect(parseMermaid('flowchart TB\n  subgraph x["X"]\n  a --> b')).rejects.toThrow();
  });
});

describe.each(fixtureNames())("fixture %s docs/DEPLOY.md", (name) => {
  it("has one architecture diagram that mermaid parses as a flowchart", async () => {
    const blocks = mermaidBlocks(deployDoc(name));
    expect(blocks).toHaveLength(1);
    expect(await parseMermaid(blocks[0]!)).toBe("flowchart-v2");
  });

  it("names the health path the load balancer probes on each web service (issue 19, item 6)", () => {
    const config = fixtureConfig(name);
    const doc = deployDoc(name);
    for (const s of config.services.filter((x) => x.kind === "web"))
      expect(doc).toMatch(new RegExp(`^\\| ${s.name} +\\| \`${s.healthCheckPath}\` +\\| ${s.port} +\\|$`, "m"));
  });

  it("draws the load balancer, every service, the database and the cache the config has", () => {
    const config = fixtureConfig(name);
    const diagram = mermaidBlocks(deployDoc(name))[0]!;
    for (const s of config.services)
      expect(diagram).toMatch(new RegExp(`svc_${s.name.replace(/-/g, "_")}\\["${s.name}`));
    expect(diagram.includes("alb[")).toBe(config.services.some((s) => s.kind === "web"));
    expect(diagram.includes("db[(")).toBe(config.database.engine !== "none");
    expect(diagram.includes("cache[(")).toBe(config.cache.engine !== "none");
  });

  it("walks the first deploy with this stack's names: global root, role variables, each environment, bootstrap", () => {
    const doc = deployDoc(name);
    const config = fixtureConfig(name);
    expect(doc).toContain("terraform -chdir=infra/global apply");
    for (const variable of ["AWS_IMAGES_ROLE_ARN", "AWS_TERRAFORM_PLAN_ROLE_ARN", "AWS_TERRAFORM_APPLY_ROLE_ARN"])
      expect(doc).toContain(`gh variable set ${variable} --body`);
    for (const envName of Object.keys(config.environments)) {
      expect(doc).toContain(`terraform -chdir=infra/environments/${envName} apply`);
      expect(doc).toContain(`gh variable set AWS_DEPLOY_ROLE_ARN --env ${envName}`);
    }
    // APP_URL only where the smoke check has no domain to call.
    expect(doc.includes("gh variable set APP_URL")).toBe(
      Object.values(config.environments).some((e) => e && e.domain === null) && config.domain === null,
    );
    expect(doc).toContain("`bootstrap`");
    expect(doc).toContain("aws ecs update-service --cluster");
  });

  it("keeps the feed section between its markers", () => {
    const doc = deployDoc(name);
    const start = doc.indexOf("<!-- feed:");
    const end = doc.indexOf("<!-- /feed -->");
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(doc.slice(start, end)).toContain(`Feed strategy: \`${fixtureConfig(name).feed.strategy}\``);
  });
});

describe("feedSection", () => {
  it.each([
    ["dotnet-api", "nuget.org"],
    ["node-monorepo", "registry.npmjs.org"],
    ["rails-sidekiq", "rubygems.org"],
  ])("for strategy none on %s names the public registry only (%s)", (name, registry) => {
    const section = feedSection(fixtureConfig(name));
    expect(section.strategy).toBe("none");
    expect(section.paragraphs[0]).toContain(registry);
    expect(section.paragraphs[0]).toContain("public registries");
  });
});
