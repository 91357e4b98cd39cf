// Cross-field rules: small named functions over the normalised config. Each returns the problems
// it finds as "field: what is wrong; how to fix it", so the user sees every problem at once.
import { posix } from "node:path";
import { describeAllowedMemory, FARGATE_CPU_SIZES, isValidFargateSize } from "./fargate.js";
import type { Config } from "./normalise.js";
import type { Sidecar } from "./schema.js";
import { COST_SHAPING_RULES, prodScheduleWarnings } from "./cost-shaping-rules.js";
import { JOB_RULES } from "./job-rules.js";
import { buildContextName, isFolderStrategy } from "./feed-strategies.js";
import { PACKAGE_MANAGER_FACTS } from "../stacks/node-package-managers.js";
import { ELASTICACHE_MAJORS, majorOf } from "./elasticache.js";
import { feedStrategiesOf, profileOf, type Stack, type StackDefaults } from "../stacks/index.js";
import { runtimeVersionOf, stackOf, stacksOf } from "./stack-parts.js";
import { fromAppFolder, isAsgi } from "../stacks/python.js";
import { SECRET_RULES, sharedSecretWarnings } from "./secret-rules.js";
import { DEPLOYMENT_RULES } from "./deployment-rules.js";
import { prodOnPlainHttp } from "./derived.js";
import { planProxies } from "./proxies.js";

type Rule = (config: Config) => string[];

export function fargateCpuMemoryIsValid(config: Config): string[] {
  const problems: string[] = [];
  const check = (field: string, cpu: number, memory: number) => {
    if (!FARGATE_CPU_SIZES.includes(cpu)) {
      problems.push(`${field}.cpu: Fargate CPU must be one of ${FARGATE_CPU_SIZES.join(", ")} units; got ${cpu}`);
    } else if (!isValidFargateSize(cpu, memory)) {
      problems.push(`${field}.memory: ${cpu} CPU units allow ${describeAllowedMemory(cpu)} MiB; got ${memory}`);
    }
  };
  config.services.forEach((s, i) => check(`services[${i}]`, s.cpu, s.memory));
  for (const [envName, env] of Object.entries(config.environments)) {
    for (const [name, o] of Object.entries(env?.services ?? {})) {
      const base = config.services.find((s) => s.name === name);
      if (base && (o.cpu !== undefined || o.memory !== undefined)) {
        check(`environments.${envName}.services.${name}`, o.cpu ?? base.cpu, o.memory ?? base.memory);
      }
    }
  }
  return problems;
}

export function serviceNamesAreUnique(config: Config): string[] {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  config.services.forEach((s, i) => {
    const first = seen.get(s.name);
    if (first !== undefined)
      problems.push(
        `services[${i}].name: "${s.name}" is already used by services[${first}]; give each service its own name`,
      );
    else seen.set(s.name, i);
  });
  return problems;
}

/** Two services may share a container port, not a host port on the developer's machine. */
export function hostPortsAreUnique(config: Config): string[] {
  const seen = new Map<number, string>();
  const problems: string[] = [];
  config.services.forEach((s, i) => {
    if (s.hostPort === null) return;
    const other = seen.get(s.hostPort);
    if (other)
      problems.push(
        `services[${i}].hostPort: ${s.hostPort} is already the host port of service "${other}"; give each service its own, or remove hostPort to have one chosen`,
      );
    else seen.set(s.hostPort, s.name);
  });
  return problems;
}

/**
 * ECS does not let a non-root process bind below 1024 (aws/containers-roadmap#1721), so a port the
 * tool's own image would listen on must be 1024 or above. An adopted Dockerfile keeps what it
 * EXPOSEs, so every file agrees with the image; configWarnings says what that costs.
 */
export function portsAreUnprivileged(config: Config): string[] {
  return config.services.flatMap((s, i) =>
    s.port !== null && s.port < 1024 && !s.dockerfile
      ? [`services[${i}].port: must be 1024 or above: Fargate containers run non-root; got ${s.port}`]
      : [],
  );
}

