// One line per feed strategy and stack, for the feed question (DESIGN.md, "Feed strategy").
import type { Stack } from "../config/schema.js";
import type { FeedStrategy } from "../detect/feed-hints.js";

export const FEED_DESCRIPTIONS: Record<FeedStrategy, Record<Stack, string>> = {
  none: {
    dotnet: "nuget.org only: the build never sees a private source",
    node: "the public npm registry only",
    rails: "rubygems.org only",
  },
  source: {
    dotnet: "build the internal packages from sibling repositories in the image build (named build contexts)",
    node: "workspace packages, built in the monorepo",
    rails: "path or git gems from sibling repositories, passed as named build contexts",
  },
  codeartifact: {
    dotnet: "an AWS CodeArtifact NuGet repository, with a token the CI role fetches (optional upstream to nuget.org)",
    node: "an AWS CodeArtifact npm repository for your scope; public packages still come from npmjs",
    rails: "an AWS CodeArtifact Ruby repository, with a token the CI role fetches",
  },
  "github-packages": {
    dotnet: "GitHub Packages (NuGet), read with the workflow's GITHUB_TOKEN",
    node: "GitHub Packages (npm) for the owner's scope, read with the workflow's GITHUB_TOKEN",
    rails: "GitHub Packages (RubyGems), read with the workflow's GITHUB_TOKEN",
  },
  s3: {
    dotnet: ".nupkg files in an S3 bucket, synced by CI (with a read-only role) into a local folder source",
    node: "npm pack tarballs in an S3 bucket, synced by CI (with a read-only role) into .feed/",
    rails: "not for Rails: Bundler reads a gem server or a path, not a folder of .gem files",
  },
  "ci-artifacts": {
    dotnet: "packages built by a workflow job and handed to the image build as an artifact (a local folder)",
    node: "npm pack tarballs built by a workflow job and handed to the image build as .feed/",
    rails: "not for Rails: Bundler reads a gem server or a path, not a folder of .gem files",
  },
  "ecr-image": {
    dotnet: ".nupkg files shipped in an image in ECR and copied in with COPY --from",
    node: "package tarballs shipped in an image in ECR and copied in with COPY --from",
    rails: "not for Rails: Bundler reads a gem server or a path, not a folder of .gem files",
  },
};
