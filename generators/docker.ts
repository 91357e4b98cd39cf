// Dockerfiles (one per image) and the .dockerignore of the build context (the project root).
// Computes everything the templates print; the templates only place it.
import { posix } from "node:path";
import type { Config } from "../src/config/normalise.js";
import type { Service } from "../src/config/schema.js";
import {
  FEED_CONTEXT,
  FEED_SECRET_ID,
  FEED_TOKEN_ENV,
  PACKAGE_FOLDER,
  type FolderFeed,
  type TokenFeed,
} from "../src/plan/feed.js";
import type { ImagePlan } from "../src/plan/images.js";
import { stackParts, type FeedPlan, type StackPlan } from "../src/plan/stack-plan.js";
import { documentedFile, type Generator, type PlannedFile } from "../src/plan/types.js";
import { DOTNET_IMAGES, dotnetPackCommands } from "../src/stacks/dotnet.js";
import { profileOf, type RegistryFile, type Stack } from "../src/stacks/index.js";
import { NODE_IMAGE } from "../src/stacks/node.js";
import {
  corepackEnv,
  corepackSetup,
  packageManagerFacts,
  runScript,
  type PackageManagerFacts,
} from "../src/stacks/node-package-managers.js";
import { joinPath } from "../src/stacks/paths.js";
import {
  PYTHON_IMAGE,
  PYTHON_INSTALLERS,
  PYTHON_PACKAGE_MANAGER_FACTS,
  PYTHON_INDEX_NAME,
  PYTHON_VENV,
  GUNICORN_WORKERS,
  fromAppFolder,
  pythonIndexCredentials,
  pythonServer,
  pythonServerCommand,
} from "../src/stacks/python.js";
import { RUBY_IMAGE } from "../src/stacks/rails.js";
import { proxyFiles } from "./docker-proxy.js";

export const dockerGenerator: Generator = {
  name: "docker",
  description: "Dockerfile per service image and the .dockerignore of the build context",
  plan(plan) {
    const [project, ...others] = stackParts(plan);
    return [
      ...stackImages(project!),
      ignoreFile(project!, ".dockerignore"),
      // Another stack's images build from their folder, with its own .dockerignore (docs/rules.md STACK-MIX-01).
      ...others.flatMap((part) => [
        ...stackImages(part),
        ...[...new Set(ownImages(part).map((image) => image.context))].map((context) =>
          ignoreFile(part, joinPath(context, ".dockerignore")),
        ),
      ]),
      ...feedFiles(plan),
      ...proxyFiles(plan),
    ];
  },
};

/** The Dockerfiles of one stack's images. */
function stackImages(part: StackPlan): PlannedFile[] {
  return ownImages(part).map((image) =>
    documentedFile("the image: multi-stage, runs as a non-root user, dependencies restored in their own cached layer", {
      path: image.dockerfile,
      template: `docker/${part.config.stack}/Dockerfile.hbs`,
      view: dockerfileView(part, image),
    }),
  );
}

function ignoreFile(part: StackPlan, path: string): PlannedFile {
  return documentedFile("keeps secrets, dependencies and build output out of the build context", {
    path,
    template: `docker/${part.config.stack}/dockerignore.hbs`,
    view: {
      // Where packages arrive through "feed" (a context or the package image), a laptop copy of .feed stays out.
      feedFolder: folderView(part.feed.folder)?.from === FEED_CONTEXT,
      // The root and the folders the images copy whole, as anchored patterns ("/", "/backend/"):
      // their local environments and caches stay out of the context.
      imageFolders: [
        ...new Set(["/", ...ownImages(part).map((image) => (image.path === "." ? "/" : `/${image.path}/`))]),
      ],
    },
  });
}

/** The images built from a Dockerfile of the tool's; an adopted Dockerfile stays the repository's. */
function ownImages(plan: StackPlan): ImagePlan[] {
  return plan.images.filter((image) => !image.adopted);
}

/** The registry settings the restore reads: placeholders for the token, never the token (docs/rules.md FEED-NUGET-01, FEED-NPM-01). */
function feedFiles(plan: StackPlan): PlannedFile[] {
  const path = plan.feed.configFile;
  const file = profileOf(plan.config.stack).feed.registryFile;
  if (path === null || file === null) return [];
  const why = plan.feed.token
    ? "where the image build restores private packages from: the token is a placeholder the build fills from a secret"
    : "the package sources the image build restores from: the public registry and the folder of internal packages";
  return [documentedFile(why, { path, ...REGISTRY_FILES[file.format](plan) })];
}

