/**
 * Unit tests for the independent validators and rule checks in
 * test/support/: every check is shown to PASS on a known-good sample and to
 * FAIL (with its rule id) on known-bad samples drawn from docs/rules.md §8.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkComposeRules } from "./support/rules/compose-rules.js";
import { checkDockerfileRules } from "./support/rules/dockerfile-rules.js";
import { checkDockerignore } from "./support/rules/dockerignore-rules.js";
import { compileIgnore } from "./support/rules/dockerignore-match.js";
import { composeConfig } from "./support/validators/compose-config.js";
import { lintDockerfile } from "./support/validators/dockerfile-lint.js";

// ---------------------------------------------------------------- samples

const DOTNET_GOOD = `# syntax=docker/dockerfile:1
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TARGETARCH
WORKDIR /source

# Restore as its own layer: only project files and NuGet config.
COPY *.sln nuget.config Directory.Build.props ./
COPY src/Api/Api.csproj src/Api/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \\
    dotnet restore src/Api/Api.csproj -a "$TARGETARCH"

COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \\
    dotnet publish src/Api/Api.csproj --no-restore -c Release -a "$TARGETARCH" -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Api.dll"]
`;

const NODE_GOOD = `# syntax=docker/dockerfile:1
FROM node:24-slim AS base
WORKDIR /app

FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

FROM deps AS build
COPY . .
RUN npm run build

FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM base AS runtime
ENV NODE_ENV=production
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/main.js"]
`;

const NEXT_GOOD = `# syntax=docker/dockerfile:1
FROM node:24-alpine AS base
WORKDIR /app

FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

FROM base AS builder
COPY --from=deps /app/node_modules ./node_modules
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

FROM base AS runner
ENV NODE_ENV=production \\
    NEXT_TELEMETRY_DISABLED=1 \\
    HOSTNAME=0.0.0.0 \\
    PORT=3000
RUN addgroup --system --gid 1001 nodejs && adduser --system --uid 1001 nextjs
COPY --from=builder --chown=nextjs:nodejs /app/public ./public
COPY --from=builder --chown=nextjs:nodejs /app/.next/standalone ./
COPY --from=builder --chown=nextjs:nodejs /app/.next/static ./.next/static
USER nextjs
EXPOSE 3000
CMD ["node", "server.js"]
`;

/** Rails 8 template with Thruster moved to 8080 (DF-RAILS-08) and the jemalloc path quoted (SC2046). */
const RAILS_GOOD = `# syntax=docker/dockerfile:1
# check=error=true

ARG RUBY_VERSION=3.4.7
FROM docker.io/library/ruby:$RUBY_VERSION-slim AS base

WORKDIR /rails

RUN apt-get update -qq && \\
    apt-get install --no-install-recommends -y curl libjemalloc2 libvips postgresql-client && \\
    ln -s "/usr/lib/$(uname -m)-linux-gnu/libjemalloc.so.2" /usr/local/lib/libjemalloc.so && \\
    rm -rf /var/lib/apt/lists /var/cache/apt/archives

ENV RAILS_ENV="production" \\
    BUNDLE_DEPLOYMENT="1" \\
    BUNDLE_PATH="/usr/local/bundle" \\
    BUNDLE_WITHOUT="development" \\
    LD_PRELOAD="/usr/local/lib/libjemalloc.so"

FROM base AS build

RUN apt-get update -qq && \\
    apt-get install --no-install-recommends -y build-essential git libpq-dev libyaml-dev pkg-config && \\
    rm -rf /var/lib/apt/lists /var/cache/apt/archives

COPY vendor/* ./vendor/
COPY Gemfile Gemfile.lock ./

RUN bundle install && \\
    rm -rf ~/.bundle/ "\${BUNDLE_PATH}"/ruby/*/cache "\${BUNDLE_PATH}"/ruby/*/bundler/gems/*/.git && \\
    bundle exec bootsnap precompile -j 1 --gemfile

COPY . .

RUN bundle exec bootsnap precompile -j 1 app/ lib/

RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile

FROM base

RUN groupadd --system --gid 1000 rails && \\
    useradd rails --uid 1000 --gid 1000 --create-home --shell /bin/bash
USER 1000:1000

COPY --chown=rails:rails --from=build "\${BUNDLE_PATH}" "\${BUNDLE_PATH}"
COPY --chown=rails:rails --from=build /rails /rails

ENTRYPOINT ["/rails/bin/docker-entrypoint"]

ENV HTTP_PORT=8080
EXPOSE 8080
CMD ["./bin/thrust", "./bin/rails", "server"]
`;

/** Replaces `from` (which must occur) with `to`, so a typo cannot turn a FAIL test into a no-op. */
function edit(text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`sample edit did not apply: ${String(from)}`);
  return next;
}

