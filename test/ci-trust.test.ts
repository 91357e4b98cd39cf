// Who may assume the roles GitHub Actions uses, on every fixture's generated Terraform: the trust
// policies as STS evaluates them against a token's claims (test/support/iam-evaluate.ts), probed
// with the tokens an attacker could mint: another branch, another environment, another repository
// (by name, or a recycled name with other ids). docs/rules.md TF-OIDC-01 and TF-OIDC-02.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { evaluate, trusts, type GitHubClaims } from "./support/iam-evaluate.js";
import { roles, type Role } from "./support/rules/tf-iam-model.js";
import { TfModel, valueOf } from "./support/rules/tf-model.js";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";

interface Repository {
  /** "owner/name", or null when Terraform takes it from a variable */
  name: string | null;
  ids: { owner: number; repository: number } | null;
}

function repositoryOf(fixture: string): Repository {
  const config = JSON.parse(readFileSync(join(FIXTURES_DIR, fixture, "ecs-stack.config.json"), "utf8")) as {
    github?: { repository?: string | null; ownerId?: number | null; repositoryId?: number | null };
  };
  const github = config.github ?? {};
  const ids =
    github.ownerId != null && github.repositoryId != null
      ? { owner: github.ownerId, repository: github.repositoryId }
      : null;
  return { name: github.repository ?? null, ids };
}

/** The repository as a subject names it: by name, or (created or renamed since 2026-07-15) with its ids. */
const nameForm = (name: string) => name;
const idForm = (name: string, ids: { owner: number; repository: number }) => {
  const [owner, repo] = name.split("/");
  return `${owner}@${ids.owner}/${repo}@${ids.repository}`;
};

const MAIN = "refs/heads/main";
const token = (repository: string, context: string, ref: string): GitHubClaims => ({
  aud: "sts.amazonaws.com",
  sub: `repo:${repository}:${context}`,
  ref,
});

/** Each fixture's roles, read once per file: every probe below only evaluates them. */
const rolesOf = new Map<string, Promise<Map<string, Role>>>();
function githubRoles(fixture: string): Promise<Map<string, Role>> {
  let roles = rolesOf.get(fixture);
  if (!roles) rolesOf.set(fixture, (roles = readGithubRoles(fixture)));
  return roles;
}

async function readGithubRoles(fixture: string): Promise<Map<string, Role>> {
  const tree = await readTree(join(FIXTURES_DIR, fixture, "expected"));
  const m = new TfModel(new Map([...tree].filter(([path]) => path.startsWith("infra/") && path.endsWith(".tf"))));
  const named = roles(m)
    .filter((r) => /modules\/(github-oidc|deploy-role)$/.test(r.b.dir))
    .map((r): [string, Role] => {
      const name = valueOf(r.b.block.body, "name", r.i.scope);
      if (typeof name !== "string" || name.includes("${")) throw new Error(`unresolved role name ${String(name)}`);
      return [name, r];
    });
  return new Map(named);
}

function environmentsOf(ci: Map<string, Role>): string[] {
  return [...ci.keys()].flatMap((name) => /-(dev|staging|prod)-github-deploy$/.exec(name)?.[1] ?? []);
}

/** A token that may assume the role: what the generated workflow's job presents. */
interface Case {
  role: string;
  context: string;
  ref: string;
}

function intended(project: string, environments: string[]): Case[] {
  return [
    { role: `${project}-github-images`, context: `ref:${MAIN}`, ref: MAIN },
    { role: `${project}-github-terraform-plan`, context: "pull_request", ref: "refs/pull/7/merge" },
    ...environments.flatMap((env) => [
      { role: `${project}-github-terraform-apply`, context: `environment:terraform-${env}`, ref: MAIN },
      { role: `${project}-${env}-github-deploy`, context: `environment:${env}`, ref: MAIN },
    ]),
  ];
}