/** Each registry settings format: its template and what it prints. */
const REGISTRY_FILES: Record<RegistryFile["format"], (plan: StackPlan) => { template: string; view: object }> = {
  npmrc: (plan) => {
    const feed = plan.feed.token;
    return { template: "docker/node/npmrc.hbs", view: { feed, authPrefix: feed!.url.replace(/^https:/, "") } };
  },
  nuget: ({ config, feed: { token: feed, folder } }) => {
    return {
      template: "docker/dotnet/nuget.config.hbs",
      view: {
        feed,
        origin: folder ? folderOrigin(folder) : null,
        sourceKey: feed ? feed.nugetSourceKey : "packages",
        sourceUrl: feed ? feed.url : PACKAGE_FOLDER,
        // The packages built or fetched here are known by name; mapping them keeps nuget.org from
        // ever serving a look-alike (docs/rules.md FEED-03).
        patterns:
          config.feed.packagePatterns.length > 0 || !folder
            ? config.feed.packagePatterns
            : folder.packages.map((p) => p.name),
      },
    };
  },
};

/** Where the folder source's packages come from, in a few words for comments. */
function folderOrigin(folder: FolderFeed): string {
  switch (folder.strategy) {
    case "source":
      return folder.siblings ? "packed in the image build from the sibling repositories" : "workspace packages";
    case "s3":
      return `synced from s3://${folder.s3!.bucket}/${folder.s3!.prefix}/ by CI`;
    case "ci-artifacts":
      return "packed by the feed job of the workflow";
    case "ecr-image":
      return `copied from the package image ${folder.image!.repository}:${folder.image!.tag}`;
  }
}

/** How the Dockerfile reaches the folder: the packages stage, the "feed" build context or the package image. */
function folderView(folder: FolderFeed | null) {
  // Node workspaces are in the build context already; nodeView builds them.
  if (!folder || (folder.strategy === "source" && !folder.siblings)) return null;
  const image = folder.image ? `${folder.image.registry}/${folder.image.repository}:${folder.image.tag}` : null;
  const built = folder.strategy === "source";
  return {
    origin: folderOrigin(folder),
    image,
    packStage: built && folder.packsSiblings,
    packs: folder.packages.map((p) => ({
      context: p.context,
      folder: p.folder,
      commands: dotnetPackCommands(p.packTarget, "nuget.config", PACKAGE_FOLDER).join(" && \\\n    "),
    })),
    from: built ? "packages" : FEED_CONTEXT,
    fromPath: built ? `/src/${PACKAGE_FOLDER}/` : image ? "/packages/" : ".",
    // s3 and ci-artifacts: CI (or compose) passes the folder as the named build context "feed".
    namedContext: !built && !image,
  };
}

/**
 * `COPY` lines of the restore layer: each file into its own folder, so relative paths hold. `folder`
 * is the project folder the image's working directory holds (a Python app's own; the root for the others).
 */
function restoreCopies(config: Config, folder = "."): { sources: string; target: string }[] {
  const byTarget = new Map<string, string[]>();
  for (const file of config.restoreFiles) {
    const dir = posix.dirname(fromAppFolder(folder, file));
    const target = dir === "." ? "./" : `${dir}/`;
    byTarget.set(target, [...(byTarget.get(target) ?? []), file]);
  }
  return [...byTarget.entries()].map(([target, files]) => ({ sources: files.join(" "), target }));
}

function dockerfileView(plan: StackPlan, image: ImagePlan): object {
  const { config } = plan;
  const { token: feed, folder } = plan.feed;
  const common = {
    service: image.primary.name,
    dockerfile: image.dockerfile,
    context: image.context,
    port: image.primary.port,
    // The variable the app reads its port from, as the task definition and compose set it.
    portVariable: profileOf(config.stack).portVariable,
    restoreCopies: restoreCopies(config),
    feed,
    folder: folderView(folder),
    configFile: plan.feed.configFile,
    // Inside the image the file is always the build's own nuget.config / .npmrc.
    configTarget: configTarget(plan),
    // The private registry's token reaches only the install commands, as a BuildKit secret.
    secretMount: feed ? `--mount=type=secret,id=${FEED_SECRET_ID},env=${FEED_TOKEN_ENV},required=true \\\n    ` : "",
  };
  return { ...common, ...STACK_DOCKERFILES[config.stack](plan, image.primary) };
}

/**
 * What each stack's Dockerfile template (templates/docker/<stack>/Dockerfile.hbs) prints beyond
 * what every Dockerfile shares: a new stack brings its template and this view with it.
 */
const STACK_DOCKERFILES: Record<Stack, (plan: StackPlan, service: Service) => object> = {
  dotnet: ({ config }, service) => dotnetView(config, service),
  node: ({ config, feed }, service) => nodeView(config, service, feed),
  rails: ({ config, feed }, service) => railsView(config, service, feed.folder),
  python: ({ config, feed }, service) => pythonView(config, service, feed.token),
};