/** Asserts a problem with this rule id is reported (the message shows all problems on failure). */
function expectRule(problems: string[], id: string): void {
  expect(problems.join("\n")).toMatch(new RegExp(`^${id}:`, "m"));
}

function expectNoRule(problems: string[], id: string): void {
  expect(problems.join("\n")).not.toMatch(new RegExp(`^${id}:`, "m"));
}

// ---------------------------------------------------------------- dockerfile lint

describe("lintDockerfile", () => {
  it.each([
    ["dotnet", DOTNET_GOOD],
    ["node", NODE_GOOD],
    ["next", NEXT_GOOD],
    ["rails", RAILS_GOOD],
  ])("passes the good %s Dockerfile", async (_name, text) => {
    expect(await lintDockerfile(text)).toEqual([]);
  });

  it("accepts BuildKit syntax: # syntax, RUN --mount/--network, heredocs, COPY --link/--chmod", async () => {
    const text = `# syntax=docker/dockerfile:1
FROM node:24-slim AS build
RUN --network=none --mount=type=secret,id=npm_token,env=NPM_TOKEN \\
    --mount=type=cache,target=/root/.npm \\
    npm ci
COPY --link --chmod=0755 <<EOF /usr/local/bin/start.sh
#!/bin/sh
exec node server.js
EOF
RUN <<EOF
set -eu
echo "built"
EOF
`;
    expect(await lintDockerfile(text)).toEqual([]);
  });

  it("reports dockerfile-utils diagnostics with line numbers", async () => {
    const problems = await lintDockerfile("FROM node:24-slim AS a\nexpose abc\nFROM node:24-slim AS a\n");
    expectRule(problems, "DU-INVALID_PORT");
    expectRule(problems, "DU-CASING_INSTRUCTION");
    expectRule(problems, "DU-DUPLICATE_BUILD_STAGE_NAME");
    expect(problems).toContain("DU-INVALID_PORT: line 2: error: Invalid containerPort: abc");
  });

  it("runs shellcheck on RUN and maps findings to the Dockerfile line", async () => {
    const text = `FROM node:24-slim AS build
RUN --mount=type=cache,target=/root/.npm \\
    npm ci && \\
    [ $x = 1 ] && echo one
RUN cd src; npm run build
`;
    const problems = await lintDockerfile(text);
    expect(problems).toContain("SC2086: line 4: info: Double quote to prevent globbing and word splitting.");
    expect(problems.join("\n")).toMatch(/^SC2164: line 5: warning: Use 'cd \.\.\. \|\| exit'/m);
  });

  it("does not report SC2154 for ARG/ENV variables, skips exec form, honours SHELL bash", async () => {
    const text = `FROM node:24-slim AS build
ARG app_dir=/app
RUN echo "$app_dir"
RUN ["sh", "-c", "[ $x = 1 ]"]
RUN [[ -f /etc/os-release ]] && echo posix
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN [[ -f /etc/os-release ]] && echo bash
`;
    expect(await lintDockerfile(text)).toEqual(["SC3010: line 5: warning: In POSIX sh, [[ ]] is undefined."]);
  });

  it("lints heredoc RUN bodies with body line numbers", async () => {
    const problems = await lintDockerfile("FROM node:24-slim\nRUN <<EOF\necho start\ncd /tmp\ntouch x\nEOF\n");
    expect(problems.join("\n")).toMatch(/^SC2164: line 4:/m);
  });
});

// ---------------------------------------------------------------- dockerfile rules

describe("checkDockerfileRules: known-good samples", () => {
  it.each([
    ["dotnet", DOTNET_GOOD, { stack: "dotnet" as const, targetFramework: "net10.0" }],
    ["node", NODE_GOOD, { stack: "node" as const, port: 3000, framework: "express" }],
    ["next", NEXT_GOOD, { stack: "node" as const, framework: "next" }],
    ["rails", RAILS_GOOD, { stack: "rails" as const, port: 8080 }],
  ])("%s yields no problems", (_name, text, opts) => {
    expect(checkDockerfileRules(text, opts)).toEqual([]);
  });

  it("accepts a chiseled .NET runtime without USER and a tini-wrapped node CMD", () => {
    const chiseled = edit(edit(DOTNET_GOOD, "aspnet:10.0-noble", "aspnet:10.0-noble-chiseled"), "USER $APP_UID\n", "");
    expect(checkDockerfileRules(chiseled, { stack: "dotnet" })).toEqual([]);
    const tini = edit(NODE_GOOD, 'CMD ["node"', 'ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["node"');
    expect(checkDockerfileRules(tini, { stack: "node" })).toEqual([]);
  });
});

