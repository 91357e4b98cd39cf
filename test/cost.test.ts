// The monthly estimate: golden files per fixture (fixtures/<case>/expected-cost.json, rewritten by
// `npm run golden` like expected/), lines recomputed by hand from the price table, the catalogue's
// PRICE rules (docs/rules.md) as assertions, the `cost` command end to end, and DEPLOY.md holding the same numbers.
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigValue } from "../src/config/load.js";
import type { Config } from "../src/config/normalise.js";
import { estimateCost } from "../src/cost/estimate.js";
import type { CostEstimate, CostLine, CostSection } from "../src/cost/lines.js";
import { formatUsd } from "../src/cost/money.js";
import { PRICES } from "../src/cost/prices.js";
import { createStack } from "../src/stack.js";
import { FIXTURES_DIR, fixtureNames, prepareFixture } from "./support/fixtures.js";
import { fixtureOutput } from "./support/generated.js";
import { runCli } from "./support/run-cli.js";

const update = process.env.UPDATE_GOLDEN === "1";
if (update && process.env.CI)
  throw new Error("UPDATE_GOLDEN is refused when CI is set: golden files change only in a reviewed commit.");

const rawConfig = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")) as Record<string, unknown>;
const fixtureConfig = (name: string): Config => parseConfigValue(rawConfig(name), name);

const env = (estimate: CostEstimate, name: string): CostSection => estimate.environments.find((e) => e.name === name)!;
const lineOf = (section: CostSection, item: string): CostLine => {
  const found = section.lines.find((l) => l.item === item);
  if (!found) throw new Error(`no line "${item}" in ${section.name}: ${section.lines.map((l) => l.item).join(", ")}`);
  return found;
};
const cents = (n: number) => Math.round(n * 100) / 100;

describe.each(fixtureNames())("fixture %s estimate", (name) => {
  it("`cost --json` prints exactly fixtures/<case>/expected-cost.json", async () => {
    const project = await prepareFixture(name);
    const result = await runCli(["cost", "--json"], { cwd: project });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const path = join(FIXTURES_DIR, name, "expected-cost.json");
    if (update) await writeFile(path, result.stdout);
    expect(existsSync(path), `${path} is missing: run npm run golden`).toBe(true);
    expect(result.stdout).toBe(readFileSync(path, "utf8"));
  });

  it("adds up: every section is the sum of its lines, the total the sum of the sections", () => {
    const estimate = estimateCost(fixtureConfig(name));
    for (const section of [...estimate.environments, estimate.shared]) {
      const sum = section.lines.reduce((s, l) => s + Math.round((l.monthly ?? 0) * 100), 0) / 100;
      expect(section.total, section.name).toBe(sum);
      for (const l of section.lines) expect(l.formula, l.item).not.toBe("");
    }
    const sections = [...estimate.environments, estimate.shared];
    expect(estimate.total).toBe(sections.reduce((s, x) => s + Math.round(x.total * 100), 0) / 100);
  });
});