export function portsMatchServiceKind(config: Config): string[] {
  return config.services.flatMap((s, i) => [
    ...(s.kind !== "web" && s.port !== null
      ? [`services[${i}].port: a ${s.kind} receives no traffic; remove the port or set kind to "web"`]
      : []),
    ...(s.port === null && s.hostPort !== null
      ? [`services[${i}].hostPort: "${s.name}" has no container port to publish; remove hostPort`]
      : []),
  ]);
}

export function runtimeVersionIsSupported(config: Config): string[] {
  const project = versionProblem("runtimeVersion", config.stack, config.runtimeVersion ?? "");
  const services = config.services.flatMap((s, i) =>
    s.runtimeVersion === null || stackOf(config, s) === config.stack
      ? []
      : versionProblem(`services[${i}].runtimeVersion`, stackOf(config, s), s.runtimeVersion),
  );
  return [...project, ...services];
}

function versionProblem(field: string, stack: Stack, version: string): string[] {
  const { defaults } = profileOf(stack);
  return defaults.supportedVersions.test(version)
    ? []
    : [`${field}: "${version}" is not supported for ${stack}; use ${defaults.supportedVersionsHint}`];
}

/**
 * A service's own stack and runtime version: the project's stack takes the top-level runtimeVersion,
 * and the services of another stack share one version (they share its CI test job).
 */
export function serviceStacksAreConsistent(config: Config): string[] {
  const first = new Map<Stack, string>();
  return config.services.flatMap((s, i) => {
    const stack = stackOf(config, s);
    if (s.runtimeVersion === null) return [];
    if (stack === config.stack)
      return [
        `services[${i}].runtimeVersion: "${s.name}" is a ${stack} service like the project, whose version is the top-level runtimeVersion; remove it`,
      ];
    const earlier = first.get(stack);
    if (earlier === undefined) first.set(stack, s.runtimeVersion);
    return earlier === undefined || earlier === s.runtimeVersion
      ? []
      : [
          `services[${i}].runtimeVersion: the ${stack} services share one runtime version and an earlier one says "${earlier}"; set both to the same version`,
        ];
  });
}

/**
 * The services of a stack other than the project's build from one folder of their own, their build
 * context (src/config/stack-parts.ts): not the project root, whose .dockerignore is the project
 * stack's, and not a folder of another stack's services.
 */
export function serviceStackFoldersAreTheirOwn(config: Config): string[] {
  const folder = new Map<Stack, string>();
  return config.services.flatMap((s, i) => {
    const stack = stackOf(config, s);
    if (stack === config.stack) return [];
    if (s.path === ".")
      return [
        `services[${i}].path: "${s.name}" is a ${stack} service in a ${config.stack} project, so it builds from a folder of its own; set its path to that folder, e.g. "frontend"`,
      ];
    const shared = config.services.find((o) => o.path === s.path && stackOf(config, o) !== stack);
    if (shared)
      return [
        `services[${i}].path: "${s.name}" (${stack}) and "${shared.name}" (${stackOf(config, shared)}) are in the same folder "${s.path}"; each stack builds from a folder of its own`,
      ];
    const earlier = folder.get(stack);
    if (earlier === undefined) folder.set(stack, s.path);
    return earlier === undefined || earlier === s.path
      ? []
      : [
          `services[${i}].path: the ${stack} services build from one folder and an earlier one is in "${earlier}"; move "${s.name}" there, or make ${stack} the project's stack`,
        ];
  });
}

/**
 * Every service reads the database and cache connection from the same secret, whose URL is written
 * for the project's stack. A service of another stack may share them only where its driver reads
 * that URL the same way (docs/rules.md STACK-MIX-02).
 */
