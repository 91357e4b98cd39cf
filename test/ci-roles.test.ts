// The CI roles of infra/global as an attacker with a pull request would probe them, on every
// fixture's generated Terraform (the IAM model of test/support/rules evaluates the policy
// documents as the roots pass them). docs/rules.md TF-OIDC-02: least privilege for CI roles.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, type Request } from "./support/iam-evaluate.js";
import { Ref } from "./support/rules/hcl-values.js";
import { strings, roles, type Role } from "./support/rules/tf-iam-model.js";
import { TfModel, valueOf } from "./support/rules/tf-model.js";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";
import { jobSteps } from "./support/workflow-step.js";

/** Each fixture's roles, read once per file: every probe below only evaluates them. */
const rolesOf = new Map<string, Promise<Map<string, Role>>>();
function ciRoles(fixture: string): Promise<Map<string, Role>> {
  let roles = rolesOf.get(fixture);
  if (!roles) rolesOf.set(fixture, (roles = readCiRoles(fixture)));
  return roles;
}

async function readCiRoles(fixture: string): Promise<Map<string, Role>> {
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

  // ReadOnlyAccess alone allows ssm:GetParameter (SecureString values, decrypted) and DescribeSecret.
  it("reads no secret value: Secrets Manager values, SSM parameters and decryption through them are denied", async () => {
    const plan = (await ciRoles(fixture)).get("plan")!;
    const ask = (action: string, resource: string, context?: Request["context"]) =>
      evaluate(plan, { action, resource, context });
    const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-prod/database-AbCdEf";
    const parameter = "arn:aws:ssm:us-east-1:123456789012:parameter/shop/prod/session_secret";
    expect(ask("secretsmanager:GetSecretValue", secret)).toBe("explicit deny");
    expect(ask("secretsmanager:BatchGetSecretValue", "*")).toBe("explicit deny");
    for (const action of [
      "ssm:GetParameter",
      "ssm:GetParameters",
      "ssm:GetParametersByPath",
      "ssm:GetParameterHistory",
    ])
      expect(ask(action, parameter), action).toBe("explicit deny");
    for (const service of ["ssm", "secretsmanager"])
      expect(
        ask("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/any", {
          "kms:ViaService": `${service}.us-east-1.amazonaws.com`,
        }),
        service,
      ).toBe("explicit deny");
    // What a plan refreshes stays readable: a secret's and a parameter's metadata.
    expect(ask("secretsmanager:DescribeSecret", secret)).toBe("allow");
    expect(ask("ssm:DescribeParameters", "*")).toBe("allow");
  });

  it("may ask for a random password, as the ephemeral passwords of the database and cache modules do in a plan", async () => {
    const plan = (await ciRoles(fixture)).get("plan")!;
    expect(evaluate(plan, { action: "secretsmanager:GetRandomPassword", resource: "*" })).toBe("allow");
  });

  it("the apply role may write the state", async () => {
    const apply = (await ciRoles(fixture)).get("apply")!;
    expect(grants(apply, "s3:PutObject").some((r) => /\/\*$/.test(r))).toBe(true);
  });
});

/** What a pull request merged to main could make the apply role do to IAM. */
describe.each(fixtureNames())("%s: the terraform apply role", (fixture) => {
  const BOUNDARY = new Ref("aws_iam_policy.workload_boundary.arn");
  const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
  const EXECUTION = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
  const LOAD_BALANCERS = "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers";
  const setup = async () => {
    const ci = await ciRoles(fixture);
    return { ci, apply: ci.get("apply")! };
  };
  const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
  const ask = (r: Role, action: string, resource: string, context?: Request["context"]) =>
    evaluate(r, { action, resource, context });

  it("cannot change its own policies or trust, nor those of any other CI role", async () => {
    const { ci, apply } = await setup();
    const ciRoleNames = [...ci.values()].map((r) => roleName(r));
    expect(ciRoleNames.length).toBeGreaterThanOrEqual(3);
    for (const name of ciRoleNames)
      for (const action of [
        "iam:AttachRolePolicy",
        "iam:PutRolePolicy",
        "iam:UpdateAssumeRolePolicy",
        "iam:DeleteRolePermissionsBoundary",
      ])
        expect(
          ask(apply, action, role(name), { "iam:PermissionsBoundary": BOUNDARY, "iam:PolicyARN": EXECUTION }),
          `${action} ${name}`,
        ).not.toBe("allow");
  });

  it("creates and changes project roles only with the workload boundary, and attaches no admin policy", async () => {
    const { ci, apply } = await setup();
    const project = roleName(ci.get("apply")!).replace(/-github-terraform-apply$/, "");
    const workload = role(`${project}-dev-api-task`);
    expect(ask(apply, "iam:CreateRole", workload)).not.toBe("allow");
    expect(
      ask(apply, "iam:CreateRole", workload, { "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/other" }),
    ).not.toBe("allow");
    expect(ask(apply, "iam:CreateRole", workload, { "iam:PermissionsBoundary": BOUNDARY })).toBe("allow");
    expect(ask(apply, "iam:PutRolePolicy", workload, { "iam:PermissionsBoundary": BOUNDARY })).toBe("allow");
    expect(ask(apply, "iam:PutRolePolicy", workload)).not.toBe("allow");
    expect(
      ask(apply, "iam:AttachRolePolicy", workload, { "iam:PermissionsBoundary": BOUNDARY, "iam:PolicyARN": ADMIN }),
    ).not.toBe("allow");
    expect(
      ask(apply, "iam:AttachRolePolicy", workload, { "iam:PermissionsBoundary": BOUNDARY, "iam:PolicyARN": EXECUTION }),
    ).toBe("allow");
    // The role ECS shifts a release's traffic with (modules/service, traffic-shifting releases).
    const releases = role(`${project}-prod-api-releases`);
    expect(
      ask(apply, "iam:AttachRolePolicy", releases, {
        "iam:PermissionsBoundary": BOUNDARY,
        "iam:PolicyARN": LOAD_BALANCERS,
      }),
    ).toBe("allow");
    expect(ask(apply, "iam:AttachRolePolicy", releases, { "iam:PolicyARN": LOAD_BALANCERS })).not.toBe("allow");
    expect(ask(apply, "iam:DeleteRolePermissionsBoundary", workload)).not.toBe("allow");
    expect(ask(apply, "iam:CreateRole", role("somebody-else"), { "iam:PermissionsBoundary": BOUNDARY })).not.toBe(
      "allow",
    );
    expect(ask(apply, "iam:CreatePolicyVersion", "arn:aws:iam::123456789012:policy/any")).not.toBe("allow");
    expect(ask(apply, "iam:CreateUser", "arn:aws:iam::123456789012:user/x")).not.toBe("allow");
  });

  it("gives every role the environment roots create the workload boundary", async () => {
    const tree = await readTree(join(FIXTURES_DIR, fixture, "expected"));
    for (const [path, body] of tree) {
      if (!/^infra\/modules\/(service|deploy-role)\/.*\.tf$/.test(path)) continue;
      for (const block of body.matchAll(/resource "aws_iam_role" "(\w+)" \{[\s\S]*?\n\}/g))
        expect(block[0], `${path} ${block[1]}`).toMatch(/\n  permissions_boundary += var\.permissions_boundary\n/);
    }
  });
});