describe("checkDockerfileRules: general rules and anti-patterns", () => {
  const dotnet = (text: string) => checkDockerfileRules(text, { stack: "dotnet" });
  const node = (text: string) => checkDockerfileRules(text, { stack: "node" });

  it("DF-GEN-01: single stage, SDK runtime, build in the runtime stage", () => {
    expectRule(
      node(
        'FROM node:24-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nUSER node\nCMD ["node", "x.js"]\n',
      ),
      "DF-GEN-01",
    );
    expectRule(dotnet(edit(DOTNET_GOOD, "aspnet:10.0-noble AS runtime", "sdk:10.0-noble AS runtime")), "DF-GEN-01");
    expectRule(node(edit(NODE_GOOD, "USER node", "RUN npm run build\nUSER node")), "DF-GEN-01");
  });

  it("DF-GEN-02: RUN --mount without the syntax directive on line 1", () => {
    expectRule(node(edit(NODE_GOOD, "# syntax=docker/dockerfile:1\n", "")), "DF-GEN-02");
  });

  it("DF-GEN-03 / AP-24: COPY . . before npm ci, dotnet restore, bundle install", () => {
    const nodeBad = node(
      edit(NODE_GOOD, "FROM base AS deps\nCOPY package.json package-lock.json ./", "FROM base AS deps\nCOPY . ."),
    );
    expectRule(nodeBad, "DF-GEN-03");
    expectRule(nodeBad, "AP-24");
    const dotnetBad = dotnet(edit(DOTNET_GOOD, "COPY src/Api/Api.csproj src/Api/", "COPY . ."));
    expectRule(dotnetBad, "DF-GEN-03");
    expectRule(dotnetBad, "DF-NET-03");
    const railsBad = checkDockerfileRules(edit(RAILS_GOOD, "COPY Gemfile Gemfile.lock ./", "COPY . ."), {
      stack: "rails",
    });
    expectRule(railsBad, "DF-GEN-03");
    expectRule(railsBad, "DF-RAILS-03");
  });

  it("DF-GEN-05 / AP-01: secrets in ARG/ENV or read without a secret mount", () => {
    const arg = dotnet(edit(DOTNET_GOOD, "ARG TARGETARCH", "ARG TARGETARCH\nARG NUGET_TOKEN"));
    expect(arg).toContain(
      "DF-GEN-05: line 4: ARG NUGET_TOKEN carries a secret; ARG/ENV persist in the image: use RUN --mount=type=secret,id=…,env=NUGET_TOKEN",
    );
    expectRule(arg, "AP-01");
    expectRule(node(edit(NODE_GOOD, "WORKDIR /app", "WORKDIR /app\nENV NPM_TOKEN=abc")), "AP-01");
    expectRule(
      checkDockerfileRules(
        edit(RAILS_GOOD, "ENV RAILS_ENV", "ENV BUNDLE_RUBYGEMS__PKG__GITHUB__COM=x:y\nENV RAILS_ENV"),
        { stack: "rails" },
      ),
      "AP-01",
    );
    expectRule(node(edit(NODE_GOOD, "npm ci --omit=dev", 'NPM_TOKEN="$NPM_TOKEN" npm ci --omit=dev')), "DF-GEN-05");
    expectRule(checkDockerfileRules(NODE_GOOD, { stack: "node", privateFeed: true }), "DF-GEN-05");
  });

  it("DF-GEN-05 ignores public and *_FILE names (BuildKit's allow-list)", () => {
    const text = edit(
      NEXT_GOOD,
      "ENV NEXT_TELEMETRY_DISABLED=1\n",
      "ENV NEXT_TELEMETRY_DISABLED=1\nARG NEXT_PUBLIC_API_KEY=pk_live\nARG NPM_TOKEN_FILE=/run/secrets/npm\n",
    );
    expect(checkDockerfileRules(text, { stack: "node", framework: "next" })).toEqual([]);
  });

  it("DF-GEN-05 passes with a secret mount for a private feed", () => {
    const text = edit(NODE_GOOD, /npm ci\n/g, "--mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n").replace(
      "npm ci --omit=dev",
      "--mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --omit=dev",
    );
    expect(checkDockerfileRules(text, { stack: "node", privateFeed: true })).toEqual([]);
  });

  it("AP-02 / AP-03: tokens written into .npmrc or nuget sources", () => {
    expectRule(
      node(
        edit(
          NODE_GOOD,
          "RUN --mount=type=cache,target=/root/.npm npm ci\n",
          'RUN echo "//npm.pkg.github.com/:_authToken=$NODE_AUTH_TOKEN" > .npmrc && npm ci\n',
        ),
      ),
      "AP-02",
    );
    const nuget =
      'RUN dotnet nuget add source https://nuget.pkg.github.com/acme/index.json -n gh -u ci -p "$GH_PAT" --store-password-in-clear-text\n';
    expectRule(dotnet(edit(DOTNET_GOOD, "COPY . .\n", `${nuget}COPY . .\n`)), "AP-03");
  });

  it("DF-GEN-07 / AP-22: no USER, USER root, port below 1024", () => {
    const noUser = node(edit(NODE_GOOD, "USER node\n", ""));
    expectRule(noUser, "DF-GEN-07");
    expectRule(noUser, "AP-22");
    expectRule(node(edit(NODE_GOOD, "USER node", "USER root")), "DF-GEN-07");
    expectRule(node(edit(NODE_GOOD, "EXPOSE 3000", "EXPOSE 80")), "AP-22");
    expectRule(checkDockerfileRules(NODE_GOOD, { stack: "node", port: 8080 }), "DF-GEN-07");
  });

  it("DF-GEN-08: shell-form CMD", () => {
    expectRule(node(edit(NODE_GOOD, 'CMD ["node", "dist/main.js"]', "CMD node dist/main.js")), "DF-GEN-08");
  });

  it("DF-GEN-09: HEALTHCHECK with a tool the image lacks / shell form on chiseled", () => {
    const curl = "HEALTHCHECK CMD curl -f http://localhost:8080/healthz || exit 1\n";
    expectRule(dotnet(edit(DOTNET_GOOD, "EXPOSE 8080\n", `EXPOSE 8080\n${curl}`)), "DF-GEN-09");
    const chiseled = edit(DOTNET_GOOD, "aspnet:10.0-noble", "aspnet:10.0-noble-chiseled");
    expectRule(
      dotnet(edit(chiseled, "EXPOSE 8080\n", 'EXPOSE 8080\nHEALTHCHECK CMD ["sh", "-c", "true"]\n')),
      "DF-GEN-09",
    );
    // The Rails base stage installs curl, so a curl health check is fine there.
    const railsCurl = edit(
      RAILS_GOOD,
      "EXPOSE 8080\n",
      "EXPOSE 8080\nHEALTHCHECK CMD curl -fsS http://localhost:8080/up || exit 1\n",
    );
    expectNoRule(checkDockerfileRules(railsCurl, { stack: "rails" }), "DF-GEN-09");
  });
});

