// A private package source in nuget.config, .npmrc or the Gemfile says how the image build will
// have to reach it: this maps a source to the feed strategy (DESIGN.md, "Feed strategy") that
// serves it, with the settings its address already gives away.
import type { FEED_STRATEGIES } from "../config/schema.js";

export type FeedStrategy = (typeof FEED_STRATEGIES)[number];

export interface FeedHint {
  /** The source as the file names it (key or URL). */
  source: string;
  url: string;
  file: string;
  /** The strategy that reaches this source; null when none of ours does (a self-hosted server, say). */
  strategy: FeedStrategy | null;
  /** Settings the address gives away, keyed by their `feed.*` field. */
  settings: Record<string, string>;
}

const PUBLIC_SOURCES = [
  /^https?:\/\/api\.nuget\.org\//i,
  /^https?:\/\/www\.nuget\.org\//i,
  /^https?:\/\/registry\.npmjs\.org\/?/i,
  /^https?:\/\/registry\.yarnpkg\.com\/?/i,
  /^https?:\/\/rubygems\.org\/?/i,
  /^https?:\/\/gems\.rubygems\.org\/?/i,
];

// https://<domain>-<owner>.d.codeartifact.<region>.amazonaws.com/<format>/<repository>/
const CODEARTIFACT =
  /^https:\/\/([a-z][a-z0-9-]*)-(\d{12})\.d\.codeartifact\.[a-z0-9-]+\.amazonaws\.com\/[a-z]+\/([^/]+)/i;
// https://nuget.pkg.github.com/<owner>/index.json, https://rubygems.pkg.github.com/<owner>, https://npm.pkg.github.com
const GITHUB_PACKAGES = /^https:\/\/(?:nuget|npm|rubygems)\.pkg\.github\.com\/?([A-Za-z0-9-]+)?/i;

export function isPublicSource(url: string): boolean {
  return PUBLIC_SOURCES.some((re) => re.test(url));
}

/** The hint for one private source; null for a public registry. */
export function feedHint(source: string, url: string, file: string): FeedHint | null {
  if (isPublicSource(url)) return null;
  const hint = (strategy: FeedStrategy | null, settings: Record<string, string> = {}): FeedHint => ({
    source,
    url,
    file,
    strategy,
    settings,
  });
  const codeartifact = CODEARTIFACT.exec(url);
  if (codeartifact)
    return hint("codeartifact", {
      domain: codeartifact[1]!,
      domainOwner: codeartifact[2]!,
      repository: codeartifact[3]!,
    });
  const github = GITHUB_PACKAGES.exec(url);
  if (github) return hint("github-packages", github[1] ? { owner: github[1] } : {});
  if (/^https?:\/\/[^/]*(s3[.-][a-z0-9.-]*amazonaws\.com|cloudfront\.net)/i.test(url)) return hint("s3");
  if (!/^[a-z]+:\/\//i.test(url)) {
    // A folder: outside the repository it is a sibling checkout built from source; inside, packages
    // someone built and dropped there, which is what the ci-artifacts strategy does in CI.
    return hint(url.replace(/\\/g, "/").startsWith("../") ? "source" : "ci-artifacts");
  }
  return hint(null);
}

/** The strategy most hints agree on, when every private source suggests the same one. */
export function suggestedStrategy(hints: FeedHint[]): FeedStrategy | null {
  const strategies = new Set(hints.map((h) => h.strategy));
  return strategies.size === 1 ? [...strategies][0]! : null;
}
