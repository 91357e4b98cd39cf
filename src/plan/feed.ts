// The feed strategy: how the image build reaches private packages. One plan, read by the
// Dockerfile, compose, the workflows, the Terraform and the docs, so the four places a credential
// touches can never disagree (docs/rules.md section 2). The credential only ever travels as the BuildKit
// secret "feed_token": never an ARG, an ENV, a file in a layer or a build argument.
import type { Config } from "../config/normalise.js";
import { posix } from "node:path";
import { profileOf } from "../stacks/index.js";
import { buildContextName, isFolderStrategy, type FolderStrategy } from "../config/feed-strategies.js";
import { partition } from "./task-definition.js";

export const FEED_SECRET_ID = "feed_token";
export const FEED_TOKEN_ENV = "FEED_TOKEN";

export interface TokenFeed {
  strategy: "codeartifact" | "github-packages";
  /** Registry base URL for the stack's package manager, ending in "/" except NuGet's index.json. */
  url: string;
  host: string;
  /** The user name the registry expects beside the token. */
  username: string;
  /** .NET: nuget.config source key; npm: the scope; Rails: the Bundler credential variable. */
  nugetSourceKey: string;
  npmScope: string | null;
  bundlerVariable: string;
  codeartifact: { domain: string; owner: string; repository: string; region: string; create: boolean } | null;
}

/**
 * The CodeArtifact token a CI job mints with its OIDC role (docs/rules.md FEED-CA-01): 900 s, as long as a
 * build or an install needs, not the 12 h default.
 */
export function codeartifactTokenCommand(ca: NonNullable<TokenFeed["codeartifact"]>): string {
  return `aws codeartifact get-authorization-token --domain ${ca.domain} --domain-owner ${ca.owner} --region ${ca.region} --duration-seconds 900 --query authorizationToken --output text`;
}

/** null for "none": public registries only. */
export function planFeed(config: Config): TokenFeed | null {
  const feed = config.feed;
  const registry = profileOf(config.stack).feed;
  if (feed.strategy === "codeartifact") {
    const owner = feed.domainOwner ?? config.aws.accountId!;
    const region = config.aws.region;
    // https://<domain>-<owner>.d.codeartifact.<region>.amazonaws.com/<format>/<repo>/ (docs/rules.md
    // FEED-NUGET-07, FEED-NPM-03, FEED-GEM-02); each client reads its own URL below it.
    const host = `${feed.domain}-${owner}.d.codeartifact.${region}.amazonaws.com`;
    return {
      strategy: "codeartifact",
      url: registry.codeartifact.url(`https://${host}/${registry.codeartifact.format}/${feed.repository}/`),
      host,
      username: "aws",
      nugetSourceKey: "codeartifact",
      npmScope: feed.scope,
      bundlerVariable: bundlerVariable(host),
      codeartifact: {
        domain: feed.domain!,
        owner,
        repository: feed.repository!,
        region,
        create: feed.createRepository,
      },
    };
  }
  if (feed.strategy === "github-packages") {
    const owner = feed.owner ?? config.github.repository!.split("/")[0]!;
    // The config rules refuse github-packages for a stack without a GitHub Packages registry.
    const { host, url } = registry.githubPackages!;
    return {
      strategy: "github-packages",
      url: url(host, owner),
      host,
      // GitHub ignores the user name when the password is a token; the actor's name reads best in logs.
      username: "github",
      nugetSourceKey: "github",
      npmScope: feed.scope ?? `@${owner.toLowerCase()}`,
      bundlerVariable: bundlerVariable(host),
      codeartifact: null,
    };
  }
  return null;
}

/**
 * Bundler reads credentials for a host from BUNDLE_<HOST>, with "." written "__" and "-" written
 * "___" (bundler.io/man/bundle-config.1.html#CREDENTIALS-FOR-GEM-SOURCES, docs/rules.md FEED-GEM-01).
 */
export function bundlerVariable(host: string): string {
  return `BUNDLE_${host.toUpperCase().replace(/-/g, "___").replace(/\./g, "__")}`;
}

/** ARNs the feed role reads (docs/rules.md FEED-CA-02). */
export function codeartifactArns(feed: TokenFeed) {
  const ca = feed.codeartifact!;
  const arn = `arn:${partition(ca.region)}:codeartifact:${ca.region}:${ca.owner}`;
  return { domain: `${arn}:domain/${ca.domain}`, repository: `${arn}:repository/${ca.domain}/${ca.repository}` };
}