export function mixedStacksShareConnections(config: Config): string[] {
  if (config.database.engine === "none" && config.cache.engine === "none") return [];
  const own = profileOf(config.stack).connection;
  return config.services.flatMap((s, i) => {
    const stack = stackOf(config, s);
    if (stack === config.stack) return [];
    const theirs = profileOf(stack).connection;
    const same =
      theirs.form === own.form &&
      theirs.secretKey === own.secretKey &&
      (config.database.engine !== "postgres" ||
        (theirs.postgresScheme === own.postgresScheme && theirs.postgresSslMode === own.postgresSslMode)) &&
      (config.database.engine !== "mysql" || theirs.mysqlScheme === own.mysqlScheme);
    return same
      ? []
      : [
          `services[${i}].stack: "${s.name}" is a ${stack} service, but the database and cache connection is written for the project's ${config.stack} driver, which ${stack} reads another way; put the ${stack} code in a project of its own, or make ${stack} the project's stack if its services are the ones that use the database`,
        ];
  });
}

export function dotnetServicesNameAProject(config: Config): string[] {
  return config.services.flatMap((s, i) => {
    const location = profileOf(stackOf(config, s)).service;
    return location.kind !== "project-file" || s.entry?.endsWith(location.extension)
      ? []
      : [
          `services[${i}].entry: .NET services name the project to publish, e.g. "${location.example}"; got ${JSON.stringify(s.entry)}`,
        ];
  });
}

/**
 * A Python web service names the ASGI/WSGI application its server runs ("module:attribute" or
 * Django's "project.wsgi"); any other service its command (the image's own runs the web server).
 */
export function pythonServicesSayWhatTheyRun(config: Config): string[] {
  return config.services.flatMap((s, i) => {
    const location = profileOf(stackOf(config, s)).service;
    if (location.kind !== "app-object" || s.command !== null) return [];
    if (s.kind !== "web")
      return [
        `services[${i}].command: "${s.name}" is a ${s.kind}, so name what it runs, e.g. ["celery", "-A", "app", "worker", "--loglevel=INFO"]`,
      ];
    return s.entry !== null && PYTHON_APP_OBJECT.test(s.entry)
      ? []
      : [
          `services[${i}].entry: name the application the server runs, as a module and its object, e.g. "${location.example}" (Django: "mysite.wsgi"); got ${JSON.stringify(s.entry)}`,
        ];
  });
}

/** "app.main:app", "notes.app:create_app()", "mysite.wsgi" (Gunicorn's default object, `application`). */
const PYTHON_APP_OBJECT = /^[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*(\(\))?)?$/;

export function frameworkOnlyForNode(config: Config): string[] {
  return config.services.flatMap((s, i) =>
    s.framework !== null && profileOf(stackOf(config, s)).defaults.framework === null
      ? [`services[${i}].framework: only Node services have a framework; remove it`]
      : [],
  );
}

/** Whether any service is of a stack whose profile has this default (a framework, a package manager, options). */
function anyServiceOf(config: Config, has: (defaults: StackDefaults) => boolean): boolean {
  return config.services.some((s) => has(profileOf(stackOf(config, s)).defaults));
}

/**
 * pnpm and Yarn build single-package repositories on the public registry in this release: a
 * private feed needs each one's own credential settings (pnpm's .npmrc, Yarn 2's npmAuthToken in
 * .yarnrc.yml), and a workspace service its own way to name the workspace.
 */
export function packageManagerIsSupported(config: Config): string[] {
  const manager = config.packageManager;
  if (manager === null) return [];
  if (!anyServiceOf(config, (d) => d.packageManager !== null))
    return [`packageManager: only Node services have a package manager; remove it`];
  const facts = PACKAGE_MANAGER_FACTS[manager];
  const problems: string[] = [];
  const feedsNode = profileOf(config.stack).defaults.packageManager !== null;
  if (!facts.feeds && feedsNode && config.feed.strategy !== "none")
    problems.push(
      `feed.strategy: "${config.feed.strategy}" is not supported with packageManager "${manager}" yet (only "none" is); use npm (a package-lock.json) for a private feed, or install the internal packages from the public registry`,
    );
  if (!facts.workspaces)
    config.services.forEach((s, i) => {
      if (s.path !== "." && profileOf(stackOf(config, s)).defaults.packageManager !== null)
        problems.push(
          `services[${i}].path: packageManager "${manager}" builds single-package repositories in this release, not the workspace "${s.path}"; use npm workspaces (a package-lock.json) for a monorepo`,
        );
    });
  return problems;
}

