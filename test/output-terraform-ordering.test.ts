// First-apply ordering and the image-pull path of every fixture's generated Terraform, read with
// HashiCorp's HCL parser (issue 17, items 2 and 3). The real-run suite proves the same edges with
// `terraform graph`; these run in the unit suite.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import type { CostEstimate } from "../src/cost/lines.js";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";

interface HclJson {
  output?: Record<string, Array<{ value: unknown; depends_on?: string[] }>>;
  resource?: Record<string, Record<string, Array<Record<string, unknown>>>>;
}

async function parseModuleFile(name: string, file: string): Promise<HclJson | undefined> {
  const path = join(FIXTURES_DIR, name, "expected", "infra", "modules", file);
  return existsSync(path) ? ((await parse(file, readFileSync(path, "utf8"))) as HclJson) : undefined;
}

describe.each(fixtureNames())("fixture %s", (name) => {
  it("hands the services their target groups only once every listener and rule exists", async () => {
    // CreateService refuses a target group no listener forwards to yet; the service reads the ARN
    // from this output, so the output is where the wait belongs.
    const outputs = await parseModuleFile(name, "alb/outputs.tf");
    if (!outputs) return;
    const dependsOn = outputs.output?.target_group_arns?.[0]?.depends_on ?? [];
    expect(dependsOn).toEqual(
      expect.arrayContaining(["${aws_lb_listener.http}", "${aws_lb_listener.https}", "${aws_lb_listener_rule.this}"]),
    );
  });

  it("creates the S3 gateway endpoint in every NAT mode, so image layers never pass a NAT gateway", async () => {
    // docs/rules.md TF-NET-02: the S3 gateway endpoint carries ECR's layers.
    const network = await parseModuleFile(name, "network/main.tf");
    expect(network, "every fixture has a network module").toBeDefined();
    const s3 = network!.resource?.aws_vpc_endpoint?.s3?.[0];
    expect(s3?.vpc_endpoint_type).toBe("Gateway");
    expect(s3).not.toHaveProperty("count");
    expect(s3).not.toHaveProperty("for_each");
  });

  it("prices the image layers through the gateway endpoint, apart from NAT or interface endpoint data", () => {
    const path = join(FIXTURES_DIR, name, "expected-cost.json");
    const estimate = JSON.parse(readFileSync(path, "utf8")) as CostEstimate;
    for (const section of estimate.environments) {
      const gateway = section.lines.find((l) => l.item === "S3 gateway endpoint (image layers)");
      expect(gateway, section.name).toBeDefined();
      expect(gateway!.monthly).toBe(0);
      const gatewayGb = Number(/^(\d+(?:\.\d+)?) GB/.exec(gateway!.formula)?.[1]);
      expect(gatewayGb).toBeGreaterThan(0);
      expect(estimate.assumptions.join("\n")).toContain(`${gatewayGb} GB of image layers`);
      const data = section.lines.find((l) => /data processed$/.test(l.item));
      // nat "public": the tasks' own addresses are the way out; the internet gateway charges no processing.
      if (section.lines.some((l) => l.item === "Public IPv4 addresses of the tasks")) {
        expect(data, section.name).toBeUndefined();
        continue;
      }
      const dataGb = Number(/^(\d+(?:\.\d+)?) GB/.exec(data?.formula ?? "")?.[1]);
      // Both carry traffic, and the layers are not charged a second time as NAT or endpoint data.
      expect(dataGb).toBeGreaterThan(0);
      expect(estimate.assumptions.join("\n")).toContain(`${dataGb} GB through the NAT gateways`);
    }
  });
});