describe("lines recomputed by hand from the price table", () => {
  it("node-microservices dev, api: 2 tasks × (0.5 vCPU × $0.04048 + 1 GB × $0.004445) × 730 h", () => {
    expect(PRICES.fargateX86Vcpu.usd).toBe(0.04048);
    expect(PRICES.fargateX86Gb.usd).toBe(0.004445);
    const api = lineOf(env(estimateCost(fixtureConfig("node-microservices")), "dev"), "api on Fargate");
    // 2 × (0.02024 + 0.004445) × 730 = 2 × 0.024685 × 730 = 36.0401
    expect(api.monthly).toBe(36.04);
    expect(api.formula).toBe("2 tasks × (0.5 vCPU × $0.04048 + 1 GB × $0.004445) × 730 h");
    expect(api.note).toContain("up to 10 tasks: $180.20");
  });

  it("cost-lean dev, frontend on Spot in working hours: 30% of on-demand for 60 of 168 hours a week", () => {
    expect(PRICES.fargateSpotDiscount.usd).toBe(0.7);
    const frontend = lineOf(env(estimateCost(fixtureConfig("cost-lean")), "dev"), "frontend on Fargate Spot");
    // (0.25 × 0.04048 + 0.5 × 0.004445) × 0.3 × (730 × 60 / 168) = 0.0123425 × 0.3 × 260.714 = 0.9654
    expect(frontend.monthly).toBe(0.97);
    expect(frontend.formula).toBe("1 task × (0.25 vCPU × $0.04048 + 0.5 GB × $0.004445) × 30% × 260.7 h");
  });

  it('cost-lean dev, nat "public": no NAT gateway, an address per running task for its working hours', () => {
    const dev = env(estimateCost(fixtureConfig("cost-lean")), "dev");
    const hours = (730 * 60) / 168; // MON-FRI 08:00-20:00
    expect(lineOf(dev, "Public IPv4 addresses of the tasks").monthly).toBe(cents(2 * hours * 0.005));
    expect(lineOf(dev, "Public IPv4 addresses").formula).toBe("2 (load balancer 2) × $0.005 × 730 h");
    expect(dev.lines.map((l) => l.item)).not.toContain("NAT gateways");
    expect(dev.lines.map((l) => l.item)).not.toContain("VPC interface endpoints");
  });

  it("node-microservices dev, NAT per AZ: 2 × $0.045 × 730 h, and 4 public IPv4 addresses", () => {
    const dev = env(estimateCost(fixtureConfig("node-microservices")), "dev");
    expect(lineOf(dev, "NAT gateways").monthly).toBe(cents(2 * 0.045 * 730));
    expect(lineOf(dev, "Public IPv4 addresses").monthly).toBe(cents(4 * 0.005 * 730));
    expect(lineOf(dev, "Load balancer").monthly).toBe(cents(0.0225 * 730));
  });
});

describe("Container Insights, per environment", () => {
  const items = (section: CostSection) => section.lines.map((l) => l.item);

  it("is priced where it is on (prod by default) and absent where it is off (dev, staging)", () => {
    const estimate = estimateCost(fixtureConfig("rails-sidekiq"));
    for (const name of ["staging"]) expect(items(env(estimate, name)).join()).not.toMatch(/Container Insights/);
    const prod = env(estimate, "prod");
    // 2 services (web, sidekiq): 12 + 2 × 25 = 62 metrics × $0.30, sent around the clock.
    expect(PRICES.customMetricMonth.usd).toBe(0.3);
    const metrics = lineOf(prod, "Container Insights metrics");
    expect(metrics.monthly).toBe(cents(62 * 0.3));
    expect(metrics.formula).toBe("62 metrics (12 + 2 services × 25) × $0.30 × 100% of the month");
    const logs = lineOf(prod, "Container Insights performance logs");
    expect(logs.formula).toMatch(/ task-months × 0\.1 GB × \$0\.50$/);
    expect(estimate.excludes.join("\n")).not.toMatch(/enabled on every cluster/);
  });

  it("follows environments.<env>.containerInsights: on in a scheduled dev, billed for its working hours only", () => {
    const raw = rawConfig("cost-lean") as { environments: Record<string, Record<string, unknown>> };
    raw.environments.dev!.containerInsights = "enabled";
    raw.environments.prod!.containerInsights = "disabled";
    const estimate = estimateCost(parseConfigValue(raw, "cost-lean"));
    expect(items(env(estimate, "prod")).join()).not.toMatch(/Container Insights/);
    const dev = env(estimate, "dev");
    const services = dev.lines.filter((l) => / on Fargate/.test(l.item)).length;
    const metrics = 12 + services * 25;
    // Working hours 60 of 168 a week: the metrics are sent, and billed, only while tasks run.
    expect(lineOf(dev, "Container Insights metrics").monthly).toBe(cents((metrics * 0.3 * 60) / 168));
  });

  it('"enhanced" is shown without an amount, linking the pricing page', () => {
    const raw = rawConfig("rails-sidekiq") as { environments: Record<string, Record<string, unknown>> };
    raw.environments.prod!.containerInsights = "enhanced";
    const prod = env(estimateCost(parseConfigValue(raw, "rails-sidekiq")), "prod");
    const line = lineOf(prod, "Container Insights (enhanced observability)");
    expect(line.monthly).toBeNull();
    expect(line.formula).toContain("https://aws.amazon.com/cloudwatch/pricing/");
  });

  it("the cluster module takes the setting from the environment root", async () => {
    const tree = await fixtureOutput("rails-sidekiq");
    const root = (name: string) => tree.get(`infra/environments/${name}/main.tf`)!;
    expect(root("prod")).toMatch(/container_insights = "enabled"/);
    expect(root("staging")).toMatch(/container_insights = "disabled"/);
    expect(tree.get("infra/modules/cluster/main.tf")).toMatch(/value = var\.container_insights/);
  });
});