export function standaloneOnlyForNext(config: Config): string[] {
  return config.services.flatMap((s, i) =>
    s.standalone !== null && s.framework !== "next"
      ? [`services[${i}].standalone: only Next.js services have a standalone output; remove it`]
      : [],
  );
}

export function railsOptionsOnlyForRails(config: Config): string[] {
  return !anyServiceOf(config, (d) => d.railsOptions !== null) && config.rails !== null
    ? ["rails: only Rails apps take these options; remove the block"]
    : [];
}

/** Uvicorn serves ASGI apps; Django's and Flask's entries here are WSGI applications, which Gunicorn serves. */
export function pythonServerServesTheFramework(config: Config): string[] {
  const python = config.python;
  if (!python || python.server !== "uvicorn" || isAsgi(python.framework)) return [];
  return [
    `python.server: "uvicorn" serves ASGI apps (FastAPI, Starlette), and a ${python.framework} app runs as WSGI under Gunicorn; set it to "gunicorn" or remove it`,
  ];
}

/**
 * The python block describes one app: one set of dependencies, one test run, one folder. Services
 * in another folder would build an image without their dependency files.
 */
export function pythonServicesShareAFolder(config: Config): string[] {
  if (profileOf(config.stack).defaults.pythonOptions === null) return [];
  const own = config.services.map((s, i) => ({ s, i })).filter(({ s }) => stackOf(config, s) === config.stack);
  const first = own[0];
  if (!first) return [];
  return own.flatMap(({ s, i }) =>
    s.path === first.s.path
      ? []
      : [
          `services[${i}].path: the Python services share one app folder, "${first.s.path}" (services[${first.i}].path); got ${JSON.stringify(s.path)}. Move "${s.name}" there, or give it its own config`,
        ],
  );
}

/** The image's /app is the Python app's folder, so the dependency layer can copy only what lies inside it. */
export function pythonRestoreFilesInTheAppFolder(config: Config): string[] {
  if (profileOf(config.stack).defaults.pythonOptions === null) return [];
  const folder = config.services.find((s) => stackOf(config, s) === config.stack)?.path ?? ".";
  return config.restoreFiles.flatMap((file, i) =>
    fromAppFolder(folder, file).startsWith("../")
      ? [
          `restoreFiles[${i}]: the image holds the app's folder "${folder}" alone, so its dependency files come from there; got ${JSON.stringify(file)}. Name a file inside "${folder}/" or remove it`,
        ]
      : [],
  );
}

export function pythonOptionsOnlyForPython(config: Config): string[] {
  return !anyServiceOf(config, (d) => d.pythonOptions !== null) && config.python !== undefined
    ? ["python: only Python apps take these options; remove the block"]
    : [];
}

export function sidecarsAreConsistent(config: Config): string[] {
  return config.services.flatMap((s, i) => {
    const problems: string[] = [];
    const names = new Set([s.name]);
    s.sidecars.forEach((c, j) => {
      const field = `services[${i}].sidecars[${j}]`;
      if (names.has(c.name))
        problems.push(`${field}.name: "${c.name}" is already a container in this task; pick another name`);
      names.add(c.name);
      if (c.receivesTraffic && c.port === null)
        problems.push(`${field}.port: a sidecar that receives traffic needs a port`);
      if (c.receivesTraffic && (s.kind !== "web" || s.port === null))
        problems.push(
          `${field}.receivesTraffic: only a web service with a port takes the load balancer's traffic; remove it or make "${s.name}" a web service with a port`,
        );
      problems.push(...sidecarImageProblems(config, field, c));
      if (c.port !== null && c.port === s.port)
        problems.push(
          `${field}.port: ${c.port} is the app's port; containers in one task share localhost, so use another`,
        );
    });
    if (s.sidecars.filter((c) => c.receivesTraffic).length > 1) {
      problems.push(`services[${i}].sidecars: only one sidecar can receive the load balancer's traffic`);
    }
    const sideCpu = s.sidecars.reduce((sum, c) => sum + c.cpu, 0);
    const sideMemory = s.sidecars.reduce((sum, c) => sum + c.memory, 0);
    if (sideCpu >= s.cpu || sideMemory >= s.memory) {
      problems.push(
        `services[${i}].sidecars: the sidecars take ${sideCpu} CPU units and ${sideMemory} MiB of a ${s.cpu} / ${s.memory} task, leaving nothing for the app; raise the task size`,
      );
    }
    return problems;
  });
}

