// docs/DEPLOY.md of every fixture: the diagram is Mermaid that mermaid's own parser accepts (the
// validator is shown to reject a broken one), the runbook names this stack's roots and variables,
// and the feed section sits between its markers.
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { feedSection } from "../generators/docs-feed.js";
import { parseConfigValue } from "../src/config/load.js";
import { planEnvironments } from "../src/plan/environments.js";
import { planStack } from "../src/plan/stack-plan.js";
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
    const section = feedSection(planStack(fixtureConfig(name)));
    expect(section.strategy).toBe("none");
    expect(section.paragraphs[0]).toContain(registry);
    expect(section.paragraphs[0]).toContain("public registries");
  });
});

/** The ```sh blocks of a DEPLOY.md section, from its heading to the next heading of the same depth or higher. */
const shellBlocks = (doc: string, heading: string): string[] => {
  const start = doc.indexOf(heading);
  if (start < 0) return [];
  const level = heading.match(/^#+/)![0].length;
  const rest = doc.slice(start + heading.length);
  const end = rest.search(new RegExp(`\\n#{2,${level}} `));
  return [...(end < 0 ? rest : rest.slice(0, end)).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
};

describe.each(fixtureNames())("fixture %s docs/DEPLOY.md, first deploy and rollback", (name) => {
  const config = fixtureConfig(name);
  const refs = config.services.flatMap((s) => s.secrets.map((x) => x.from));

  it("creates every secret the task definitions read and Terraform does not create, before the first deploy", async () => {
    const doc = deployDoc(name);
    const blocks = shellBlocks(doc, "### 5. The app's secrets");
    if (refs.length === 0) {
      expect(blocks).toEqual([]);
      expect(doc).toContain("### 5. First image push and deploy");
      return;
    }
    expect(doc.indexOf("### 5. The app's secrets")).toBeLessThan(doc.indexOf("### 6. First image push and deploy"));
    const script = blocks.join("\n");
    const region = config.aws.region;
    for (const ref of refs) {
      if (ref.startsWith("ssm:"))
        expect(script).toContain(`aws ssm put-parameter --region ${region} --name ${ref.slice(4)} --type SecureString`);
      else expect(script).toContain(`aws secretsmanager create-secret --region ${region} --name ${ref.split(":")[1]} `);
    }
    // Run the commands as a reader would, typing a value at each prompt, with a stand-in aws.
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-secrets-"));
    await writeFile(join(dir, "aws"), `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/call-$$-$(date +%s%N)"\n`);
    await chmod(join(dir, "aws"), 0o755);
    const prompts = (script.match(/read -rsp/g) ?? []).length;
    const input = Array.from({ length: prompts }, (_, i) => `typed-${i}`).join("\n") + "\n";
    const run = await execa("bash", ["-e", "-c", script], {
      input,
      reject: false,
      env: { PATH: `${dir}:${process.env.PATH}` },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const calls = await Promise.all(
      (await readdir(dir))
        .filter((f) => f.startsWith("call-"))
        .map(async (f) => (await readFile(join(dir, f), "utf8")).split("\n")),
    );
    const stored = new Map(calls.map((args) => [args[args.indexOf("--name") + 1]!, args]));
    for (const ref of refs) {
      if (ref.startsWith("ssm:")) {
        const args = stored.get(ref.slice(4))!;
        expect(args[args.indexOf("--value") + 1]).toMatch(/^typed-\d+$/);
        continue;
      }
      const [, secret, key] = ref.split(":");
      const args = stored.get(secret!)!;
      const value = args[args.indexOf("--secret-string") + 1]!;
      if (key) expect(JSON.parse(value)[key]).toMatch(/^typed-\d+$/);
      else expect(value).toMatch(/^typed-\d+$/);
    }
  });

  it("with a domain, says the Route 53 hosted zone must exist and be delegated before the apply", () => {
    const doc = deployDoc(name);
    const zones = [...new Set(planEnvironments(config).flatMap((e) => (e.zone ? [e.zone] : [])))];
    if (zones.length === 0) return expect(doc).not.toMatch(/hosted zone `/);
    const step = doc.slice(doc.indexOf("### 4. Each environment"), doc.indexOf("gh api --method PUT"));
    for (const zone of zones) {
      expect(step).toContain(`Route 53 hosted zone \`${zone}\`,\nwhich Terraform looks up but does not create`);
      expect(step).toMatch(/It must exist in this account before the first apply, and be delegated/);
      expect(step).toContain(`aws route53 list-hosted-zones-by-name --dns-name ${zone} `);
      expect(step).toContain(`dig +short NS ${zone}`);
    }
  });

  it("rollback says how far back ECR keeps the images, and how to check one", () => {
    const doc = deployDoc(name);
    const rollback = doc.slice(doc.indexOf("## Rollback"));
    expect(rollback).not.toMatch(/every task definition revision is kept, image included/);
    expect(rollback).toContain(`ECR keeps only the newest ${config.ecr.keepImages}\nimages of each repository`);
    expect(rollback).toMatch(/aws ecr describe-images --repository-name \S+ --image-ids imageTag=/);
  });
});