describe("docs/rules.md PRICE-02", () => {
  it("ARM64 tasks are priced at the Graviton rates", () => {
    const staging = env(estimateCost(fixtureConfig("rails-sidekiq")), "staging");
    const web = lineOf(staging, "web on Fargate ARM64");
    expect(web.formula).toContain(`$${PRICES.fargateArmVcpu.usd}`);
    expect(web.formula).toContain(`$${PRICES.fargateArmGb.usd}`);
    // 1 task × (1 vCPU × 0.03238 + 2 GB × 0.00356) × 730
    expect(web.monthly).toBe(cents((1 * 0.03238 + 2 * 0.00356) * 730));
  });

  it("NAT gateways: one per AZ, one, or none with interface endpoints × AZs", () => {
    const estimate = estimateCost(fixtureConfig("cost-lean"));
    const staging = env(estimate, "staging");
    expect(staging.lines.map((l) => l.item)).not.toContain("NAT gateways");
    expect(lineOf(staging, "VPC interface endpoints").monthly).toBe(cents(4 * 2 * 0.01 * 730));
    expect(lineOf(env(estimate, "prod"), "NAT gateways").formula).toMatch(/^1 × /);
    // The other egress choice is priced beside it (PRICE-03).
    expect(staging.notes.join("\n")).toMatch(/one NAT gateway instead of the 4 endpoints/);
  });

  it("the database and cache follow the environment: Multi-AZ RDS and two cache nodes only in prod", () => {
    const estimate = estimateCost(fixtureConfig("rails-sidekiq"));
    expect(lineOf(env(estimate, "staging"), "RDS postgres db.t4g.micro, Single-AZ").monthly).toBe(cents(0.016 * 730));
    expect(lineOf(env(estimate, "prod"), "RDS postgres db.t4g.micro, Multi-AZ").monthly).toBe(cents(0.032 * 730));
    expect(lineOf(env(estimate, "prod"), "ElastiCache valkey cache.t4g.micro").monthly).toBe(cents(2 * 0.0128 * 730));
    // Node-based Valkey is 20% below Redis OSS (AWS's Valkey launch announcement).
    expect(PRICES.elasticacheValkeyT4gMicro.usd).toBe(cents(PRICES.elasticacheRedisT4gMicro.usd * 0.8 * 10000) / 10000);
  });

  it("SQL Server Express stays in one AZ in prod, as the database module creates it: one copy of storage", async () => {
    const sqlServer = parseConfigValue(
      {
        ...rawConfig("dotnet-api"),
        domain: "orders.example.com",
        database: { engine: "sqlserver" },
        environments: { dev: {}, prod: {} },
      },
      "dotnet-api with SQL Server and prod",
    );
    const prod = env(estimateCost(sqlServer), "prod");
    expect(lineOf(prod, "RDS sqlserver db.t3.small, Single-AZ").monthly).toBeNull();
    expect(lineOf(prod, "RDS storage").formula).toBe("20 GB gp3 × $0.115");
    const module = (await createStack(sqlServer)).get("infra/modules/database/main.tf")!;
    expect(module).toContain('multi_az                   = var.production && var.engine != "sqlserver-ex"');
    expect(module).toContain("allocated_storage          = 20\n");
  });

  it("a price the table does not have is shown without an amount and left out of the total", () => {
    const config = fixtureConfig("dotnet-api");
    const estimate = estimateCost({ ...config, database: { engine: "sqlserver", version: "2022", name: "app" } });
    const dev = env(estimate, "dev");
    const rds = lineOf(dev, "RDS sqlserver db.t3.small, Single-AZ");
    expect(rds.monthly).toBeNull();
    expect(rds.formula).toContain("https://aws.amazon.com/rds/sqlserver/pricing/");
    expect(estimate.sources).toContain("https://aws.amazon.com/rds/sqlserver/pricing/");
  });
});