function configTarget(plan: StackPlan): string | null {
  const path = plan.feed.configFile;
  const file = profileOf(plan.config.stack).feed.registryFile;
  if (path === null || file === null) return null;
  return path === file.name ? "./" : file.name;
}

function dotnetView(config: Config, service: Service) {
  const project = service.entry!;
  const assembly = service.assembly ?? posix.basename(project, ".csproj");
  // Microsoft.Data.SqlClient throws CultureNotFoundException when it opens a connection in
  // invariant-globalization mode (dotnet/SqlClient#2206), so SQL Server apps need ICU.
  const needsIcu = config.database.engine === "sqlserver";
  const variant = needsIcu ? "noble-chiseled-extra" : "noble-chiseled";
  return {
    sdkImage: DOTNET_IMAGES.sdk(config.runtimeVersion!),
    runtimeImage:
      service.port === null
        ? DOTNET_IMAGES.runtime(config.runtimeVersion!, variant)
        : DOTNET_IMAGES.aspnet(config.runtimeVersion!, variant),
    runtimeNote: needsIcu
      ? "the -extra variant carries ICU, which SqlClient needs to open a connection (dotnet/SqlClient#2206)"
      : null,
    project,
    entrypoint: service.command ?? ["dotnet", `${assembly}.dll`],
  };
}

function nodeView(config: Config, service: Service, { token: feed, folder, workspaceBuilds }: FeedPlan) {
  const inWorkspace = service.path !== ".";
  const workspaceFlag = inWorkspace ? ` --workspace ${service.path}` : "";
  const manager = packageManagerFacts(config.packageManager);
  const next = service.framework === "next";
  const standalone = next && service.standalone === true;
  const nextDir = joinPath(service.path, ".next");
  const nextPublic = joinPath(service.path, "public");
  // feed "source": the internal packages are workspaces, built before the service, in order
  // (the same commands as CI's test job).
  const packageBuilds = workspaceBuilds;
  const workspacePackages = packageBuilds.map((p) => p.path);
  const builds = [
    ...packageBuilds.map((p) => p.command),
    ...(service.buildScript ? [runScript(manager, service.buildScript, service.path).join(" ")] : []),
    // public/ is optional in a Next.js app: an empty one keeps the runtime's COPY of it valid.
    ...(standalone ? [`mkdir -p ${nextPublic}`] : []),
    // next start reads .next but never its build cache, often the largest folder in it.
    ...(next && !standalone ? [`rm -rf ${nextDir}/cache`] : []),
  ];
  // The runtime copies this stage's /app; the registry settings and the package folder stay behind.
  const leftBehind = [...(feed ? [".npmrc"] : []), ...(folder && folder.strategy !== "source" ? [PACKAGE_FOLDER] : [])];
  // A built (non-Next) service runs its build output; an unbuilt one, or next start, its source.
  const builtOutput = service.buildScript && !next ? joinPath(service.path, posix.dirname(service.entry!)) : null;
  // A root service's source is the whole context, registry settings and package folder included:
  // the runtime then copies it from a stage that dropped those.
  const sourceStage = !standalone && builtOutput === null && !inWorkspace && leftBehind.length > 0;
  return {
    image: NODE_IMAGE(config.runtimeVersion!),
    corepack: corepackView(manager, config.runtimeVersion!),
    cache: manager.cache,
    install: manager.install,
    sourceStage: sourceStage ? { remove: leftBehind.join(" ") } : null,
    sourceCopy: inWorkspace
      ? `--chown=node:node ${service.path}/ ${service.path}/`
      : sourceStage
        ? "--from=source --chown=node:node /app ./"
        : "--chown=node:node . ./",
    buildCommand: builds.length > 0 ? builds.join(" && \\\n    ") : null,
    prodInstall: [
      // See the template: the root "prepare" script belongs to development.
      "npm pkg delete scripts.prepare",
      `${manager.prodInstall}${workspaceFlag}`,
      ...(leftBehind.length > 0 ? [`rm -rf ${leftBehind.join(" ")}`] : []),
    ].join(" && \\\n    "),
    standalone,
    nextStart: next && !standalone,
    // Next.js standalone output mirrors the workspace layout below .next/standalone, and traces the
    // workspace packages it uses into it.
    nextDir,
    nextPublic,
    builtOutput,
    // node_modules links each workspace package to its folder, which the runtime needs built.
    runtimeWorkspaces: standalone ? [] : workspacePackages,
    command: service.command ?? nodeCommand(service, standalone),
  };
}

/** pnpm or Yarn from corepack: its environment (COREPACK_HOME where every user reads it) and the setup. */
function corepackView(manager: PackageManagerFacts, nodeMajor: string) {
  const setup = corepackSetup(manager, nodeMajor);
  if (setup === null) return null;
  const env = [
    { key: "COREPACK_HOME", value: "/usr/local/share/corepack" },
    // No question before the download: a build has no one to answer it.
    { key: "COREPACK_ENABLE_DOWNLOAD_PROMPT", value: "0" },
    ...corepackEnv(manager),
    ...manager.imageEnv,
  ];
  return { bin: manager.bin, setup, env: env.map((e) => `${e.key}=${e.value}`).join(" \\\n    ") };
}

