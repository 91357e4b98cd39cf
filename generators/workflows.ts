// GitHub Actions: ci.yml (the app's tests, image builds, drift check), deploy.yml (build and push,
// then render and deploy each service, environment by environment), terraform.yml (fmt and
// validate, plan on pull requests, apply on main), for an environment off outside working hours
// start-environment.yml (start it by hand until the next stop) and, for the s3 and ecr-image feeds,
// feed.yml (pack and publish the internal packages). AWS access is OIDC only, into the roles the Terraform
// creates.
import type { Config } from "../src/config/normalise.js";
import { runsOnSchedules } from "../src/config/derived.js";
import { contextOf } from "../src/config/stack-parts.js";
import { terraformEnvironment } from "../src/plan/github.js";
import { repositoryUri, type DeployedService, type EnvironmentPlan } from "../src/plan/environments.js";
import { codeartifactTokenCommand } from "../src/plan/feed.js";
import { workflowPath } from "../src/plan/output-names.js";
import { stackParts, type StackPlan } from "../src/plan/stack-plan.js";
import { documentedFile, type Generator } from "../src/plan/types.js";
import { ACTIONS, RUNNERS } from "../src/plan/versions.js";
import { NODE_IMAGE } from "../src/stacks/node.js";
import { joinPath } from "../src/stacks/paths.js";
import { TOOL_VERSION } from "../src/package-info.js";
import { planPublish, workflowFeed, type WorkflowFeed } from "./workflow-feed.js";
import { releaseStep } from "./workflow-release.js";
import { smokeChecks } from "./workflow-smoke.js";
import { startView } from "./workflow-start.js";
import { testJob, type TestJob } from "./workflow-tests.js";

export const workflowsGenerator: Generator = {
  name: "workflows",
  description: "GitHub Actions: CI, build and deploy with OIDC, Terraform plan and apply",
  plan(plan) {
    const { config, environments } = plan;
    const common = {
      actions: actionRefs(config),
      runner: RUNNERS[config.architecture],
      region: config.aws.region,
      feed: feedView(plan),
    };
    const publish = planPublish(plan);
    const start = startView(plan);
    return [
      documentedFile("pull requests: the app's tests, every image built, and `create-ecs-stack check`", {
        path: workflowPath(config, "ci"),
        template: "workflows/ci.yml.hbs",
        view: { ...common, ...ciView(plan) },
      }),
      documentedFile("main: each image built once, tagged with the commit, then deployed environment by environment", {
        path: workflowPath(config, "deploy"),
        template: "workflows/deploy.yml.hbs",
        view: {
          ...common,
          folder: workflowFeed(plan, "deploy"),
          images: imageMatrix(plan),
          buildsTarget: buildsTarget(plan),
          ownContexts: ownContexts(plan),
          environments: deployJobs(plan),
        },
      }),
      documentedFile("fmt and validate; plan on pull requests, apply on main", {
        path: workflowPath(config, "terraform"),
        template: "workflows/terraform.yml.hbs",
        view: { ...common, ...terraformView(config, environments) },
      }),
      ...(start.jobs.length > 0
        ? [
            documentedFile(
              "run by hand: starts an environment that is off outside working hours, until its next scheduled stop",
              {
                path: workflowPath(config, "start-environment"),
                template: "workflows/start-environment.yml.hbs",
                view: { ...common, ...start },
              },
            ),
          ]
        : []),
      ...(publish
        ? [
            documentedFile(
              "run by hand: packs the internal packages and publishes them to the package store the image builds restore from",
              {
                path: workflowPath(config, "feed"),
                template: "workflows/feed.yml.hbs",
                view: { ...common, ...publish },
              },
            ),
          ]
        : []),
    ];
  },
};

/** `owner/repo@<sha> # vX.Y.Z` (immutable) or `owner/repo@vX`, per the config. */
function actionRefs(config: Config): Record<keyof typeof ACTIONS, string> {
  return Object.fromEntries(
    Object.entries(ACTIONS).map(([key, a]) => [
      key,
      config.github.pinActions === "sha" ? `${a.uses}@${a.sha} # ${a.version}` : `${a.uses}@${a.version.split(".")[0]}`,
    ]),
  ) as Record<keyof typeof ACTIONS, string>;
}

/** What an image build needs to reach the private registry (docs/rules.md GHA-14, FEED-CA-01). */
function feedView(plan: StackPlan) {
  const feed = plan.feed.token;
  if (!feed) return { enabled: false, tokenCommand: null, github: false };
  const ca = feed.codeartifact;
  return {
    enabled: true,
    tokenCommand: ca ? codeartifactTokenCommand(ca) : null,
    github: feed.strategy === "github-packages",
  };
}

function platform(config: Config): string {
  return config.architecture === "ARM64" ? "linux/arm64" : "linux/amd64";
}

function imageMatrix({ config, builtImages }: StackPlan) {
  return builtImages.map((image) => ({
    ...image,
    // An empty target builds the last stage: docker/build-push-action passes --target only when it is
    // set (its src/context.ts, `if (inputs.target)`; checked 2026-12-03).
    targetYaml: image.target ?? '""',
    platform: platform(config),
  }));
}

