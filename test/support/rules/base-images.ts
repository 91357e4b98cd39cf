/**
 * Base-image allow-lists as of 2026-11-22 (docs/rules.md §0 and DF-NET-01 /
 * DF-NODE-01 / DF-RAILS-01): the supported tags of mcr.microsoft.com/dotnet
 * (https://github.com/dotnet/dotnet-docker/blob/main/README.aspnet.md),
 * https://hub.docker.com/_/node and https://hub.docker.com/_/ruby. Re-verify
 * them with the catalogue's section 0.
 */

export const RULES_AS_OF = "2026-11-22";

/** The .NET SDK images of the supported majors (DF-NET-01) */
export const DOTNET_SDK_RE = /^mcr\.microsoft\.com\/dotnet\/sdk:(8|9|10)\.0(-[a-z0-9.-]+)?$/;

/** The ASP.NET Core runtime images and their variants (DF-NET-01) */
export const DOTNET_ASPNET_RE =
  /^mcr\.microsoft\.com\/dotnet\/aspnet:(8|9|10)\.0(-(noble|noble-chiseled|noble-chiseled-extra|noble-chiseled-composite|noble-chiseled-composite-extra|alpine|alpine3\.\d+|azurelinux3\.0|azurelinux3\.0-distroless|bookworm-slim|jammy|jammy-chiseled|jammy-chiseled-extra))?$/;

/** Node images of the LTS majors 22, 24, 26 (DF-NODE-01) */
export const NODE_RE = /^node:(22|24|26)(\.\d+){0,2}-(slim|bookworm-slim|trixie-slim|alpine(3\.\d+)?)$/;

/** Ruby slim images of the supported lines (DF-RAILS-01) */
export const RUBY_RE =
  /^(docker\.io\/library\/)?ruby:(\$RUBY_VERSION|3\.[34](\.\d+)?|4\.0(\.\d+)?)-slim(-(bookworm|trixie))?$/;

/** docs/rules.md §0 / DF-NODE-01: supported Node LTS majors as of 2026-11. */
export const NODE_LTS_MAJORS = [22, 24, 26];

/** Oldest supported majors (docs/rules.md §0): anything older is EOL (AP-26). */
export const MIN_DOTNET_MAJOR = 8;
export const MIN_RUBY = [3, 3] as const;

/** Removes a `@sha256:` digest and the implicit Docker Hub prefix so tags can be matched. */
export function normalizeImage(image: string): string {
  return image.replace(/@sha256:[a-f0-9]+$/i, "").replace(/^(docker\.io\/)?library\/(?=(node|postgres|redis):)/, "");
}

/** chiseled / distroless images have no shell and default to a non-root user. */
export function isShellless(image: string): boolean {
  return /chiseled|distroless/.test(image);
}

/** Major version in an image tag (`node:24.11-slim` -> 24), undefined for `latest`/untagged. */
export function tagMajor(image: string): number | undefined {
  const m = /:(\d+)/.exec(normalizeImage(image));
  return m ? Number(m[1]) : undefined;
}