/** The role's name as the root that calls the module gives it. */
function roleName(r: Role): string {
  const name = valueOf(r.b.block.body, "name", r.i.scope);
  if (typeof name !== "string" || name.includes("${")) throw new Error(`unresolved role name ${String(name)}`);
  return name;
}

/** The role CI's test job assumes to read CodeArtifact: the "feed" role, read-only (docs/rules.md FEED-CA-02). */
describe.each(["dotnet-codeartifact", "node-codeartifact", "payroll-codeartifact", "rails-codeartifact"])(
  "%s: the role the CI test job assumes",
  (fixture) => {
    const setup = async () => {
      const steps = await jobSteps(fixture, "ci.yml", "test");
      const assume = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      const variable = /vars\.AWS_([A-Z]+)_ROLE_ARN/.exec(assume?.with?.["role-to-assume"] ?? "")?.[1];
      expect(variable, "the test job assumes no role").toBeDefined();
      const role = (await ciRoles(fixture)).get(variable!.toLowerCase());
      expect(role, `no CI role for AWS_${variable}_ROLE_ARN`).toBeDefined();
      const text = (await readTree(join(FIXTURES_DIR, fixture, "expected"))).get("infra/global/main.tf")!;
      const arn = (name: string) => new RegExp(`${name}\\s+= "([^"]+)"`).exec(text)![1]!;
      return { role: role!, domain: arn("domain_arn"), repository: arn("repository_arn") };
    };

    it("may read the CodeArtifact repository and do nothing else", async () => {
      const { role, domain, repository } = await setup();
      const actions = role.inline.filter((s) => s.effect === "Allow").flatMap((s) => strings(s.actions));
      expect([...new Set(actions)].sort()).toEqual([
        "codeartifact:GetAuthorizationToken",
        "codeartifact:GetRepositoryEndpoint",
        "codeartifact:ReadFromRepository",
        "sts:GetServiceBearerToken",
      ]);
      expect(role.managed).toEqual([]);
      const ask = (action: string, resource: string, context?: Request["context"]) =>
        evaluate(role, { action, resource, context });
      expect(ask("codeartifact:GetAuthorizationToken", domain)).toBe("allow");
      expect(ask("codeartifact:ReadFromRepository", repository)).toBe("allow");
      expect(ask("codeartifact:ReadFromRepository", `${repository}-other`)).not.toBe("allow");
      expect(ask("codeartifact:PublishPackageVersion", repository)).not.toBe("allow");
      expect(ask("codeartifact:GetAuthorizationToken", `${domain}-other`)).not.toBe("allow");
      expect(ask("sts:GetServiceBearerToken", "*", { "sts:AWSServiceName": "codeartifact.amazonaws.com" })).toBe(
        "allow",
      );
      expect(ask("sts:GetServiceBearerToken", "*", { "sts:AWSServiceName": "ecr.amazonaws.com" })).not.toBe("allow");
    });

    it("trusts the events CI runs the test job on: pull requests and pushes to main", async () => {
      const { role } = await setup();
      const subjects = (role.trust ?? []).flatMap((s) =>
        s.conditions
          .filter((c) => c.variable === "token.actions.githubusercontent.com:sub")
          .flatMap((c) => strings(c.values)),
      );
      expect(subjects.some((s) => s.endsWith(":pull_request"))).toBe(true);
      expect(subjects.some((s) => s.endsWith(":ref:refs/heads/main"))).toBe(true);
      expect(subjects.every((s) => !s.includes("*"))).toBe(true);
    });
  },
);