describe("checkDockerfileRules: .NET", () => {
  const dotnet = (text: string, targetFramework?: string) =>
    checkDockerfileRules(text, { stack: "dotnet", targetFramework });

  it("DF-NET-01: majors, repositories and variants", () => {
    expectRule(dotnet(edit(DOTNET_GOOD, "aspnet:10.0-noble", "aspnet:9.0-noble")), "DF-NET-01");
    expectRule(dotnet(edit(DOTNET_GOOD, "aspnet:10.0-noble", "runtime:10.0-noble")), "DF-NET-01");
    expectRule(dotnet(edit(DOTNET_GOOD, "aspnet:10.0-noble", "aspnet:10.0-bookworm-slim")), "DF-NET-01");
    expectRule(dotnet(DOTNET_GOOD, "net9.0"), "DF-NET-01");
    const core = dotnet(
      edit(DOTNET_GOOD, "mcr.microsoft.com/dotnet/aspnet:10.0-noble", "mcr.microsoft.com/dotnet/core/aspnet:3.1"),
    );
    expectRule(core, "DF-NET-01");
    expectRule(core, "AP-26");
  });

  it("DF-NET-03: publish without --no-restore", () => {
    expectRule(dotnet(edit(DOTNET_GOOD, " --no-restore", "")), "DF-NET-03");
  });

  it("DF-NET-04: non-chiseled runtime without USER $APP_UID", () => {
    expectRule(dotnet(edit(DOTNET_GOOD, "USER $APP_UID", "USER 1000")), "DF-NET-04");
  });

  it("DF-NET-05 / AP-21: EXPOSE 80 with ASPNETCORE_URLS=http://+:80", () => {
    const bad = dotnet(edit(DOTNET_GOOD, "EXPOSE 8080", "ENV ASPNETCORE_URLS=http://+:80\nEXPOSE 80"));
    expectRule(bad, "DF-NET-05");
    expectRule(bad, "AP-21");
    expectRule(bad, "AP-22");
  });
});