/**
 * What the image runs, always `node` itself so SIGTERM reaches the server. Without standalone
 * output that is Next's own CLI (the file its bin entry names), started on the app's folder; npm
 * workspaces hoist next to the root node_modules.
 */
function nodeCommand(service: Service, standalone: boolean): string[] {
  if (service.framework === "next" && !standalone)
    return ["node", "node_modules/next/dist/bin/next", "start", ...(service.path === "." ? [] : [service.path])];
  return ["node", joinPath(service.path, service.entry!)];
}

function railsView(config: Config, service: Service, folder: FolderFeed | null) {
  const db = config.database.engine;
  return {
    // Bundler loads a path gem from its folder at run time too, so the runtime copies it as well.
    pathGems: (folder?.packages ?? []).map((p) => ({
      context: p.context,
      target: `${posix.join("/rails", p.path!)}/`,
    })),
    rubyVersion: config.runtimeVersion,
    rubyImage: RUBY_IMAGE,
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

/** How each package manager installs the locked dependencies into the virtual environment. */
const PYTHON_INSTALLS = {
  // Poetry installs into the activated environment (VIRTUAL_ENV) instead of creating its own.
  // https://python-poetry.org/docs/managing-environments/
  poetry: {
    installer: { name: "poetry", pin: PYTHON_INSTALLERS.poetry },
    env: [],
    cache: "/root/.cache/pypoetry",
    command: (arg: string) => `/opt/poetry/bin/poetry sync --no-root --no-interaction "\${${arg}}"`,
  },
  // UV_PROJECT_ENVIRONMENT points uv at the image's environment; the cache mount is another file
  // system, so uv copies instead of hard-linking; the image's Python, never a download.
  // https://docs.astral.sh/uv/guides/integration/docker/
  uv: {
    installer: { name: "uv", pin: PYTHON_INSTALLERS.uv },
    env: [
      { key: "UV_PROJECT_ENVIRONMENT", value: PYTHON_VENV },
      { key: "UV_LINK_MODE", value: "copy" },
      { key: "UV_PYTHON_DOWNLOADS", value: "0" },
    ],
    cache: "/root/.cache/uv",
    command: (arg: string) => `/opt/uv/bin/uv sync --locked --no-install-project "\${${arg}}"`,
  },
  pip: {
    installer: null,
    env: [],
    cache: "/root/.cache/pip",
    command: (arg: string) => `pip install -r "\${${arg}}"`,
  },
} as const;

function pythonView(config: Config, service: Service, feed: TokenFeed | null) {
  const python = config.python!;
  const { groupsArg } = PYTHON_PACKAGE_MANAGER_FACTS[python.packageManager];
  const install = PYTHON_INSTALLS[python.packageManager];
  const db = config.database.engine;
  const web = service.kind === "web" && service.entry !== null && service.port !== null;
  const gunicorn = web && pythonServer(python) === "gunicorn";
  return {
    // The app's folder is the image's /app: its dependency files first, then the rest of it.
    restoreCopies: restoreCopies(config, service.path),
    sourceCopy: service.path === "." ? ". ." : `${service.path}/ ./`,
    pythonVersion: config.runtimeVersion,
    pythonImage: PYTHON_IMAGE,
    venv: PYTHON_VENV,
    installer: install.installer,
    installEnv: install.env.map((e) => `${e.key}=${e.value}`).join(" \\\n    "),
    cache: install.cache,
    groupsArg,
    install: install.command(groupsArg.key),
    // The token reaches only the install, from the BuildKit secret, as the variables it reads.
    indexCredentials: feed
      ? `${pythonIndexCredentials(python.packageManager, { url: feed.url, username: feed.username })} `
      : "",
    indexName: feed && python.packageManager !== "pip" ? PYTHON_INDEX_NAME : null,
    // Client libraries at run time, their headers and a compiler only in the build stage, for the
    // drivers that build from source (mysqlclient always; psycopg2 without a wheel for the platform).
    buildPackages:
      db === "postgres"
        ? "build-essential libpq-dev"
        : db === "mysql"
          ? "build-essential default-libmysqlclient-dev pkg-config"
          : null,
    runtimePackages: db === "postgres" ? "libpq5" : db === "mysql" ? "libmariadb3" : null,
    collectstatic: python.framework === "django",
    webConcurrency: gunicorn ? GUNICORN_WORKERS : null,
    command: service.command ?? (web ? pythonServerCommand(python, service.entry!, service.port!) : null),
  };
}