/** The strategies that hand the build a folder of packages instead of a registry. */
/**
 * Where the package files land, relative to the app root, in the image and on a laptop alike: the
 * generated nuget.config names it as a local source, Node apps depend on "file:.feed/<name>.tgz".
 */
export const PACKAGE_FOLDER = ".feed";
/** The named build context (s3, ci-artifacts) and the stage (ecr-image) that carry the folder. */
export const FEED_CONTEXT = "feed";
/** The workflow artifact that carries the folder from the feed job to the jobs that build. */
export const FEED_ARTIFACT = "feed-packages";
/** Where CI checks out the app when sibling repositories sit beside it, as on a laptop. */
export const APP_CHECKOUT = "app";

export interface PlannedPackage {
  name: string;
  /** The named build context of a sibling repository (source, .NET and Rails). */
  context: string;
  /** source: the sibling folder ("../Acme.Core") or the Node workspace; null otherwise. */
  path: string | null;
  repository: string | null;
  /** The folder name the package sits in: beside the app locally and in CI, below /src in the image. */
  folder: string;
  /** .NET: what `dotnet pack` builds, relative to the folder that holds the package folders. */
  packTarget: string;
}

export interface FolderFeed {
  strategy: FolderStrategy;
  packages: PlannedPackage[];
  /** Sibling repositories reach the build as named contexts (source, .NET and Rails). */
  siblings: boolean;
  /** The siblings are packed in the image build (.NET), not used where they are (Rails' path gems). */
  packsSiblings: boolean;
  s3: { bucket: string; prefix: string; region: string; create: boolean } | null;
  image: { repository: string; tag: string; registry: string; create: boolean } | null;
}

/** null unless the strategy is one of the folder strategies. */
export function planFolderFeed(config: Config): FolderFeed | null {
  const feed = config.feed;
  if (!isFolderStrategy(feed.strategy)) return null;
  const source = profileOf(config.stack).feed.source;
  const siblings = feed.strategy === "source" && source !== "workspaces";
  const region = config.aws.region;
  return {
    strategy: feed.strategy,
    siblings,
    packsSiblings: siblings && source === "packed-siblings",
    packages: feed.packages.map((p) => {
      const folder = siblings && p.path ? posix.basename(p.path) : packageFolder(p.name);
      return {
        name: p.name,
        context: buildContextName(p.name),
        path: p.path,
        repository: p.repository,
        folder,
        packTarget: p.project ? `${folder}/${p.project}` : folder,
      };
    }),
    s3:
      feed.strategy === "s3"
        ? { bucket: feed.bucket!, prefix: feed.prefix, region, create: feed.createRepository }
        : null,
    image:
      feed.strategy === "ecr-image"
        ? {
            repository: feed.repository!,
            tag: feed.tag!,
            registry: `${config.aws.accountId}.dkr.ecr.${region}.amazonaws.com`,
            create: feed.createRepository,
          }
        : null,
  };
}

/**
 * The package store lives in AWS (a CodeArtifact repository, an S3 prefix or the ECR repository of a
 * package image), so the global root lets the roles CI assumes read it.
 */
export function feedInAws(token: TokenFeed | null, folder: FolderFeed | null): boolean {
  return Boolean(token?.codeartifact || folder?.s3 || folder?.image);
}

/** "@acme/ui" checks out into "acme-ui"; other names are folder names already. */
function packageFolder(name: string): string {
  return name.replace(/^@/, "").replace(/\//g, "-");
}

/** The generated nuget.config or .npmrc of the image build; null when the build needs none. */
export function feedConfigFile(config: Config): string | null {
  const strategy = config.feed.strategy;
  const file = profileOf(config.stack).feed.registryFile;
  if (strategy === "none" || file === null) return null;
  if (isFolderStrategy(strategy) && !file.forFolders) return null;
  return config.feed.configFile ?? file.name;
}

/**
 * Feed "source" in a Node monorepo: the internal packages are workspaces, built in order before
 * anything imports them (the image build, and the CI test job before the tests).
 */
export interface WorkspacePackageBuild {
  path: string;
  command: string;
}

export function workspacePackageBuilds(folder: FolderFeed | null): WorkspacePackageBuild[] {
  if (folder?.strategy !== "source" || folder.siblings) return [];
  return folder.packages.map((p) => ({ path: p.path!, command: `npm run build --workspace ${p.path!} --if-present` }));
}