describe("checkDockerfileRules: Node", () => {
  const node = (text: string, framework?: string) => checkDockerfileRules(text, { stack: "node", framework });

  it("DF-NODE-01 / AP-26: node:18 and non-slim/odd majors", () => {
    const eol = node(edit(NODE_GOOD, "node:24-slim", "node:18-slim"));
    expectRule(eol, "DF-NODE-01");
    expectRule(eol, "AP-26");
    expectRule(node(edit(NODE_GOOD, "node:24-slim", "node:24")), "DF-NODE-01");
    expectRule(node(edit(NODE_GOOD, "node:24-slim", "node:25-slim")), "AP-26");
  });

  it("DF-NODE-02 / AP-25: npm install, --only=production, dev node_modules in runtime", () => {
    expectRule(node(edit(NODE_GOOD, "npm ci --omit=dev", "npm install --omit=dev")), "DF-NODE-02");
    expectRule(node(edit(NODE_GOOD, "npm ci --omit=dev", "npm ci --only=production")), "AP-25");
    expectRule(node(edit(NODE_GOOD, "--from=prod-deps", "--from=deps")), "DF-NODE-02");
  });

  it("DF-NODE-03: no NODE_ENV=production", () => {
    expectRule(node(edit(NODE_GOOD, "ENV NODE_ENV=production\n", "")), "DF-NODE-03");
  });

  it("DF-NODE-04: files not chowned to the node user", () => {
    expectRule(node(NODE_GOOD.replace(/ --chown=node:node/g, "")), "DF-NODE-04");
    expectRule(node(edit(NODE_GOOD, "USER node", "USER app")), "DF-NODE-04");
  });

  it('DF-NODE-05 / AP-25: CMD ["npm", "start"]', () => {
    const bad = node(edit(NODE_GOOD, 'CMD ["node", "dist/main.js"]', 'CMD ["npm", "start"]'));
    expectRule(bad, "DF-NODE-05");
    expectRule(bad, "AP-25");
  });

  it("DF-NODE-07 accepts a monorepo standalone layout (server.js under the app folder)", () => {
    const mono = edit(
      edit(NEXT_GOOD, "/app/.next/static ./.next/static", "/app/frontend/.next/static ./frontend/.next/static"),
      '"server.js"',
      '"frontend/server.js"',
    );
    expect(node(mono, "next")).toEqual([]);
  });

  it("DF-NODE-07: Next.js standalone layout", () => {
    expectRule(node(edit(NEXT_GOOD, "HOSTNAME=0.0.0.0", "HOSTNAME=localhost"), "next"), "DF-NODE-07");
    expectRule(
      node(edit(NEXT_GOOD, "/app/.next/static ./.next/static", "/app/.next/static ./static"), "next"),
      "DF-NODE-07",
    );
    expectRule(node(edit(NEXT_GOOD, '"server.js"', '"dist/main.js"'), "next"), "DF-NODE-07");
  });
});

describe("checkDockerfileRules: Rails", () => {
  const rails = (text: string) => checkDockerfileRules(text, { stack: "rails" });

  it("DF-RAILS-01 / AP-26: ruby version and base image", () => {
    const old = rails(edit(RAILS_GOOD, "RUBY_VERSION=3.4.7", "RUBY_VERSION=3.2.2"));
    expectRule(old, "DF-RAILS-01");
    expectRule(old, "AP-26");
    expectRule(rails(edit(RAILS_GOOD, "ARG RUBY_VERSION=3.4.7\n", "")), "DF-RAILS-01");
  });

  it("DF-RAILS-02: missing BUNDLE_DEPLOYMENT", () => {
    expectRule(rails(edit(RAILS_GOOD, '    BUNDLE_DEPLOYMENT="1" \\\n', "")), "DF-RAILS-02");
  });

  it("DF-RAILS-02 expands ENV values from stage ARG defaults", () => {
    const viaArg = edit(
      RAILS_GOOD,
      'ENV RAILS_ENV="production" \\\n',
      'ARG BUNDLE_WITHOUT=development\nENV RAILS_ENV="production" \\\n',
    ).replace('BUNDLE_WITHOUT="development"', 'BUNDLE_WITHOUT="${BUNDLE_WITHOUT}"');
    expect(rails(viaArg)).toEqual([]);
  });

  it("DF-RAILS-03: bundle install without cache cleanup", () => {
    expectRule(rails(edit(RAILS_GOOD, /bundle install && \\\n.*\\\n/, "bundle install && \\\n")), "DF-RAILS-03");
  });

  it("DF-RAILS-05: RAILS_MASTER_KEY build arg, precompile without SECRET_KEY_BASE_DUMMY", () => {
    const bad = rails(
      edit(RAILS_GOOD, "RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails", "ARG RAILS_MASTER_KEY\nRUN ./bin/rails"),
    );
    expectRule(bad, "DF-RAILS-05");
    expectRule(bad, "AP-01");
  });

  it("DF-RAILS-06: no rails user", () => {
    const bad = rails(edit(RAILS_GOOD, /RUN groupadd[^\n]*\n[^\n]*\nUSER 1000:1000/, "USER root"));
    expectRule(bad, "DF-RAILS-06");
    expectRule(bad, "DF-GEN-07");
  });

  it("DF-RAILS-08 / AP-22: Thruster on port 80 (Rails 8 default)", () => {
    const bad = rails(edit(RAILS_GOOD, "ENV HTTP_PORT=8080\nEXPOSE 8080", "EXPOSE 80"));
    expectRule(bad, "DF-RAILS-08");
    expectRule(bad, "AP-22");
    expectRule(
      rails(edit(RAILS_GOOD, "ENV HTTP_PORT=8080", "ENV HTTP_PORT=8080 TLS_DOMAIN=example.com")),
      "DF-RAILS-08",
    );
  });

  it("DF-RAILS-09: no docker-entrypoint", () => {
    expectRule(rails(edit(RAILS_GOOD, 'ENTRYPOINT ["/rails/bin/docker-entrypoint"]\n', "")), "DF-RAILS-09");
  });
});

