// The feed strategy: how the image build reaches private packages. One plan, read by the
// Dockerfile, compose, the workflows, the Terraform and the docs, so the four places a credential
// touches can never disagree (RULES.md section 2). The credential only ever travels as the BuildKit
// secret "feed_token": never an ARG, an ENV, a file in a layer or a build argument.
import type { Config } from "../config/normalise.js";
import { partition } from "./task-definition.js";

/** Strategies this release wires end to end; the others are refused by a config rule. */
export const AVAILABLE_FEED_STRATEGIES = ["none", "codeartifact", "github-packages"] as const;

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

const CODEARTIFACT_FORMAT = { dotnet: "nuget", node: "npm", rails: "ruby" } as const;

/** null for "none": public registries only. */
export function planFeed(config: Config): TokenFeed | null {
  const feed = config.feed;
  if (feed.strategy === "codeartifact") {
    const owner = feed.domainOwner ?? config.aws.accountId!;
    const region = config.aws.region;
    // https://<domain>-<owner>.d.codeartifact.<region>.amazonaws.com/<format>/<repo>/ (RULES.md
    // FEED-NUGET-07, FEED-NPM-03, FEED-GEM-02); NuGet reads the v3 index below it.
    const host = `${feed.domain}-${owner}.d.codeartifact.${region}.amazonaws.com`;
    const base = `https://${host}/${CODEARTIFACT_FORMAT[config.stack]}/${feed.repository}/`;
    return {
      strategy: "codeartifact",
      url: config.stack === "dotnet" ? `${base}v3/index.json` : base,
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
    // nuget.pkg.github.com/OWNER/index.json, npm.pkg.github.com (scoped to the owner),
    // rubygems.pkg.github.com/OWNER (RULES.md FEED-NUGET-08, FEED-NPM-04, FEED-GEM-03).
    const host = { dotnet: "nuget.pkg.github.com", node: "npm.pkg.github.com", rails: "rubygems.pkg.github.com" }[
      config.stack
    ];
    const url = {
      dotnet: `https://${host}/${owner}/index.json`,
      node: `https://${host}/`,
      rails: `https://${host}/${owner}`,
    }[config.stack];
    return {
      strategy: "github-packages",
      url,
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
 * "___" (bundler.io/man/bundle-config.1.html#CREDENTIALS-FOR-GEM-SOURCES, RULES.md FEED-GEM-01).
 */
export function bundlerVariable(host: string): string {
  return `BUNDLE_${host.toUpperCase().replace(/-/g, "___").replace(/\./g, "__")}`;
}

/** ARNs the feed role reads (RULES.md FEED-CA-02). */
export function codeartifactArns(feed: TokenFeed) {
  const ca = feed.codeartifact!;
  const arn = `arn:${partition(ca.region)}:codeartifact:${ca.region}:${ca.owner}`;
  return { domain: `${arn}:domain/${ca.domain}`, repository: `${arn}:repository/${ca.domain}/${ca.repository}` };
}
