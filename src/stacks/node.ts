// Node (Next.js, NestJS, Express or plain Node): what the tool generates for a Node app, and why.
import { posix } from "node:path";
import { corepackEnv, corepackSetup, packageManagerFacts, runScript } from "./node-package-managers.js";
import { joinPath } from "./paths.js";
import { URL_CONNECTION, type Framework, type ServiceFacts, type StackProfile } from "./profile.js";

// Docker Official Image "node": LTS majors 22/24/26 with -slim (Debian). Checked 2026-11-22.
export const NODE_IMAGE = (major: string) => `node:${major}-slim`;

/** The file `node` starts in the image, by framework. */
export const NODE_ENTRY: Record<Framework, string> = {
  next: "server.js", // Next.js standalone output (docs/rules.md DF-NODE-07)
  nest: "dist/main.js",
  express: "index.js",
  node: "index.js",
};

/** Frameworks that need a build step before they can run. */
export const NODE_BUILD_SCRIPT: Record<Framework, string | null> = {
  next: "build",
  nest: "build",
  express: null,
  node: null,
};

/**
 * A service without a dev script. One that builds has no build output in the deps stage nor in a
 * fresh clone, so it is built first; then its build script runs again with --watch (tsc, tsup,
 * esbuild, swc and vite all take it) while node restarts on each new output.
 */
function nodeWatch(service: ServiceFacts, run: (script: string) => string[], entry: string): string[] {
  if (!service.buildScript) return ["node", "--watch", entry];
  const build = run(service.buildScript).join(" ");
  return ["sh", "-c", `${build} && (${build} -- --watch & exec node --watch ${entry})`];
}

const unique = (items: string[]) => [...new Set(items)];

/** The Node image has no curl: `node` itself asks, with its global fetch (Node 18 and later). */
const nodeHealthCheck = (url: string) => [
  "CMD",
  "node",
  "-e",
  `fetch("${url}").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
];

export const NODE: StackProfile = {
  label: "Node",
  defaults: {
    // Node 24 is in LTS; 22 and 26 are allowed LTS lines, odd majors never are (docs/rules.md section 0).
    runtimeVersion: "24",
    supportedVersions: /^(22|24|26)$/,
    supportedVersionsHint: '"22", "24" or "26" (LTS majors)',
    endOfLife: {},
    port: 3000,
    healthCheckPath: "/health",
    // Prisma, knex, TypeORM and others each have their own command: configured, not guessed.
    migrateCommand: null,
    framework: "node",
    packageManager: "npm",
    pythonOptions: null,
    railsOptions: null,
  },
  service: { kind: "package-folder" },
  portVariable: "PORT",
  connection: {
    ...URL_CONNECTION,
    postgresScheme: "postgres",
    mysqlScheme: "mysql",
    // node-postgres verifies the certificate for "require", and Node does not ship the RDS CA:
    // "no-verify" encrypts without verifying until the app loads the RDS CA bundle
    // (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html).
    postgresSslMode: "no-verify",
  },
  healthCheck: nodeHealthCheck,
  restoreFiles: (services, packageManager) =>
    unique([
      "package.json",
      packageManagerFacts(packageManager).lockfile,
      ...services.filter((s) => s.path !== ".").map((s) => `${s.path}/package.json`),
    ]),
  development: {
    output: ".next/, dist/",
    plan: ({ service, packageManager, workspacePackages }) => {
      const manager = packageManagerFacts(packageManager);
      const run = (script: string) => runScript(manager, script, service.path);
      const entry = joinPath(service.path, service.entry!);
      const defaultCommand: Record<Framework, string[]> = {
        next: run("dev"),
        nest: nodeWatch(service, run, entry),
        express: nodeWatch(service, run, entry),
        node: nodeWatch(service, run, entry),
      };
      const mount = service.path === "." ? "/app" : `/app/${service.path}`;
      return {
        target: "deps",
        buildArgs: [],
        entrypoint: null,
        command:
          service.devCommand ??
          (service.devScript ? run(service.devScript) : defaultCommand[service.framework ?? "node"]),
        // The anonymous volume keeps the image's node_modules visible under the bind mount. The
        // internal workspace packages (feed "source") are mounted too: the deps stage holds only
        // their package.json, and node_modules links to their folders.
        volumes: [
          `./${service.path === "." ? "" : service.path}:${mount}`.replace("./:", ".:"),
          `${mount}/node_modules`,
          ...workspacePackages.filter((path) => path !== service.path).map((path) => `./${path}:/app/${path}`),
        ],
        environment: [{ key: "NODE_ENV", value: "development" }],
      };
    },
  },
  testJob: ({ runtimeVersion, testCommand, packageManager, workspaces, packageBuilds }) => {
    const manager = packageManagerFacts(packageManager);
    const setup = corepackSetup(manager, runtimeVersion);
    return {
      image: NODE_IMAGE(runtimeVersion),
      env: corepackEnv(manager),
      steps: [
        { name: "Install", run: [...(setup ? [setup] : []), manager.install].join(" && ") },
        // Tests that import an internal workspace package need it built, as the image build does.
        ...packageBuilds,
        { name: "Test", run: testCommand ?? manager.test(workspaces) },
      ],
      backingServices: false,
      workingDirectory: null,
    };
  },
  feed: {
    strategies: {
      none: "the public npm registry only",
      source: "workspace packages, built in the monorepo",
      codeartifact: "an AWS CodeArtifact npm repository for your scope; public packages still come from npmjs",
      "github-packages": "GitHub Packages (npm) for the owner's scope, read with the workflow's GITHUB_TOKEN",
      s3: "npm pack tarballs in an S3 bucket, synced by CI (with a read-only role) into .feed/",
      "ci-artifacts": "npm pack tarballs built by a workflow job and handed to the image build as .feed/",
      "ecr-image": "package tarballs shipped in an image in ECR and copied in with COPY --from",
    },
    unavailableReason: "it does not apply",
    publicRegistry: "the public npm registry (registry.npmjs.org)",
    source: "workspaces",
    // Folder feeds are "file:" dependencies, and workspaces need no registry at all.
    registryFile: { name: ".npmrc", format: "npmrc", forFolders: false },
    credential: "feed-token",
    // The npm endpoint of the repository itself (docs/rules.md FEED-NPM-03).
    codeartifact: { format: "npm", url: (endpoint) => endpoint },
    // npm.pkg.github.com, scoped to the owner (docs/rules.md FEED-NPM-04).
    githubPackages: { host: "npm.pkg.github.com", url: (host) => `https://${host}/` },
    // `npm ci` first runs the package's `prepare` build.
    pack: {
      fromAppCheckout: false,
      command: ({ checkout, output }) => `npm ci && npm pack --pack-destination ${posix.relative(checkout, output)}`,
    },
    folderConsumption: (_registryFile, folder) =>
      `\`package.json\` depends on each tarball as \`"file:${folder}/<name>-<version>.tgz"\``,
    npmScope: true,
    packagePatterns: false,
    packProject: false,
  },
};