describe("create-ecs-stack cost", () => {
  it("prints every environment, the shared lines, the total, the assumptions and the sources", async () => {
    const project = await prepareFixture("cost-lean");
    const result = await runCli(["cost"], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    const estimate = estimateCost(fixtureConfig("cost-lean"));
    expect(result.stdout).toContain(`Monthly cost estimate for durable: ${formatUsd(estimate.total)}`);
    expect(result.stdout).toContain("us-east-1 on-demand prices in USD as of 2026-11-22");
    for (const name of ["dev", "staging", "prod", "shared by the environments"])
      expect(result.stdout).toMatch(new RegExp(`^${name}: \\$`, "m"));
    expect(result.stdout).toContain("730 hours a month");
    expect(result.stdout).toContain("https://aws.amazon.com/fargate/pricing/");
  });

  it("--env prints one environment and its own total", async () => {
    const project = await prepareFixture("cost-lean");
    const result = await runCli(["cost", "--env", "prod"], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    const prod = env(estimateCost(fixtureConfig("cost-lean")), "prod");
    expect(result.stdout).toContain(`Monthly cost estimate for durable (prod): ${formatUsd(prod.total)}`);
    expect(result.stdout).not.toMatch(/^dev: /m);
    expect(result.stdout).not.toMatch(/^shared/m);

    const json = await runCli(["cost", "--env", "prod", "--json"], { cwd: project });
    const parsed = JSON.parse(json.stdout) as CostEstimate;
    expect(parsed.environments.map((e) => e.name)).toEqual(["prod"]);
    expect(parsed.total).toBe(prod.total);
    expect(parsed).not.toHaveProperty("shared");
  });

  it("--env naming no environment of the stack exits 2, naming the flag and the choices", async () => {
    const project = await prepareFixture("node-microservices");
    const result = await runCli(["cost", "--env", "prod"], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('--env: "prod" is not an environment of this stack');
    expect(result.stderr).toContain("use one of dev");
  });

  it("a bad config exits 2 with the field, without an estimate", async () => {
    const project = await prepareFixture("node-microservices");
    const path = join(project, "ecs-stack.config.json");
    const config = JSON.parse(readFileSync(path, "utf8"));
    config.services[0].cpu = 300;
    await writeFile(path, JSON.stringify(config));
    const result = await runCli(["cost"], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/services\[0\]\.cpu: Fargate CPU must be one of/);
  });

  it("--env without a value is a usage error (exit 2)", async () => {
    const project = await prepareFixture("node-microservices");
    const result = await runCli(["cost", "--env"], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--env");
  });
});

describe("docs/DEPLOY.md", () => {
  it.each(fixtureNames())("%s: the cost table holds the numbers `cost` prints", async (name) => {
    const config = fixtureConfig(name);
    const doc = (await fixtureOutput(name)).get("docs/DEPLOY.md")!;
    const estimate = estimateCost(config);
    expect(doc).toContain(`About **${formatUsd(estimate.total)} a month**`);
    for (const e of estimate.environments) {
      expect(doc).toContain(`### ${e.name}: ${formatUsd(e.total)}`);
      for (const l of e.lines)
        if (l.monthly !== null)
          expect(doc).toMatch(new RegExp(`\\| ${escape(l.item)} +\\|.*\\| +${escape(formatUsd(l.monthly))} \\|`));
    }
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("amounts", () => {
  it("formatUsd writes what Intl.NumberFormat en-US with two fraction digits writes, without ICU", () => {
    const intl = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    // Ties on the exact binary value (0.125, 2.5), ties only in the shortest decimal form (1.005,
    // 2.675), the thousands boundaries, negatives and both zeros, exponent forms, then a spread.
    const fixed = [
      0, -0, 0.001, -0.001, 0.005, 0.125, 2.5, 1.005, 2.675, 999.995, 999.994, 1000, 1234.5, 1e6, -1234.567, 1e-7, 1e21,
    ];
    let seed = 22;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.2) * 10 ** (seed % 8);
    for (const usd of [...fixed, ...Array.from({ length: 2000 }, random)])
      expect(formatUsd(usd), String(usd)).toBe(`$${intl.format(usd)}`);
  });
});
