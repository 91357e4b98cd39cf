// The workflow side of the folder feed strategies (DESIGN.md, "Feed strategy"): the jobs and steps
// that put the internal packages where the image build and the tests read them. The Dockerfiles
// read them as named build contexts (source: one per sibling repository; s3 and ci-artifacts: the
// context "feed", a folder of package files) or from the package image in ECR (ecr-image).
import { posix } from "node:path";
import { APP_CHECKOUT, FEED_ARTIFACT, FEED_CONTEXT, PACKAGE_FOLDER, type FolderFeed } from "../src/plan/feed.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import { profileOf } from "../src/stacks/index.js";
import { FEED_ROLE_VARIABLE, testJob } from "./workflow-tests.js";

export type FeedWorkflow = "ci" | "deploy";

export interface RunStep {
  name: string;
  run: string;
  /** Overrides the job's working directory; null: the job's. */
  workingDirectory: string | null;
}

interface Checkout {
  repository: string;
  path: string;
}

/** Packs the packages from their repositories, in order, in the image the test job runs in. */
interface PackJob {
  image: string;
  env: { key: string; value: string }[];
  /** .NET: the app's checkout, for its nuget.config; null for Node. */
  workingDirectory: string | null;
  checkouts: Checkout[];
  steps: RunStep[];
}

/** An AWS role of `terraform output github_role_arns` in infra/global, as a repository variable. */
interface RoleView {
  /** The variable that holds the role's ARN: AWS_<KEY>_ROLE_ARN. */
  variable: string;
  key: string;
  /** What it may do here, for the comment above the step that assumes it. */
  scope: string;
}

/** Fetches the packages on the runner with an AWS role: from S3, or out of the package image. */
interface FetchJob {
  role: RoleView;
  /** s3: the sync command; null for ecr-image. */
  s3Command: string | null;
  /** ecr-image: the package image; null for s3. */
  image: string | null;
}

export interface FeedJob {
  pack: PackJob | null;
  fetch: FetchJob | null;
  artifact: string;
  /** The folder the job uploads, relative to the workspace. */
  upload: string;
}

export interface WorkflowFeed {
  /** source, .NET and Rails: the app checks out into app/ and its sibling repositories beside it. */
  appPath: string | null;
  siblings: Checkout[];
  buildContext: string;
  /** Prefix of the matrix's Dockerfile path when the app is not the workspace. */
  dockerfilePrefix: string;
  /** `name=path` for docker/build-push-action's build-contexts. */
  buildContexts: string[];
  /** The job "feed" that packs the packages and hands them on as the artifact feed-packages, or null. */
  packJob: FeedJob | null;
  /** The job "feed" that fetches them with an AWS role and hands them on, or null. */
  fetchJob: FeedJob | null;
  /** Where the test job (ci.yml) downloads the artifact; null: it needs none. */
  testDownload: string | null;
  /** Where the image builds download the artifact; null: they need none. */
  imagesDownload: string | null;
  /** ecr-image, ci.yml: the images job logs in to ECR with this role to pull the package image. */
  imagesEcrRole: RoleView | null;
  /** deploy.yml, ecr-image: what the images role reads besides pushing the app's images. */
  imagesNote: string | null;
  /** Steps the test job runs before the app's own (source, .NET: pack the sibling repositories). */
  testSteps: RunStep[];
  artifact: string;
}

const NONE: WorkflowFeed = {
  appPath: null,
  siblings: [],
  buildContext: ".",
  dockerfilePrefix: "",
  buildContexts: [],
  packJob: null,
  fetchJob: null,
  testDownload: null,
  imagesDownload: null,
  imagesEcrRole: null,
  imagesNote: null,
  testSteps: [],
  artifact: FEED_ARTIFACT,
};

export function workflowFeed(plan: StackPlan, workflow: FeedWorkflow): WorkflowFeed {
  const feed = plan.feed.folder;
  if (!feed || (feed.strategy === "source" && !feed.siblings)) return NONE; // Node workspaces: in the repository
  if (feed.siblings) return siblingsFeed(plan, feed);
  const folder = packageFolder(plan);
  const fromArtifact = feed.strategy === "s3" || feed.strategy === "ci-artifacts";
  // deploy.yml has no test job, and its images role logs in to ECR already (ecr-image).
  const job = workflow === "ci" || fromArtifact ? feedJob(plan, feed, workflow) : null;
  return {
    ...NONE,
    buildContexts: fromArtifact ? [`${FEED_CONTEXT}=${folder}`] : [],
    packJob: job?.pack ? job : null,
    fetchJob: job?.fetch ? job : null,
    testDownload: workflow === "ci" ? folder : null,
    imagesDownload: fromArtifact ? folder : null,
    imagesEcrRole: workflow === "ci" && feed.strategy === "ecr-image" ? feedRole(feed) : null,
    imagesNote:
      workflow === "deploy" && feed.image
        ? `It also pulls the package image (${feed.image.repository}), which the Dockerfiles build FROM.`
        : null,
  };
}

/** Where the packages sit for the build and the tests: .NET, beside the nuget.config that lists them. */
export function packageFolder(plan: StackPlan): string {
  const configFile = plan.feed.configFile;
  return profileOf(plan.config.stack).feed.registryFile?.forFolders && configFile
    ? posix.join(posix.dirname(configFile), PACKAGE_FOLDER)
    : PACKAGE_FOLDER;
}