/** An image in the account's own ECR: pulled through the VPC endpoints, whatever the NAT mode. */
const PRIVATE_ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

/**
 * The traffic sidecar is the generated proxy, built from its own Dockerfile; any other sidecar runs
 * the image it names, which ECS pulls on every task start: a mutable tag could change under a running
 * service, so it is pinned by digest, or comes from the account's own ECR.
 */
function sidecarImageProblems(config: Config, field: string, c: Sidecar): string[] {
  if (c.receivesTraffic)
    return c.image === null
      ? []
      : [
          `${field}.image: the sidecar that receives traffic is the generated nginx proxy, built from its own Dockerfile; remove "image"`,
        ];
  if (c.image === null) return [`${field}.image: name the image this sidecar runs, pinned by digest`];
  if (PRIVATE_ECR_IMAGE.test(c.image)) return [];
  const problems: string[] = [];
  if (!c.image.includes("@sha256:"))
    problems.push(
      `${field}.image: "${c.image}" is a mutable tag; pin it by digest ("${c.image}@sha256:<digest>", from \`docker buildx imagetools inspect ${c.image}\`) or push it to your own ECR`,
    );
  const noNat = Object.entries(config.environments).filter(([, env]) => env?.nat === "none");
  if (noNat.length > 0)
    problems.push(
      `${field}.image: environments without NAT (${noNat.map(([name]) => name).join(", ")}) reach only AWS endpoints, so "${c.image}" cannot be pulled; push it to your own ECR and name that image`,
    );
  return problems;
}

/** A proxy's folder, compose service and ECR repository are its own. */
export function proxiesHaveTheirOwnNames(config: Config): string[] {
  const proxies = planProxies(config);
  return proxies.flatMap((p) => {
    const i = config.services.indexOf(p.service);
    const field = `services[${i}].sidecars[${p.service.sidecars.indexOf(p.sidecar)}].name`;
    const problems: string[] = [];
    if (config.services.some((s) => s.name === p.name))
      problems.push(`${field}: the proxy "${p.name}" has the name of a service; rename the sidecar`);
    const first = proxies.find((q) => q.folder === p.folder);
    if (first && first !== p)
      problems.push(
        `${field}: the proxies of "${first.service.name}" and "${p.service.name}" would share the folder ${p.folder}; give this sidecar another name`,
      );
    return problems;
  });
}

export function autoscalingRangeIsOrdered(config: Config): string[] {
  return config.services.flatMap((s, i) =>
    s.autoscaling && s.autoscaling.min > s.autoscaling.max
      ? [`services[${i}].autoscaling: min (${s.autoscaling.min}) is above max (${s.autoscaling.max}); swap them`]
      : [],
  );
}

export function environmentOverridesNameServices(config: Config): string[] {
  const names = config.services.map((s) => s.name);
  return Object.entries(config.environments).flatMap(([envName, env]) =>
    Object.keys(env?.services ?? {})
      .filter((n) => !names.includes(n))
      .map(
        (n) =>
          `environments.${envName}.services.${n}: there is no service named "${n}"; use one of ${names.join(", ")}`,
      ),
  );
}

export function awsAccountIsSet(config: Config): string[] {
  return config.aws.accountId === null
    ? [
        "aws.accountId: the task definitions and IAM policies name ARNs in your AWS account; set it to the 12-digit id (`aws sts get-caller-identity --query Account --output text` prints it)",
      ]
    : [];
}