/** Whether an image builds from a folder of its own: a service of another stack than the project's does. */
const ownContexts = (plan: StackPlan) => plan.images.some((image) => image.context !== ".");

/** Whether a build names its stage: only an adopted Dockerfile with services[].dockerfile.target set does. */
const buildsTarget = (plan: StackPlan) => plan.images.some((image) => image.target !== null);

function ciView(plan: StackPlan) {
  const folder = workflowFeed(plan, "ci");
  const test = testJob(plan);
  return {
    folder,
    test: withFeedSteps(test, folder),
    testWorkingDirectory: testWorkingDirectory(test, folder),
    stackTests: otherStackTests(plan),
    images: imageMatrix(plan),
    buildsTarget: buildsTarget(plan),
    ownContexts: ownContexts(plan),
    // The drift check runs the same version of the tool that wrote the files.
    toolImage: NODE_IMAGE("24"),
    checkCommand: `npx --yes create-ecs-stack@${TOOL_VERSION} check`,
  };
}

/**
 * A test job for each stack besides the project's (services[].stack), in that stack's image; the
 * private feed serves the project's stack only, so these restore from public registries.
 */
function otherStackTests(plan: StackPlan) {
  return stackParts(plan)
    .slice(1)
    .map((part) => {
      const test = testJob(part);
      return {
        id: `test-${part.config.stack}`,
        name: `Test (${part.config.stack})`,
        workingDirectory: joinPath(contextOf(plan.config, part.config.stack), test.workingDirectory ?? "."),
        test,
      };
    });
}

/** The test job packs the sibling repositories first (source, .NET). */
function withFeedSteps(test: TestJob, folder: WorkflowFeed): TestJob {
  return folder.testSteps.length === 0 ? test : { ...test, steps: [...folder.testSteps, ...test.steps] };
}

/** Where the test job's steps run: the app's checkout (sibling repositories beside it), then the stack's folder in it. */
function testWorkingDirectory(test: TestJob, folder: WorkflowFeed): string | null {
  const directory = joinPath(folder.appPath ?? ".", test.workingDirectory ?? ".");
  return directory === "." ? null : directory;
}

/** The display name of terraform.yml's apply job for an environment, which deploy.yml waits for. */
const applyJobName = (env: EnvironmentPlan) => `apply ${env.name}`;

function deployJobs({ config, environments }: StackPlan) {
  return environments.map((env, i) => ({
    name: env.name,
    applyJob: applyJobName(env),
    needs: i === 0 ? "images" : `deploy-${environments[i - 1]!.name}`,
    url: env.domain ? `https://${env.domain}` : null,
    cluster: env.prefix,
    // Migrating services first, so their migration runs before any service takes new code.
    services: [...env.services]
      .sort((a, b) => Number(!!b.service.migrate) - Number(!!a.service.migrate))
      .map((d) => ({ ...serviceDeploy(config, d), release: releaseStep(env, d) })),
    smoke: smokeChecks(env),
  }));
}

/**
 * One render step per image in the task: the app's container from the JSON, then the proxy's from
 * the app's rendered output, so the deploy step registers both new images in one revision.
 */
function serviceDeploy(config: Config, d: DeployedService) {
  const sha = "${{ github.sha }}";
  const { proxy } = d;
  const app = {
    id: `render-${d.service.name}`,
    container: d.service.name,
    image: `${repositoryUri(config, d.image)}:${sha}`,
  };
  const renders = [
    { ...app, name: d.service.name, taskDefinition: d.taskDefinitionPath },
    ...(proxy
      ? [
          {
            id: `render-${proxy.name}`,
            name: `${d.service.name}'s ${proxy.sidecar.name}`,
            container: proxy.sidecar.name,
            image: `${repositoryUri(config, proxy.name)}:${sha}`,
            taskDefinition: `\${{ steps.${app.id}.outputs.task-definition }}`,
          },
        ]
      : []),
  ];
  return {
    name: d.service.name,
    renders,
    rendered: proxy ? `render-${proxy.name}` : app.id,
    job: runsOnSchedules(d.service),
    migrate: d.service.migrate
      ? {
          // RunTask's overrides (the command in the app container), as the AWS CLI takes them.
          overrides: JSON.stringify({
            containerOverrides: [{ name: d.service.name, command: d.service.migrate.command }],
          }),
        }
      : null,
  };
}

function terraformView(config: Config, environments: readonly EnvironmentPlan[]) {
  const bucketFromVariable = config.terraform.stateBucket === null;
  return {
    roots: ["infra/global", ...environments.map((e) => `infra/environments/${e.name}`)],
    environments: environments.map((env, i) => ({
      name: env.name,
      jobName: applyJobName(env),
      environment: terraformEnvironment(env.name),
      root: `infra/environments/${env.name}`,
      needs: i === 0 ? "check" : `apply-${environments[i - 1]!.name}`,
    })),
    initArguments: bucketFromVariable ? ' -backend-config="bucket=${TF_STATE_BUCKET}"' : "",
    bucketFromVariable,
    repositoryFromGithub: config.github.repository === null,
  };
}
