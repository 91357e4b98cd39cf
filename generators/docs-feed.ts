// The feed strategy section of docs/DEPLOY.md: where the image build gets its packages, how to
// build locally and how the credential is rotated. The template prints it between the
// `<!-- feed -->` markers.
import type { Config } from "../src/config/normalise.js";
import { composeFiles, workflowPath } from "../src/plan/output-names.js";
import { FEED_ARTIFACT, PACKAGE_FOLDER, type FolderFeed, type TokenFeed } from "../src/plan/feed.js";
import type { StackPlan } from "../src/plan/stack-plan.js";
import { profileOf } from "../src/stacks/index.js";
import { PYTHON_INDEX_NAME } from "../src/stacks/python.js";

export interface FeedSection {
  /** feed.strategy as in ecs-stack.config.json. */
  strategy: string;
  /** Paragraphs of Markdown, printed in order. */
  paragraphs: string[];
}

export function feedSection(plan: StackPlan): FeedSection {
  const { config } = plan;
  const strategy = config.feed.strategy;
  const { token, folder, configFile } = plan.feed;
  if (token) return { strategy, paragraphs: tokenParagraphs(config, token, configFile) };
  if (folder) return { strategy, paragraphs: folderParagraphs(config, folder, configFile) };
  return {
    strategy,
    paragraphs: [
      `The image build restores packages from ${profileOf(config.stack).feed.publicRegistry} only: public registries, so the build needs no credentials and there is nothing to set up.`,
      "For private packages set `feed.strategy` in `ecs-stack.config.json` and run `npx create-ecs-stack generate`: the Dockerfiles, docker-compose, the workflows and the Terraform are wired together, and this section says what to set up.",
    ],
  };
}

function tokenParagraphs(config: Config, feed: TokenFeed, configFile: string | null): string[] {
  const stackFeed = profileOf(config.stack).feed;
  const where = {
    "bundler-variable": `Bundler reads it from \`${feed.bundlerVariable}\`, set for the \`bundle install\` command only`,
    "index-variables": "the installer reads it from its index variables, set for the install command only",
    "feed-token": `\`${configFile}\` holds only the placeholder`,
  }[stackFeed.credential];
  const sources =
    stackFeed.credential === "index-variables"
      ? `Packages come from ${feed.url} (pip uses it as its only index; Poetry and uv as the source pyproject.toml names "${PYTHON_INDEX_NAME}"), and public ones through the repository's external connection to ${stackFeed.publicRegistry} (public:pypi).`
      : `Private packages come from ${feed.url}, public ones still from ${stackFeed.publicRegistry}.`;
  const works = `**How it works.** ${sources} The token is the BuildKit secret \`feed_token\`, mounted into the install step only (${where}); no image layer, build argument or \`docker history\` ever holds it.`;
  if (feed.codeartifact) {
    const ca = feed.codeartifact;
    const command = `aws codeartifact get-authorization-token --domain ${ca.domain} --domain-owner ${ca.owner} --region ${ca.region} --query authorizationToken --output text`;
    return [
      works,
      `**Build locally.** With AWS credentials that may read the repository: \`export FEED_TOKEN="$(${command})"\`, then \`${composeFiles(config).command} build\` (compose passes \`FEED_TOKEN\` as the build secret).`,
      "**The credential.** CI asks for a 15-minute token on every build, through the read-only `feed` role (pull requests; `vars.AWS_FEED_ROLE_ARN`) or the images role (main), and the test job asks the `feed` role for its own before the restore. There is no long-lived secret to rotate; a local token expires after at most 12 hours, so fetch a new one when the build says 401. Pull requests from forks get no OIDC token: their test job stops with a message, and their image builds cannot read the packages either; push the branch to this repository to test it.",
    ];
  }
  return [
    works,
    `**Build locally.** Create a classic personal access token with only \`read:packages\` (GitHub Packages does not accept fine-grained tokens), \`export FEED_TOKEN=<token>\`, then \`${composeFiles(config).command} build\`.`,
    "**The credential.** CI uses the job's own `GITHUB_TOKEN` with `packages: read`, which lives for the job only; give this repository read access in each package's settings. Rotate a personal token by deleting it on GitHub and creating a new one.",
  ];
}