/** The ids only mean something beside the name they belong to, and only as a pair. */
export function githubIdsArePaired(config: Config): string[] {
  const { repository, ownerId, repositoryId } = config.github;
  if (ownerId === null && repositoryId === null) return [];
  const lookup = `\`gh api repos/${repository ?? "OWNER/NAME"} --jq '.owner.id, .id'\` prints both`;
  if (repository === null)
    return [
      "github.repository: the ids name a repository; set github.repository too, or remove github.ownerId and github.repositoryId",
    ];
  if (ownerId === null) return [`github.ownerId: set it beside github.repositoryId (${lookup})`];
  if (repositoryId === null) return [`github.repositoryId: set it beside github.ownerId (${lookup})`];
  return [];
}

export function prodIsServedOverHttps(config: Config): string[] {
  if (!prodOnPlainHttp(config) || config.environments.prod!.allowPlainHttp) return [];
  return [
    'environments.prod: prod has web services but no domain, so its load balancer would serve it over plain HTTP on its AWS name (no certificate: passwords and session cookies cross the internet readable); set "domain" (e.g. "example.com", served over HTTPS with ACM and Route 53) or environments.prod.domain, or set environments.prod.allowPlainHttp to true to accept plain HTTP',
  ];
}

export function routingIsConsistent(config: Config): string[] {
  const problems: string[] = [];
  const hasDomain = config.domain !== null || Object.values(config.environments).some((e) => e?.domain);
  let defaultRoute: string | null = null;
  config.services.forEach((s, i) => {
    if (s.routing === null) return;
    const field = `services[${i}].routing`;
    if (s.kind !== "web") {
      problems.push(`${field}: a ${s.kind} receives no traffic; remove routing or set kind to "web"`);
      return;
    }
    if (s.routing.host !== null && !hasDomain)
      problems.push(`${field}.host: host routing needs a domain; set "domain" or remove the host`);
    if (s.routing.paths.length === 0 && s.routing.host === null) {
      if (defaultRoute)
        problems.push(
          `${field}: "${defaultRoute}" already takes every request no rule matches; give "${s.name}" paths (e.g. ["/${s.name}/*"]) or a host`,
        );
      else defaultRoute = s.name;
    }
  });
  return problems;
}

export function feedStrategyIsAvailable(config: Config): string[] {
  const { strategy } = config.feed;
  const available = feedStrategiesOf(config.stack);
  if (available.includes(strategy)) return [];
  const why = profileOf(config.stack).feed.unavailableReason;
  return [
    `feed.strategy: "${strategy}" is not available for ${config.stack} (${why}); use one of ${available.map((s) => `"${s}"`).join(", ")}`,
  ];
}

export function feedSettingsAreComplete(config: Config): string[] {
  const feed = config.feed;
  const takes = profileOf(config.stack).feed;
  const problems: string[] = [];
  if (feed.strategy === "codeartifact") {
    if (feed.domain === null) problems.push('feed.domain: codeartifact needs the CodeArtifact domain, e.g. "acme"');
    if (feed.repository === null)
      problems.push('feed.repository: codeartifact needs the repository in the domain, e.g. "internal"');
  }
  if (feed.strategy === "github-packages" && feed.owner === null && config.github.repository === null)
    problems.push(
      'feed.owner: github-packages needs the user or organisation that publishes the packages; set feed.owner or github.repository ("owner/name")',
    );
  if (takes.npmScope && feed.strategy === "codeartifact" && feed.scope === null)
    problems.push(
      'feed.scope: name the npm scope the private registry serves, e.g. "@acme", so public packages still come from npmjs (dependency confusion)',
    );
  if (takes.npmScope && feed.strategy === "github-packages" && feed.scope !== null) {
    const owner = (feed.owner ?? config.github.repository?.split("/")[0] ?? "").toLowerCase();
    if (feed.scope !== `@${owner}`)
      problems.push(
        `feed.scope: GitHub Packages serves only the owner's scope "@${owner}"; remove feed.scope or use it`,
      );
  }
  if (!takes.packagePatterns && feed.packagePatterns.length > 0)
    problems.push("feed.packagePatterns: NuGet package source mapping is for .NET only; remove it");
  if (!takes.npmScope && feed.scope !== null) problems.push("feed.scope: npm scopes are for Node only; remove it");
  if (feed.strategy === "s3" && feed.bucket === null)
    problems.push('feed.bucket: s3 needs the bucket that holds the packages, e.g. "acme-packages"');
  if (feed.strategy === "ecr-image") {
    if (feed.repository === null)
      problems.push('feed.repository: ecr-image needs the ECR repository of the package image, e.g. "acme-packages"');
    else if (!/^[a-z0-9]+([._-][a-z0-9]+)*$/.test(feed.repository))
      problems.push(
        `feed.repository: "${feed.repository}" is not an ECR repository name; use lower case, digits, ".", "_" and "-"`,
      );
    if (feed.tag === null)
      problems.push('feed.tag: ecr-image needs the immutable tag of the package image, e.g. "2026.11.1"');
    else if (feed.tag === "latest")
      problems.push('feed.tag: "latest" moves; pin the package image to an immutable tag, e.g. "2026.11.1"');
  }
  if (feed.strategy !== "codeartifact" && feed.domain !== null)
    problems.push("feed.domain: only codeartifact reads it; remove it");
  if (feed.createRepository && !["codeartifact", "s3", "ecr-image"].includes(feed.strategy))
    problems.push(`feed.createRepository: "${feed.strategy}" has no package store to create; remove it`);
  return [...problems, ...feedPackageProblems(config)];
}

