// The CI roles of infra/global as an attacker with a pull request would probe them, on every
// fixture's generated Terraform (the IAM model of test/support/rules evaluates the policy
// documents as the roots pass them). RULES.md TF-OIDC-02: least privilege for CI roles.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { strings, roles, type Role } from "./support/rules/tf-iam-model.js";
import { TfModel } from "./support/rules/tf-model.js";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";

async function ciRoles(fixture: string): Promise<Map<string, Role>> {
  const tree = await readTree(join(FIXTURES_DIR, fixture, "expected"));
  const m = new TfModel(new Map([...tree].filter(([path]) => path.startsWith("infra/") && path.endsWith(".tf"))));
  const github = roles(m).filter((r) => r.b.dir.endsWith("modules/github-oidc"));
  return new Map(github.map((r) => [r.b.block.labels[1]!, r]));
}

/** Resources an Allow statement grants `action` on (exact action names or "s3:*"-style wildcards). */
function grants(role: Role, action: string): string[] {
  const [service] = action.split(":");
  return role.inline
    .filter((s) => s.effect === "Allow")
    .filter((s) => strings(s.actions).some((a) => a === action || a === `${service}:*` || a === "*"))
    .flatMap((s) => strings(s.resources));
}

describe.each(fixtureNames())("%s: the terraform plan role (pull requests)", (fixture) => {
  it("may take and release the state lock, and write nothing else in the state bucket", async () => {
    const plan = (await ciRoles(fixture)).get("plan")!;
    expect(plan).toBeDefined();
    for (const action of ["s3:PutObject", "s3:DeleteObject"]) {
      const resources = grants(plan, action);
      expect(resources.length, action).toBeGreaterThan(0);
      for (const resource of resources) expect(resource, action).toMatch(/^arn:[^:]*:s3:::[^/]+\/[^*]+\/\*\.tflock$/);
    }
    expect(grants(plan, "s3:GetObject").length).toBeGreaterThan(0);
  });

  it("the apply role may write the state", async () => {
    const apply = (await ciRoles(fixture)).get("apply")!;
    expect(grants(apply, "s3:PutObject").some((r) => /\/\*$/.test(r))).toBe(true);
  });
});