// ---------------------------------------------------------------- .dockerignore

const IGNORE_COMMON = `# generated
.git
**/.env*
!.env.example
Dockerfile*
docker-compose*.yml
.github/
**/*.pem
**/*.key
terraform/
.terraform/
`;
const DOTNET_IGNORE = `${IGNORE_COMMON}**/bin/\n**/obj/\n**/out/\n`;
const NODE_IGNORE = `${IGNORE_COMMON}node_modules\n.next\ndist\ncoverage\nnpm-debug.log*\n`;
const RAILS_IGNORE = `${IGNORE_COMMON}/.bundle\n/log/*\n!/log/.keep\n/tmp/*\n!/tmp/.keep\n/storage/*\n/config/master.key\n/config/credentials/*.key\n/node_modules/\n/public/assets\n`;

describe(".dockerignore matching (moby/patternmatcher semantics)", () => {
  it("handles **, leading /, directories, ! exceptions and last-match-wins", () => {
    const m = compileIgnore(
      "**/bin/\n/log/*\n!/log/.keep\nnode_modules\n*.md\n!README.md\n**/*.json\n!package*.json\n",
    );
    expect(m.isExcluded("src/Api/bin/Debug/app.dll")).toBe(true);
    expect(m.isExcluded("bin")).toBe(true);
    expect(m.isExcluded("log/production.log")).toBe(true);
    expect(m.isExcluded("log/.keep")).toBe(false);
    expect(m.isExcluded("node_modules/x/index.js")).toBe(true);
    expect(m.isExcluded("packages/a/node_modules/x")).toBe(false); // root-only without **/
    expect(m.isExcluded("CHANGELOG.md")).toBe(true);
    expect(m.isExcluded("README.md")).toBe(false);
    expect(m.isExcluded("docs/guide.md")).toBe(false); // * does not cross /
    expect(m.isExcluded("tsconfig.json")).toBe(true);
    expect(m.isExcluded("package-lock.json")).toBe(false);
    // a leading ** without a following wildcard is a plain suffix test in moby
    expect(compileIgnore("**.log").isExcluded("logs/app.log")).toBe(true);
  });
});

describe("checkDockerignore", () => {
  it.each([
    ["dotnet" as const, DOTNET_IGNORE, DOTNET_GOOD],
    ["node" as const, NODE_IGNORE, NODE_GOOD],
    ["rails" as const, RAILS_IGNORE, RAILS_GOOD],
  ])("passes a complete %s .dockerignore", (stack, ignore, dockerfile) => {
    expect(checkDockerignore(ignore, [dockerfile], stack)).toEqual([]);
  });

  it("DI-02: missing .git, .env and IaC entries", () => {
    const problems = checkDockerignore(edit(edit(NODE_IGNORE, ".git\n", ""), "terraform/\n", ""), [NODE_GOOD], "node");
    expect(problems.join("\n")).toMatch(/^DI-02: .dockerignore lacks `\.git`/m);
    expect(problems.join("\n")).toMatch(/^DI-02: .*IaC directory/m);
    expectRule(checkDockerignore(edit(NODE_IGNORE, "**/.env*\n", ".env\n"), [NODE_GOOD], "node"), "DI-02");
  });

  it("DI-03: missing per-stack entries", () => {
    expectRule(checkDockerignore(edit(DOTNET_IGNORE, "**/obj/\n", ""), [DOTNET_GOOD], "dotnet"), "DI-03");
    expectRule(checkDockerignore(NODE_IGNORE, [NODE_GOOD], "rails"), "DI-03");
  });

  it("DI-04: COPY sources excluded by the patterns", () => {
    const lock = checkDockerignore(`${RAILS_IGNORE}*.lock\n`, [RAILS_GOOD], "rails");
    expect(lock).toEqual(["DI-04: Dockerfile line 27: COPY source `Gemfile.lock` is excluded by .dockerignore"]);
    expectRule(checkDockerignore(`${DOTNET_IGNORE}**/*.csproj\n`, [DOTNET_GOOD], "dotnet"), "DI-04");
    expectRule(checkDockerignore(`${NODE_IGNORE}package-lock.json\n`, [NODE_GOOD], "node"), "DI-04");
    const bind = edit(
      NODE_GOOD,
      "RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev",
      "RUN --mount=type=bind,source=.npmrc,target=.npmrc npm ci --omit=dev",
    );
    expectRule(checkDockerignore(`${NODE_IGNORE}.npmrc\n`, [bind], "node"), "DI-04");
    // re-included by a later exception: last match wins
    expect(checkDockerignore(`${NODE_IGNORE}*.json\n!package*.json\n`, [NODE_GOOD], "node")).toEqual([]);
  });
});