/** feed.packages: what each strategy needs of the list of internal packages. */
function feedPackageProblems(config: Config): string[] {
  const { strategy, packages } = config.feed;
  const takes = profileOf(config.stack).feed;
  const problems: string[] = [];
  if (!isFolderStrategy(strategy)) {
    if (packages.length > 0) problems.push(`feed.packages: "${strategy}" does not build packages; remove the list`);
    return problems;
  }
  const workspaces = strategy === "source" && takes.source === "workspaces";
  if (packages.length === 0 && (strategy === "source" || strategy === "ci-artifacts"))
    problems.push(
      `feed.packages: "${strategy}" builds the internal packages, so list them in build order, e.g. [{ "name": "Acme.Core", ${workspaces ? '"path": "packages/core"' : '"repository": "acme/Acme.Core"'} }]`,
    );
  const siblings = strategy === "source" && !workspaces;
  const seen = new Set<string>();
  packages.forEach((p, i) => {
    const field = `feed.packages[${i}]`;
    const context = buildContextName(p.name);
    if (seen.has(context)) problems.push(`${field}.name: "${p.name}" is listed twice`);
    seen.add(context);
    if (siblings && (p.path === null || !/^\.\.\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p.path)))
      problems.push(
        `${field}.path: name the sibling repository's folder beside this project, e.g. "../${p.name.replace(/^@[^/]+\//, "")}"`,
      );
    if (siblings && p.path !== null && posix.basename(p.path) === "app")
      problems.push(`${field}.path: CI checks this project out as "app"; a sibling folder cannot have that name`);
    if (workspaces && (p.path === null || p.path.startsWith("/") || p.path.split("/").includes("..")))
      problems.push(`${field}.path: name the workspace folder inside this project, e.g. "packages/ui"`);
    if (!siblings && !workspaces && p.path !== null)
      problems.push(`${field}.path: "${strategy}" builds packages from their repositories in CI; remove the path`);
    if (workspaces && p.repository !== null)
      problems.push(`${field}.repository: a workspace package is built from this repository; remove it`);
    if (!workspaces && p.repository === null)
      problems.push(
        `${field}.repository: name the GitHub repository ("owner/name") CI checks out to build "${p.name}"`,
      );
    if (p.project !== null && !takes.packProject)
      problems.push(`${field}.project: only .NET packs a project; remove it`);
  });
  return problems;
}