function siblingsFeed(plan: StackPlan, feed: FolderFeed): WorkflowFeed {
  return {
    ...NONE,
    appPath: APP_CHECKOUT,
    siblings: feed.packages.map((p) => ({ repository: p.repository!, path: p.folder })),
    buildContext: APP_CHECKOUT,
    dockerfilePrefix: `${APP_CHECKOUT}/`,
    buildContexts: feed.packages.map((p) => `${p.context}=${p.folder}`),
    // Rails path gems ("../acme-core") resolve from the checkouts as they are.
    testSteps: feed.packsSiblings ? packSteps(plan, feed) : [],
  };
}

function feedJob(plan: StackPlan, feed: FolderFeed, workflow: FeedWorkflow): FeedJob {
  if (feed.strategy === "ci-artifacts") return packJob(plan, feed);
  // deploy.yml runs on main only, with the images role; ci.yml also runs for pull requests, so it
  // takes the feed role, which may only read the packages.
  return {
    pack: null,
    fetch: {
      role: workflow === "ci" ? feedRole(feed) : imagesRole(feed, "read"),
      s3Command: feed.s3
        ? `aws s3 sync s3://${feed.s3.bucket}/${feed.s3.prefix}/ ${PACKAGE_FOLDER}/ --only-show-errors`
        : null,
      image: feed.image ? `${feed.image.registry}/${feed.image.repository}:${feed.image.tag}` : null,
    },
    artifact: FEED_ARTIFACT,
    upload: PACKAGE_FOLDER,
  };
}

/** The job that packs every package from its repository (ci-artifacts, and feed.yml of s3 and ecr-image). */
export function packJob(plan: StackPlan, feed: FolderFeed): FeedJob {
  const test = testJob(plan);
  const fromApp = profileOf(plan.config.stack).feed.pack?.fromAppCheckout ?? false;
  return {
    pack: {
      image: test.image,
      env: test.env,
      workingDirectory: fromApp ? APP_CHECKOUT : null,
      checkouts: feed.packages.map((p) => ({ repository: p.repository!, path: p.folder })),
      steps: packSteps(plan, feed),
    },
    fetch: null,
    artifact: FEED_ARTIFACT,
    upload: fromApp ? posix.join(APP_CHECKOUT, packageFolder(plan)) : PACKAGE_FOLDER,
  };
}

/**
 * Each package packed in order into the package folder, with the stack's pack command (its
 * profile's): .NET from the app's folder with the app's nuget.config (nuget.org plus the package
 * folder, so a package restores the ones packed before it), Node in each package's checkout.
 * NuGet fails on a local source that does not exist, hence the mkdir.
 */
function packSteps(plan: StackPlan, feed: FolderFeed): RunStep[] {
  const pack = profileOf(plan.config.stack).feed.pack;
  if (pack === null) return [];
  const folder = packageFolder(plan);
  const configFile = plan.feed.configFile;
  return [
    { name: "Package folder", run: `mkdir -p ${folder}`, workingDirectory: null },
    ...feed.packages.map((p) => ({
      name: `Pack ${p.name}`,
      run: pack.command({ target: p.packTarget, checkout: p.folder, configFile, output: folder }),
      workingDirectory: pack.fromAppCheckout ? null : p.folder,
    })),
  ];
}

/** The read-only role ci.yml assumes, pull requests included. */
function feedRole(feed: FolderFeed): RoleView {
  const scope = feed.s3
    ? `it may only read s3://${feed.s3.bucket}/${feed.s3.prefix}/`
    : `it may only pull the package image (${feed.image!.repository})`;
  return { variable: FEED_ROLE_VARIABLE, key: "feed", scope };
}

/** The role that pushes the app's images, from main only; it reads (deploy) or writes (feed.yml) the packages too. */
export function imagesRole(feed: FolderFeed, access: "read" | "write"): RoleView {
  const verb = { read: feed.s3 ? "reads" : "pulls", write: feed.s3 ? "writes" : "pushes" }[access];
  const scope = feed.s3
    ? `it also ${verb} s3://${feed.s3.bucket}/${feed.s3.prefix}/`
    : `it also ${verb} the package image (${feed.image!.repository})`;
  return { variable: "AWS_IMAGES_ROLE_ARN", key: "images", scope };
}

export interface PublishView {
  pack: FeedJob;
  role: RoleView;
  artifact: string;
  folder: string;
  /** s3: the sync command; null for ecr-image. */
  s3Command: string | null;
  /** ecr-image: the package image without its tag (the run's `tag` input); null for s3. */
  image: string | null;
  /** ecr-image: where the app's build pins the tag, for the run's summary. */
  configFile: string;
}

/**
 * feed.yml: packs the packages and publishes them where the builds fetch them (s3, ecr-image).
 * null for the other strategies, and when no package is listed (they are published elsewhere).
 */
export function planPublish(plan: StackPlan): PublishView | null {
  const feed = plan.feed.folder;
  if (!feed || (!feed.s3 && !feed.image) || feed.packages.length === 0) return null;
  return {
    pack: packJob(plan, feed),
    role: imagesRole(feed, "write"),
    artifact: FEED_ARTIFACT,
    folder: PACKAGE_FOLDER,
    s3Command: feed.s3
      ? `aws s3 sync ${PACKAGE_FOLDER}/ s3://${feed.s3.bucket}/${feed.s3.prefix}/ --only-show-errors`
      : null,
    image: feed.image ? `${feed.image.registry}/${feed.image.repository}` : null,
    configFile: "ecs-stack.config.json",
  };
}
