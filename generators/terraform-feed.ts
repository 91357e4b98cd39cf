// The global root's part of the feed strategy (docs/rules.md section 2): the package store the image
// builds read (a CodeArtifact repository, an S3 prefix or the ECR repository of a package image),
// whether this stack creates it, and what the publish workflow may write. The roles themselves are
// fixed text in the github-oidc module; these views pass it partition-aware ARNs.
import { codeartifactArns } from "../src/plan/feed.js";
import { alignAttributes, hclValue } from "../src/plan/hcl.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import { partition } from "../src/plan/task-definition.js";

/** What infra/global/main.tf shows of the feed; every key is null for the other strategies. */
export function feedView(plan: StackPlan) {
  return { ...codeartifactView(plan), ...packageBucketView(plan), ...packageImageView(plan) };
}

/** The CodeArtifact repository image builds read (feed strategy codeartifact), and whether this stack creates it. */
function codeartifactView(plan: StackPlan) {
  const feed = plan.feed.token;
  if (!feed?.codeartifact) return { codeartifact: null, createCodeartifact: null };
  const arns = codeartifactArns(feed);
  return {
    codeartifact: { domainArn: hclValue(arns.domain), repositoryArn: hclValue(arns.repository) },
    createCodeartifact: feed.codeartifact.create
      ? { domain: hclValue(feed.codeartifact.domain), repository: hclValue(feed.codeartifact.repository) }
      : null,
  };
}

/**
 * The bucket and prefix image builds sync packages from (feed strategy s3). `publish`: feed.packages
 * lists the packages, so the publish workflow uploads them on main.
 */
function packageBucketView(plan: StackPlan) {
  const feed = plan.feed.folder;
  if (!feed?.s3) return { packageBucket: null, createPackageBucket: null };
  const { bucket, prefix, region } = feed.s3;
  return {
    packageBucket: alignAttributes([
      ["arn", hclValue(`arn:${partition(region)}:s3:::${bucket}`)],
      ["prefix", hclValue(prefix)],
      ["publish", hclValue(feed.packages.length > 0)],
    ]),
    createPackageBucket: feed.s3.create ? { bucket: hclValue(bucket) } : null,
  };
}

/**
 * The ECR repository of the package image the app images build FROM (feed strategy ecr-image), in
 * this account and region like the app repositories. `publish`: the publish workflow pushes new tags.
 */
function packageImageView(plan: StackPlan) {
  const feed = plan.feed.folder;
  if (!feed?.image) return { packageImage: null, packageRepositories: null };
  const { region, accountId } = plan.config.aws;
  const arn = `arn:${partition(region)}:ecr:${region}:${accountId}:repository/${feed.image.repository}`;
  return {
    packageImage: alignAttributes([
      ["repository_arn", hclValue(arn)],
      ["publish", hclValue(feed.packages.length > 0)],
    ]),
    packageRepositories: feed.image.create ? hclValue([feed.image.repository]) : null,
  };
}