export const CONFIG_RULES: Rule[] = [
  runtimeVersionIsSupported,
  serviceStacksAreConsistent,
  serviceStackFoldersAreTheirOwn,
  mixedStacksShareConnections,
  serviceNamesAreUnique,
  hostPortsAreUnique,
  portsAreUnprivileged,
  portsMatchServiceKind,
  fargateCpuMemoryIsValid,
  dotnetServicesNameAProject,
  pythonServicesSayWhatTheyRun,
  frameworkOnlyForNode,
  packageManagerIsSupported,
  standaloneOnlyForNext,
  railsOptionsOnlyForRails,
  pythonOptionsOnlyForPython,
  pythonServerServesTheFramework,
  pythonServicesShareAFolder,
  pythonRestoreFilesInTheAppFolder,
  sidecarsAreConsistent,
  proxiesHaveTheirOwnNames,
  autoscalingRangeIsOrdered,
  environmentOverridesNameServices,
  feedStrategyIsAvailable,
  feedSettingsAreComplete,
  awsAccountIsSet,
  githubIdsArePaired,
  prodIsServedOverHttps,
  routingIsConsistent,
  cacheMajorRunsOnElastiCache,
  ...COST_SHAPING_RULES,
  ...JOB_RULES,
  ...SECRET_RULES,
  ...DEPLOYMENT_RULES,
];

/** The local cache container and ElastiCache run the same major, so what passes locally runs in AWS. */
export function cacheMajorRunsOnElastiCache(config: Config): string[] {
  const { engine, version } = config.cache;
  if (engine === "none" || version === null) return [];
  const majors: readonly string[] = ELASTICACHE_MAJORS[engine];
  if (majors.includes(majorOf(version))) return [];
  if (engine === "redis")
    return [
      `cache.version: ElastiCache runs Redis OSS ${majors.join(" or ")} (up to 7.1), so Redis ${version} would run only on your machine; set cache.engine to "valkey" (ElastiCache Valkey ${ELASTICACHE_MAJORS.valkey.join(", ")}; it speaks the Redis protocol) or cache.version to "7"`,
    ];
  return [
    `cache.version: ElastiCache runs Valkey ${majors.join(", ")}; got "${version}". Set cache.version to one of them, e.g. "8"`,
  ];
}

export function checkConfigRules(config: Config): string[] {
  return CONFIG_RULES.flatMap((rule) => rule(config));
}

/** Not errors: things the user should know about the config they chose. */
export function configWarnings(config: Config): string[] {
  return [
    ...stacksOf(config).flatMap((stack) => {
      const { defaults } = profileOf(stack);
      const version = runtimeVersionOf(config, stack);
      const eol = defaults.endOfLife[version];
      if (!eol) return [];
      return [
        `${versionField(config, stack)}: ${stack} ${version} reached end of support on ${eol}; consider "${defaults.runtimeVersion}"`,
      ];
    }),
    ...config.services.flatMap((s, i) =>
      s.dockerfile && s.port !== null && s.port < 1024 ? [privilegedPortWarning(`services[${i}]`, s.port)] : [],
    ),
    ...(prodOnPlainHttp(config)
      ? [
          'environments.prod.allowPlainHttp: prod is served over plain HTTP on its load balancer\'s AWS name, unencrypted; set "domain" to serve it over HTTPS',
        ]
      : []),
    ...sharedSecretWarnings(config),
    ...prodScheduleWarnings(config),
  ];
}

/** An adopted Dockerfile that listens below 1024: the task will not start on Fargate as a non-root user. */
export function privilegedPortWarning(field: string, port: number): string {
  return `${field}.port: the Dockerfile listens on ${port}; ECS lets only root bind a port below 1024 (aws/containers-roadmap#1721), so a non-root container cannot start there: make the app listen on 1024 or above (Thruster: HTTP_PORT), EXPOSE that port and set ${field}.port to it`;
}

/** Where a stack's runtime version is set: the top level for the project's stack, else its first service that sets one. */
function versionField(config: Config, stack: Stack): string {
  if (stack === config.stack) return "runtimeVersion";
  const i = config.services.findIndex((s) => stackOf(config, s) === stack && s.runtimeVersion !== null);
  return i < 0
    ? `services[${config.services.findIndex((s) => stackOf(config, s) === stack)}].runtimeVersion`
    : `services[${i}].runtimeVersion`;
}