describe.each(fixtureNames())("%s: who may assume the GitHub Actions roles", (fixture) => {
  const repository = repositoryOf(fixture);
  const setup = async () => {
    const ci = await githubRoles(fixture);
    const apply = [...ci.keys()].find((n) => n.endsWith("-github-terraform-apply"))!;
    const project = apply.replace(/-github-terraform-apply$/, "");
    const environments = environmentsOf(ci);
    const role = (name: string) => {
      const r = ci.get(name);
      if (!r) throw new Error(`no role ${name} in ${[...ci.keys()].join(", ")}`);
      return r;
    };
    return { ci, project, environments, role, cases: intended(project, environments) };
  };
  // A repository name Terraform only learns from a variable matches any name in this model, so the
  // repository is probed where the config names it.
  const own = repository.name ?? "OWNER/REPO";

  it("accepts the subject each workflow job presents, by name and, when the config gives the ids, by id", async () => {
    const { role, cases, environments } = await setup();
    expect(environments.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(trusts(role(c.role), token(nameForm(own), c.context, c.ref)), `${c.role} ${c.context}`).toBe(true);
      if (repository.name !== null && repository.ids !== null)
        expect(
          trusts(role(c.role), token(idForm(repository.name, repository.ids), c.context, c.ref)),
          `${c.role} ${c.context} (id form)`,
        ).toBe(true);
    }
  });

  it("the apply role refuses a deploy job's subject, another branch, and pull requests", async () => {
    const { role, project, environments } = await setup();
    const apply = role(`${project}-github-terraform-apply`);
    for (const env of environments) {
      expect(trusts(apply, token(own, `environment:${env}`, MAIN)), `deploy environment ${env}`).toBe(false);
      expect(
        trusts(apply, token(own, `environment:terraform-${env}`, "refs/heads/feature")),
        `terraform-${env} from a feature branch`,
      ).toBe(false);
    }
    expect(trusts(apply, token(own, "pull_request", "refs/pull/7/merge"))).toBe(false);
    expect(trusts(apply, token(own, "ref:refs/heads/feature", "refs/heads/feature"))).toBe(false);
    expect(trusts(apply, token(own, `ref:${MAIN}`, MAIN)), "a job on main outside an environment").toBe(false);
  });

  it("a deploy role refuses another branch, another environment and the apply environments", async () => {
    const { role, project, environments } = await setup();
    for (const env of environments) {
      const deploy = role(`${project}-${env}-github-deploy`);
      expect(trusts(deploy, token(own, `environment:${env}`, "refs/heads/feature")), `${env} from a branch`).toBe(
        false,
      );
      expect(trusts(deploy, token(own, `environment:terraform-${env}`, MAIN))).toBe(false);
      for (const other of ["dev", "staging", "prod"].filter((e) => e !== env))
        expect(trusts(deploy, token(own, `environment:${other}`, MAIN)), `${env} role, ${other} job`).toBe(false);
      expect(trusts(deploy, token(own, "pull_request", "refs/pull/7/merge"))).toBe(false);
    }
  });

  it("the images and plan roles refuse feature branches; plan refuses main (it only runs on pull requests)", async () => {
    const { role, project } = await setup();
    const images = role(`${project}-github-images`);
    expect(trusts(images, token(own, "ref:refs/heads/feature", "refs/heads/feature"))).toBe(false);
    expect(trusts(images, token(own, "pull_request", "refs/pull/7/merge"))).toBe(false);
    expect(trusts(images, token(own, "environment:prod", MAIN)), "a job in an environment").toBe(false);
    const plan = role(`${project}-github-terraform-plan`);
    expect(trusts(plan, token(own, "ref:refs/heads/feature", "refs/heads/feature"))).toBe(false);
    expect(trusts(plan, token(own, "environment:prod", MAIN))).toBe(false);
    expect(trusts(plan, token(own, `ref:${MAIN}`, MAIN))).toBe(false);
  });

  // Each fixture gets the one of these two tests its config calls for (none is skipped).
  if (repository.name !== null)
    it("refuses another repository: another name, and the same names with other ids (a recycled name)", async () => {
      const { ci, cases } = await setup();
      const name = repository.name!;
      const [owner, repo] = name.split("/");
      const others = [
        `${owner}/${repo}-fork`,
        `someone-else/${repo}`,
        idForm(`someone-else/${repo}`, { owner: 1, repository: 2 }),
        idForm(name, { owner: 1, repository: 2 }),
        ...(repository.ids === null ? [idForm(name, { owner: 424242, repository: 9191 })] : []),
      ];
      for (const c of cases)
        for (const other of others)
          expect(trusts(ci.get(c.role)!, token(other, c.context, c.ref)), `${c.role} ${other}`).toBe(false);
    });
  else
    it("names the repository only through the validated variable", async () => {
      const tree = await readTree(join(FIXTURES_DIR, fixture, "expected"));
      const variables = tree.get("infra/global/variables.tf") ?? "";
      expect(variables).toMatch(
        /variable "github_repository"[\s\S]*regex\("\^\[A-Za-z0-9_.-\]\+\/\[A-Za-z0-9_.-\]\+\$"/,
      );
    });
});

/** The GitHub environments the workflows' jobs run in. */
function workflowEnvironments(tree: Map<string, string>): string[] {
  const names = [".github/workflows/terraform.yml", ".github/workflows/deploy.yml"].flatMap((path) => {
    const workflow = parseYaml(tree.get(path) ?? "") as { jobs?: Record<string, { environment?: unknown }> };
    return Object.values(workflow.jobs ?? {}).flatMap((job) => {
      const env = job.environment;
      return typeof env === "string" ? [env] : env && typeof env === "object" ? [(env as { name: string }).name] : [];
    });
  });
  return [...new Set(names)];
}

describe.each(fixtureNames())("%s: the GitHub environments DEPLOY.md creates", (fixture) => {
  it("every environment a job runs in deploys from main only, and prod's wait for a reviewer", async () => {
    const tree = await readTree(join(FIXTURES_DIR, fixture, "expected"));
    const doc = tree.get("docs/DEPLOY.md")!;
    const environments = workflowEnvironments(tree);
    expect(environments.length).toBeGreaterThan(1);
    for (const env of environments) {
      const path = `"repos/{owner}/{repo}/environments/${env}"`;
      const create = doc.split("\n").find((line) => line.includes(`gh api --method PUT ${path}`));
      expect(create, env).toBeDefined();
      expect(create, env).toContain(
        "deployment_branch_policy: {protected_branches: false, custom_branch_policies: true}",
      );
      if (/(^|-)prod$/.test(env)) expect(create, env).toMatch(/reviewers: \[\{type: "User", id: \$me\}\]/);
      else expect(create, env).not.toContain("reviewers");
      expect(doc, env).toContain(
        `gh api --method POST "repos/{owner}/{repo}/environments/${env}/deployment-branch-policies" -f name=main -f type=branch`,
      );
    }
  });
});

/** What DEPLOY.md says the images, feed and deploy roles may do (ci-roles.test.ts holds plan and apply). */
describe.each(fixtureNames())("%s: what the images, feed and deploy roles may do", (fixture) => {
  const ACCOUNT = "arn:aws:iam::123456789012";
  const STATE = "arn:aws:s3:::any-state-bucket/any/terraform.tfstate";
  const OTHER_REPOSITORY = "arn:aws:ecr:eu-west-1:123456789012:repository/someone-else";
  const ask = (r: Role, action: string, resource: string, context?: Record<string, string>) =>
    evaluate(r, { action, resource, context });
  const nothingElse = (r: Role, name: string) => {
    for (const [action, resource] of [
      ["s3:PutObject", STATE],
      ["ecr:PutImage", OTHER_REPOSITORY],
      ["ecr:DeleteRepository", OTHER_REPOSITORY],
      ["iam:PutRolePolicy", `${ACCOUNT}:role/${name}`],
      ["iam:CreateRole", `${ACCOUNT}:role/anything`],
      ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:any"],
      ["ecs:DeleteService", "arn:aws:ecs:eu-west-1:123456789012:service/any/any"],
    ] as const)
      expect(ask(r, action, resource), `${name}: ${action}`).not.toBe("allow");
  };

  it("images pushes to the project's repositories only, and does nothing else", async () => {
    const ci = await githubRoles(fixture);
    const [name, images] = [...ci].find(([n]) => n.endsWith("-github-images"))!;
    expect(ask(images, "ecr:PutImage", "values(module.ecr.repository_arns)")).toBe("allow");
    nothingElse(images, name);
  });

  it("feed, where there is one, only reads the package feed", async () => {
    const ci = await githubRoles(fixture);
    const found = [...ci].find(([n]) => n.endsWith("-github-feed"));
    const config = JSON.parse(readFileSync(join(FIXTURES_DIR, fixture, "ecs-stack.config.json"), "utf8"));
    const readsAStore = ["codeartifact", "s3", "ecr-image"].includes(config.feed?.strategy);
    expect(found !== undefined, "a feed role exactly when image builds read a package store").toBe(readsAStore);
    if (!found) return;
    const [name, feed] = found;
    const writes = feed.inline
      .filter((st) => st.effect === "Allow")
      .flatMap((st) => (Array.isArray(st.actions) ? st.actions : [st.actions]))
      .filter(
        (a) =>
          typeof a === "string" &&
          !/^(ecr:(GetAuthorizationToken|BatchCheckLayerAvailability|BatchGetImage|GetDownloadUrlForLayer)|s3:(ListBucket|GetObject)|codeartifact:(GetAuthorizationToken|GetRepositoryEndpoint|ReadFromRepository)|sts:GetServiceBearerToken)$/.test(
            a,
          ),
      );
    expect(writes, name).toEqual([]);
    expect(feed.managed, name).toEqual([]);
    nothingElse(feed, name);
  });

  it("a deploy role registers task definitions, updates services and passes roles to ECS tasks only", async () => {
    const ci = await githubRoles(fixture);
    for (const [name, deploy] of [...ci].filter(([n]) => n.endsWith("-github-deploy"))) {
      expect(ask(deploy, "ecs:RegisterTaskDefinition", "*"), name).toBe("allow");
      expect(deploy.managed, name).toEqual([]);
      const passed = { "iam:PassedToService": "ecs-tasks.amazonaws.com" };
      const anyRole = `${ACCOUNT}:role/anything`;
      expect(ask(deploy, "iam:PassRole", anyRole, passed), name).not.toBe("allow");
      nothingElse(deploy, name);
    }
  });
});