function folderParagraphs(config: Config, folder: FolderFeed, configFile: string | null): string[] {
  const consume = profileOf(config.stack).feed.folderConsumption(configFile, PACKAGE_FOLDER);
  const list = folder.packages.map((p) => `\`${p.name}\``).join(", ");
  switch (folder.strategy) {
    case "source":
      return folder.siblings
        ? [
            `**How it works.** The internal packages are built from their own repositories inside the image build, in the order below. Each repository is a named build context: locally the folder beside this one, in CI a checkout of the repository. ${folder.packsSiblings ? `A \`packages\` stage packs them in order into \`${PACKAGE_FOLDER}\`, and the app restores from that folder and nuget.org (${consume}).` : "Bundler finds each one where the Gemfile's `path:` points, in the image as on a laptop."} No credential is involved.`,
            [
              "| Package | Folder (build context) | Repository |",
              "| --- | --- | --- |",
              ...folder.packages.map(
                (p) => `| \`${p.name}\` | \`${p.path}\` (\`${p.context}\`) | \`${p.repository}\` |`,
              ),
            ].join("\n"),
            `**Build locally.** Clone the repositories beside this one, then \`${composeFiles(config).command} build\` (compose passes them as \`additional_contexts\`).`,
            "**The credential.** None in the build. CI checks the repositories out with `secrets.FEED_REPOS_TOKEN` when it is set (a fine-grained token or GitHub App token with read access to their contents; needed when they are private), otherwise with the job's own token. Rotate it by replacing the repository secret.",
          ]
        : [
            `**How it works.** The internal packages are npm workspaces of this repository (${folder.packages.map((p) => `\`${p.path}\``).join(", ")}). The image build runs their \`build\` scripts in that order before the service's own, and the runtime image carries them built, where \`node_modules\` links to them. No credential is involved.`,
            `**Build locally.** \`${composeFiles(config).command} build\`.`,
            "**The credential.** None.",
          ];
    case "s3": {
      const s3 = folder.s3!;
      const sync = `aws s3 sync s3://${s3.bucket}/${s3.prefix}/ ${PACKAGE_FOLDER}/`;
      return [
        `**How it works.** The package files live under \`s3://${s3.bucket}/${s3.prefix}/\` in a private bucket${s3.create ? " that `infra/global` creates" : ""}. CI syncs them into \`${PACKAGE_FOLDER}/\` and hands the folder to the image build as the named build context \`feed\`; ${consume}.${folder.packages.length > 0 ? " The `Feed` workflow (`" + workflowPath(config, "feed") + "`, run it from main) packs " + list + " and uploads them." : " Whatever publishes the packages copies them there (`aws s3 cp`)."}`,
        `**Build locally.** With AWS credentials that may read the prefix: \`${sync}\`, then \`${composeFiles(config).command} build\` (compose passes \`${PACKAGE_FOLDER}\` as the \`feed\` context).`,
        "**The credential.** CI reads the bucket through the read-only `feed` role (pull requests; `vars.AWS_FEED_ROLE_ARN`) or the images role (main), with OpenID Connect: there are no keys to rotate. Only those roles may read the prefix; the bucket is never public.",
      ];
    }
    case "ci-artifacts":
      return [
        `**How it works.** A \`feed\` job in each workflow checks out ${folder.packages.map((p) => `\`${p.repository}\``).join(", ")}, packs them in that order and uploads the folder as the artifact \`${FEED_ARTIFACT}\`. The jobs that test and build download it into \`${PACKAGE_FOLDER}/\`, and the image build reads it as the named build context \`feed\`; ${consume}.`,
        `**Build locally.** Fill \`${PACKAGE_FOLDER}/\` with the packages: download the artifact of a recent run (\`gh run download --name ${FEED_ARTIFACT} --dir ${PACKAGE_FOLDER}\`) or pack the repositories yourself. Then \`${composeFiles(config).command} build\`.`,
        "**The credential.** None in the build. CI checks the repositories out with `secrets.FEED_REPOS_TOKEN` when it is set (read access to their contents; needed when they are private), otherwise with the job's own token. Rotate it by replacing the repository secret.",
      ];
    case "ecr-image": {
      const image = folder.image!;
      const ref = `${image.registry}/${image.repository}:${image.tag}`;
      return [
        `**How it works.** The package files sit in \`/packages\` of the image \`${ref}\`${image.create ? ", in a repository that `infra/global` creates with immutable tags" : ""}. The Dockerfile names it as a stage (\`FROM … AS feed\`) and copies \`/packages\` into \`${PACKAGE_FOLDER}/\`; ${consume}.${folder.packages.length > 0 ? ` The \`Feed\` workflow (\`${workflowPath(config, "feed")}\`, run it from main with a new tag) packs ${list} into a new package image; then set \`feed.tag\` and run \`npx create-ecs-stack generate\`.` : ""}`,
        `**Build locally.** Log in to the registry (\`aws ecr get-login-password --region ${config.aws.region} | docker login --username AWS --password-stdin ${image.registry}\`), then \`${composeFiles(config).command} build\`.`,
        "**The credential.** ECR logins last 12 hours and come from OpenID Connect roles in CI (the read-only `feed` role on pull requests, the images role on main): there are no keys to rotate. Tags are immutable, so a package image never changes under a pinned build.",
      ];
    }
  }
}
