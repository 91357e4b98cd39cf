// Dockerfiles (one per image) and the .dockerignore of the build context (the project root).
// Computes everything the templates print; the templates only place it.
import { posix } from "node:path";
import type { Config } from "../src/config/normalise.js";
import type { Service } from "../src/config/schema.js";
import { FEED_SECRET_ID, FEED_TOKEN_ENV, planFeed } from "../src/plan/feed.js";
import { joinPath, planImages, type ImagePlan } from "../src/plan/images.js";
import type { Generator, PlannedFile } from "../src/plan/types.js";
import { IMAGES } from "../src/plan/versions.js";

export const dockerGenerator: Generator = {
  name: "docker",
  description: "Dockerfile per service image and the .dockerignore of the build context",
  plan(config) {
    const files: PlannedFile[] = planImages(config).map((image) => ({
      path: image.dockerfile,
      template: `docker/${config.stack}/Dockerfile.hbs`,
      view: dockerfileView(config, image),
    }));
    files.push({ path: ".dockerignore", template: `docker/${config.stack}/dockerignore.hbs`, view: {} });
    return [...files, ...feedFiles(config)];
  },
};

/** The registry settings the restore reads: placeholders for the token, never the token (RULES.md FEED-NUGET-01, FEED-NPM-01). */
function feedFiles(config: Config): PlannedFile[] {
  const feed = planFeed(config);
  if (!feed) return [];
  if (config.stack === "dotnet")
    return [
      {
        path: "nuget.config",
        template: "docker/dotnet/nuget.config.hbs",
        view: { feed, patterns: config.feed.packagePatterns },
      },
    ];
  if (config.stack === "node")
    return [
      {
        path: ".npmrc",
        template: "docker/node/npmrc.hbs",
        view: { feed, authPrefix: feed.url.replace(/^https:/, "") },
      },
    ];
  return [];
}

/** `COPY` lines of the restore layer: each file into its own folder, so relative paths hold. */
function restoreCopies(config: Config): { sources: string; target: string }[] {
  const byTarget = new Map<string, string[]>();
  for (const file of config.restoreFiles) {
    const dir = posix.dirname(file);
    const target = dir === "." ? "./" : `${dir}/`;
    byTarget.set(target, [...(byTarget.get(target) ?? []), file]);
  }
  return [...byTarget.entries()].map(([target, files]) => ({ sources: files.join(" "), target }));
}

function dockerfileView(config: Config, image: ImagePlan): object {
  const feed = planFeed(config);
  const common = {
    service: image.primary.name,
    dockerfile: image.dockerfile,
    port: image.primary.port,
    restoreCopies: restoreCopies(config),
    feed,
    // The private registry's token reaches only the install commands, as a BuildKit secret.
    secretMount: feed ? `--mount=type=secret,id=${FEED_SECRET_ID},env=${FEED_TOKEN_ENV},required=true \\\n    ` : "",
  };
  switch (config.stack) {
    case "dotnet":
      return { ...common, ...dotnetView(config, image.primary) };
    case "node":
      return { ...common, ...nodeView(config, image.primary, feed !== null) };
    case "rails":
      return { ...common, ...railsView(config, image.primary) };
  }
}

function dotnetView(config: Config, service: Service) {
  const project = service.entry!;
  const assembly = posix.basename(project, ".csproj");
  return {
    sdkImage: IMAGES.dotnetSdk(config.runtimeVersion!),
    runtimeImage:
      service.port === null
        ? IMAGES.dotnetRuntime(config.runtimeVersion!)
        : IMAGES.dotnetAspnet(config.runtimeVersion!),
    project,
    entrypoint: service.command ?? ["dotnet", `${assembly}.dll`],
  };
}

function nodeView(config: Config, service: Service, privateFeed: boolean) {
  const inWorkspace = service.path !== ".";
  const workspaceFlag = inWorkspace ? ` --workspace ${service.path}` : "";
  const next = service.framework === "next";
  const entry = joinPath(service.path, service.entry!);
  return {
    image: IMAGES.node(config.runtimeVersion!),
    sourceDir: inWorkspace ? `${service.path}/` : ".",
    sourceTarget: inWorkspace ? `${service.path}/` : "./",
    buildCommand: service.buildScript ? `npm run ${service.buildScript}${workspaceFlag}` : null,
    // The runtime copies this stage's /app; the registry settings stay behind.
    prodInstall: `npm ci --omit=dev${workspaceFlag}${privateFeed ? " && \\\n    rm .npmrc" : ""}`,
    next,
    // Next.js standalone output mirrors the workspace layout below .next/standalone.
    nextDir: joinPath(service.path, ".next"),
    nextPublic: joinPath(service.path, "public"),
    // A built (non-Next) service runs its build output; an unbuilt one runs its source.
    builtOutput: service.buildScript && !next ? joinPath(service.path, posix.dirname(service.entry!)) : null,
    command: service.command ?? ["node", entry],
  };
}

function railsView(config: Config, service: Service) {
  const db = config.database.engine;
  return {
    rubyVersion: config.runtimeVersion,
    rubyImage: IMAGES.ruby,
    // Client libraries at run time, headers at build time, as in Rails' own Dockerfile template.
    runtimePackages: [
      "curl",
      "libjemalloc2",
      "libvips",
      ...(db === "postgres" ? ["postgresql-client"] : db === "mysql" ? ["default-mysql-client"] : []),
    ].join(" "),
    buildPackages: [
      "build-essential",
      "git",
      "libyaml-dev",
      "pkg-config",
      ...(db === "postgres" ? ["libpq-dev"] : db === "mysql" ? ["default-libmysqlclient-dev"] : []),
    ].join(" "),
    bootsnap: config.rails!.bootsnap,
    assetPrecompile: config.rails!.assetPrecompile,
    command: service.command ?? ["./bin/rails", "server"],
  };
}