// ---------------------------------------------------------------- compose

const COMPOSE_BASE = `name: shop
services:
  app:
    build:
      context: .
      target: runtime
    init: true
    environment:
      NODE_ENV: production
      DATABASE_URL: postgres://app:\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@db:5432/app
      REDIS_URL: redis://redis:6379/0
      SESSION_SECRET: \${SESSION_SECRET:?set SESSION_SECRET in .env}
    depends_on:
      db:
        condition: service_healthy
      redis:
        condition: service_healthy
  worker:
    build: .
    command: ["node", "dist/worker.js"]
    profiles: [workers]
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:18
    environment:
      POSTGRES_USER: app
      POSTGRES_DB: app
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U $\${POSTGRES_USER} -d $\${POSTGRES_DB}"]
      interval: 5s
      timeout: 3s
      retries: 10
      start_period: 10s
    volumes:
      - db-data:/var/lib/postgresql
  redis:
    image: redis:8
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 5s
      timeout: 3s
      retries: 10
      start_period: 5s
volumes:
  db-data:
`;

const COMPOSE_OVERRIDE = `services:
  app:
    environment:
      NODE_ENV: development
    ports:
      - "3000:3000"
  db:
    environment:
      POSTGRES_PASSWORD: postgres
    ports:
      - "5432:5432"
  redis:
    ports:
      - "6379:6379"
`;

const ENV_EXAMPLE = "POSTGRES_PASSWORD=postgres\nSESSION_SECRET=dev-only-change-me\n";

describe("checkComposeRules", () => {
  const check = (base: string, override = COMPOSE_OVERRIDE) => checkComposeRules(base, override);

  it("passes the good pair", () => {
    expect(check(COMPOSE_BASE)).toEqual([]);
  });

  it('CMP-01 / CMP-02: version: "3.8", no name', () => {
    expectRule(check(`version: "3.8"\n${COMPOSE_BASE}`), "CMP-01");
    expectRule(check(edit(COMPOSE_BASE, "name: shop\n", "")), "CMP-02");
  });

  it("CMP-04: ports in the base file, db port missing in the override", () => {
    expectRule(
      check(edit(COMPOSE_BASE, "    image: postgres:18\n", '    image: postgres:18\n    ports: ["5432:5432"]\n')),
      "CMP-04",
    );
    expectRule(
      check(COMPOSE_BASE, edit(COMPOSE_OVERRIDE, '    ports:\n      - "6379:6379"\n', "    environment: {}\n")),
      "CMP-04",
    );
  });

  it("CMP-05: depends_on without condition, dependency without healthcheck", () => {
    const short = edit(
      COMPOSE_BASE,
      "    depends_on:\n      db:\n        condition: service_healthy\n      redis:\n        condition: service_healthy\n",
      "    depends_on: [db, redis]\n",
    );
    expect(check(short)).toContain("CMP-05: app.depends_on.db must be long form with `condition: service_healthy`");
    const noHealth = edit(
      COMPOSE_BASE,
      /  redis:\n    image: redis:8\n    healthcheck:\n(      .*\n)+/,
      "  redis:\n    image: redis:8\n",
    );
    expectRule(check(noHealth), "CMP-05");
  });

  it("CMP-06: unescaped $, wrong test form, missing timings, wrong probe", () => {
    expectRule(check(edit(COMPOSE_BASE, "-U $${POSTGRES_USER}", "-U ${POSTGRES_USER}")), "CMP-06");
    expectRule(check(edit(COMPOSE_BASE, '["CMD", "redis-cli", "ping"]', '["redis-cli", "ping"]')), "CMP-06");
    expectRule(check(edit(COMPOSE_BASE, "      start_period: 10s\n", "")), "CMP-06");
    expectRule(check(edit(COMPOSE_BASE, '"pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}"', '"true"')), "CMP-06");
  });

  it("CMP-07: always-on service depending on a profiled one", () => {
    expectRule(
      check(edit(COMPOSE_BASE, "    image: redis:8\n", "    image: redis:8\n    profiles: [cache]\n")),
      "CMP-07",
    );
  });

  it("CMP-08: literal password in the base file (fine in the override)", () => {
    const bad = check(
      edit(
        COMPOSE_BASE,
        "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
        "POSTGRES_PASSWORD: postgres",
      ),
    );
    expect(bad).toEqual([
      "CMP-08: docker-compose.yml db.environment.POSTGRES_PASSWORD is a literal; use ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
    ]);
    const fileKey = edit(
      COMPOSE_BASE,
      "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
      "POSTGRES_PASSWORD_FILE: /run/secrets/db_password",
    );
    expect(check(fileKey)).toEqual([]);
    expectRule(
      check(
        edit(
          COMPOSE_BASE,
          "SESSION_SECRET: ${SESSION_SECRET:?set SESSION_SECRET in .env}",
          "SESSION_SECRET: ${SESSION_SECRET:-changeme}",
        ),
      ),
      "CMP-08",
    );
  });

  it("reports unparsable YAML instead of throwing", () => {
    expect(check("services: [oops\n")).toEqual([expect.stringMatching(/^YAML: docker-compose.yml does not parse/)]);
  });

  it("CMP-09: postgres:18 at /var/lib/postgresql/data, postgres:17 at /var/lib/postgresql", () => {
    expectRule(
      check(edit(COMPOSE_BASE, "db-data:/var/lib/postgresql\n", "db-data:/var/lib/postgresql/data\n")),
      "CMP-09",
    );
    expectRule(check(edit(COMPOSE_BASE, "image: postgres:18", "image: postgres:17")), "CMP-09");
    expect(
      check(
        edit(
          edit(COMPOSE_BASE, "image: postgres:18", "image: postgres:17"),
          "db-data:/var/lib/postgresql\n",
          "db-data:/var/lib/postgresql/data\n",
        ),
      ),
    ).toEqual([]);
  });
});

// ---------------------------------------------------------------- docker-compose config (v1)

describe("composeConfig (docker-compose v1.29.2)", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  async function project(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "validators-test-"));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      await mkdir(join(dir, name, ".."), { recursive: true });
      await writeFile(join(dir, name), content);
    }
    return dir;
  }

  const good = {
    "docker-compose.yml": COMPOSE_BASE,
    "docker-compose.override.yml": COMPOSE_OVERRIDE,
    ".env.example": ENV_EXAMPLE,
  };

  it("accepts the good pair (top-level name stripped from the copy)", async () => {
    const result = await composeConfig(await project(good));
    expect(result.output).toContain("removed name");
    expect(result.ok, result.output).toBe(true);
  });

  it("rejects a broken compose file", async () => {
    const broken = edit(COMPOSE_BASE, '["CMD", "redis-cli", "ping"]', '["PING", "redis-cli"]');
    const result = await composeConfig(await project({ ...good, "docker-compose.yml": broken }));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/invalid healthcheck/);
  });

  it("rejects YAML that does not parse", async () => {
    const result = await composeConfig(
      await project({
        ...good,
        "docker-compose.override.yml": "services:\n  app: [\n",
      }),
    );
    expect(result.ok).toBe(false);
  });

  it("rejects an undefined dependency and a required variable missing from .env.example", async () => {
    const undefinedDep = edit(
      COMPOSE_BASE,
      "      redis:\n        condition: service_healthy\n",
      "      cache:\n        condition: service_healthy\n",
    );
    expect((await composeConfig(await project({ ...good, "docker-compose.yml": undefinedDep }))).ok).toBe(false);
    const noSecret = await composeConfig(
      await project({
        ...good,
        ".env.example": "POSTGRES_PASSWORD=postgres\n",
      }),
    );
    expect(noSecret.ok).toBe(false);
    expect(noSecret.output).toMatch(/set SESSION_SECRET in \.env/);
  });

  it("strips Compose-spec keys v1 predates, and reports them unless keepV2Keys", async () => {
    const v2 = edit(
      COMPOSE_BASE,
      "      target: runtime\n",
      "      target: runtime\n      context: ./api\n      secrets: [feed_token]\n",
    ).replace("volumes:\n  db-data:\n", "volumes:\n  db-data:\nsecrets:\n  feed_token:\n    environment: FEED_TOKEN\n");
    const dir = await project({
      ...good,
      "docker-compose.yml": v2.replace("      context: .\n", ""),
    });
    const stripped = await composeConfig(dir);
    expect(stripped.ok, stripped.output).toBe(true);
    expect(stripped.output).toContain("removed services.app.build.secrets");
    expect(stripped.output).toContain("./api: empty placeholder directory");
    const strict = await composeConfig(dir, { keepV2Keys: true });
    expect(strict.ok).toBe(false);
    expect(strict.output).toMatch(/secrets\.feed_token value 'environment'/);
  });
});
