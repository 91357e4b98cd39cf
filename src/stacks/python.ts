// Python (FastAPI, Starlette, Django, Flask): what the tool generates for a Python app, and why.
import { posix } from "node:path";
import { joinPath } from "./paths.js";
import type {
  PythonFramework,
  PythonOptions,
  PythonPackageManager,
  PythonServer,
  ServiceFacts,
  StackProfile,
  TokenIndex,
} from "./profile.js";
import { NAMELESS_HOME, STOP_TIMEOUT_SECONDS, URL_CONNECTION } from "./profile.js";

// Docker Official Image "python": <version>-slim (Debian), the variant the image's own page
// recommends for size. https://hub.docker.com/_/python (the tag scheme is the page's; not checked
// against the registry itself, 2026-12-03).
export const PYTHON_IMAGE = "docker.io/library/python:$PYTHON_VERSION-slim";
// The full python image (not -slim) has the compilers and libpq/libmysqlclient headers that
// packages without a wheel for the platform build from source. https://hub.docker.com/_/python.
const PYTHON_TEST_IMAGE = (version: string) => `python:${version}`;

/**
 * The installers the image build and CI install with pip, pinned so a new release cannot change a
 * build. https://pypi.org/project/poetry/2.2.1/ and https://pypi.org/project/uv/0.9.5/ (uv 0.9.5:
 * released 2025-10-21 per its changelog; neither pin was checked against PyPI itself, 2026-12-03).
 */
export const PYTHON_INSTALLERS = { poetry: "poetry==2.2.1", uv: "uv==0.9.5" } as const;

/** Where the image keeps the app's virtual environment: outside /app, so a development bind mount leaves it alone. */
export const PYTHON_VENV = "/opt/venv";

/** What each package manager installs from, and how: in the image (production or development) and in CI. */
export interface PythonInstall {
  /** The files the dependency layer copies before the source. */
  restoreFiles: string[];
  /** The project's own settings file the installer reads when it is there (its sources, for one); null: none. */
  settingsFile: string | null;
  /** The build argument that chooses production or all dependencies, and its two values (one word each: it is quoted). */
  groupsArg: { key: string; production: string; development: string };
}

export const PYTHON_PACKAGE_MANAGER_FACTS: Record<PythonPackageManager, PythonInstall> = {
  // `poetry sync` (Poetry 2) installs exactly the lock; --no-root skips the project itself, whose
  // source is not copied yet. https://python-poetry.org/docs/cli/#sync
  poetry: {
    restoreFiles: ["pyproject.toml", "poetry.lock"],
    // https://python-poetry.org/docs/configuration/#local-configuration
    settingsFile: "poetry.toml",
    groupsArg: { key: "POETRY_GROUPS", production: "--only=main", development: "--all-groups" },
  },
  // https://docs.astral.sh/uv/guides/integration/docker/#intermediate-layers
  uv: {
    restoreFiles: ["pyproject.toml", "uv.lock"],
    // https://docs.astral.sh/uv/concepts/configuration-files/
    settingsFile: "uv.toml",
    groupsArg: { key: "UV_GROUPS", production: "--no-dev", development: "--all-groups" },
  },
  pip: {
    restoreFiles: ["requirements.txt"],
    settingsFile: null,
    groupsArg: { key: "REQUIREMENTS", production: "requirements.txt", development: "requirements.txt" },
  },
};

/** A pip project's development requirements, when the repository has them beside requirements.txt. */
export const PIP_DEV_REQUIREMENTS = ["requirements-dev.txt", "requirements/dev.txt", "dev-requirements.txt"];

/** The name Poetry and uv know the private index by, in the project's pyproject.toml. */
export const PYTHON_INDEX_NAME = "codeartifact";

/**
 * The variables that hand an install the private index's token (FEED_TOKEN, from the BuildKit
 * secret or CI's token step), set for that one command. pip takes the whole index URL
 * (https://pip.pypa.io/en/stable/topics/configuration/#environment-variables); Poetry and uv lock
 * each package's index URL, so they read credentials for the source the project names
 * (https://python-poetry.org/docs/repositories/#configuring-credentials,
 * https://docs.astral.sh/uv/configuration/indexes/#providing-credentials-directly).
 */
export function pythonIndexCredentials(manager: PythonPackageManager, index: TokenIndex): string {
  const name = PYTHON_INDEX_NAME.toUpperCase();
  switch (manager) {
    case "pip":
      return `PIP_INDEX_URL="${index.url.replace(/^https:\/\//, `https://${index.username}:\${FEED_TOKEN}@`)}"`;
    case "poetry":
      return `POETRY_HTTP_BASIC_${name}_USERNAME=${index.username} POETRY_HTTP_BASIC_${name}_PASSWORD="\${FEED_TOKEN}"`;
    case "uv":
      return `UV_INDEX_${name}_USERNAME=${index.username} UV_INDEX_${name}_PASSWORD="\${FEED_TOKEN}"`;
  }
}

/** The server each framework runs under when python.server leaves it open: ASGI under Uvicorn, WSGI under Gunicorn. */
const FRAMEWORK_SERVER: Record<PythonFramework, PythonServer> = {
  fastapi: "uvicorn",
  starlette: "uvicorn",
  django: "gunicorn",
  flask: "gunicorn",
};

/** Whether the framework's application is ASGI (Uvicorn serves it, or Gunicorn through Uvicorn workers). */
export const isAsgi = (framework: PythonFramework) => FRAMEWORK_SERVER[framework] === "uvicorn";

/** The server the web service runs: python.server, else the framework's own. */
export const pythonServer = (python: PythonOptions): PythonServer =>
  python.server ?? FRAMEWORK_SERVER[python.framework];

/**
 * Gunicorn's worker class for an ASGI app: the uvicorn-worker package's. Uvicorn 0.30.0 deprecated
 * its own uvicorn.workers module in favour of that package (encode/uvicorn#2302,
 * https://github.com/Kludex/uvicorn-worker).
 */
export const UVICORN_WORKER = { dependency: "uvicorn-worker", workerClass: "uvicorn_worker.UvicornWorker" } as const;

/**
 * The worker processes Gunicorn starts when WEB_CONCURRENCY is not set otherwise (it reads that
 * variable, https://docs.gunicorn.org/en/stable/settings.html#workers): two suit Fargate's 0.25-1
 * vCPU, where Gunicorn's "2 x cores + 1" would outgrow 512 MiB-2 GiB of memory; a larger task
 * sets services[].environment.WEB_CONCURRENCY.
 */
export const GUNICORN_WORKERS = 2;

/**
 * How long the server lets requests in flight finish after SIGTERM: below the web container's stop
 * timeout, so it exits on its own before ECS kills it. Gunicorn's default of 30 s is not below it
 * (https://docs.gunicorn.org/en/stable/settings.html#graceful-timeout); Uvicorn waits without limit
 * unless told (https://www.uvicorn.org/settings/#timeouts).
 */
export const GRACEFUL_SHUTDOWN_SECONDS = STOP_TIMEOUT_SECONDS.web - 5;

/** The server a web service runs in production: Uvicorn, or Gunicorn with WSGI or Uvicorn workers. */
export function pythonServerCommand(python: PythonOptions, entry: string, port: number): string[] {
  const graceful = String(GRACEFUL_SHUTDOWN_SECONDS);
  if (pythonServer(python) === "uvicorn")
    // The load balancer is the only client the security group admits, so its X-Forwarded-* are
    // trusted (Uvicorn trusts only 127.0.0.1 by default). https://www.uvicorn.org/settings/#http
    return [
      "uvicorn",
      entry,
      ...["--host", "0.0.0.0", "--port", String(port)],
      ...["--proxy-headers", "--forwarded-allow-ips", "*"],
      ...["--timeout-graceful-shutdown", graceful],
    ];
  // Gunicorn trusts X-Forwarded-* from the addresses --forwarded-allow-ips lists
  // (https://docs.gunicorn.org/en/stable/settings.html#forwarded-allow-ips); the Uvicorn worker
  // hands the same setting to Uvicorn (its UvicornWorker's config_kwargs, github.com/Kludex/uvicorn-worker).
  return [
    "gunicorn",
    entry,
    ...(isAsgi(python.framework) ? ["--worker-class", UVICORN_WORKER.workerClass] : []),
    ...["--bind", `0.0.0.0:${port}`, "--forwarded-allow-ips", "*", "--graceful-timeout", graceful],
  ];
}

/**
 * The folder the Python app lives in ("." for the root): its dependency files, its source and its
 * tests. The config rules keep every Python service in one folder.
 */
export const pythonAppFolder = (folders: readonly string[]): string => folders[0] ?? ".";

/** A project-relative path as seen from the app's folder (the image's /app, CI's working directory). */
export const fromAppFolder = (folder: string, path: string): string => posix.relative(folder, path) || ".";

/** The development server, reloading on every change of the mounted source. */
function pythonDevCommand(framework: PythonFramework, entry: string, port: number): string[] {
  switch (framework) {
    case "fastapi":
    case "starlette":
      return ["uvicorn", entry, "--reload", "--host", "0.0.0.0", "--port", String(port)];
    case "django":
      return ["python", "manage.py", "runserver", `0.0.0.0:${port}`];
    case "flask":
      return ["flask", "--app", entry, "run", "--debug", "--host", "0.0.0.0", "--port", String(port)];
  }
}

function developmentCommand(service: ServiceFacts, python: PythonOptions): string[] | null {
  if (service.devCommand) return service.devCommand;
  if (service.kind !== "web" || service.entry === null || service.port === null) return service.command;
  return pythonDevCommand(python.framework, service.entry, service.port);
}

/**
 * The build argument development passes: every dependency group, or pip's development requirements
 * (restoreFiles are project-relative; the install runs in the app's folder).
 */
function developmentGroups(python: PythonOptions, restoreFiles: string[], folder: string): string {
  const { groupsArg } = PYTHON_PACKAGE_MANAGER_FACTS[python.packageManager];
  if (python.packageManager !== "pip") return groupsArg.development;
  const inFolder = restoreFiles.map((f) => fromAppFolder(folder, f));
  return inFolder.find((f) => PIP_DEV_REQUIREMENTS.includes(f)) ?? groupsArg.development;
}

/** CI's install and the prefix its commands run with, by package manager. */
function ciInstall(
  python: PythonOptions,
  restoreFiles: string[],
  folder: string,
  tokenIndex: TokenIndex | null,
): { install: string; run: string } {
  const credentials = tokenIndex ? `${pythonIndexCredentials(python.packageManager, tokenIndex)} ` : "";
  switch (python.packageManager) {
    case "poetry":
      return {
        install: `pip install ${PYTHON_INSTALLERS.poetry} && ${credentials}poetry sync --no-root`,
        run: "poetry run ",
      };
    case "uv":
      return {
        install: `pip install ${PYTHON_INSTALLERS.uv} && ${credentials}uv sync --locked --no-install-project`,
        run: "uv run ",
      };
    case "pip":
      return {
        install: `${credentials}pip install -r ${developmentGroups(python, restoreFiles, folder)}`,
        run: "",
      };
  }
}

/** The runtime image has no curl: Python asks; urlopen raises (exit 1) on an error status or no answer. */
const pythonHealthCheck = (url: string) => [
  "CMD",
  "python",
  "-c",
  `import urllib.request; urllib.request.urlopen("${url}", timeout=4)`,
];

const requirePython = (python: PythonOptions | null): PythonOptions => {
  if (python === null) throw new Error("a Python config is normalised with its python block");
  return python;
};

export const PYTHON: StackProfile = {
  label: "Python (FastAPI, Django, Flask)",
  defaults: {
    // CPython lines in bugfix or security support with official slim images as of 2026-12
    // (https://devguide.python.org/versions/: 3.10 reached end of life 2026-10).
    runtimeVersion: "3.13",
    supportedVersions: /^3\.(11|12|13|14)(\.\d+)?$/,
    supportedVersionsHint: '"3.11", "3.12", "3.13" or "3.14" (optionally with a patch, e.g. "3.13.9")',
    endOfLife: {},
    port: 8000,
    healthCheckPath: "/health",
    // Django's migrations are proposed by init where the app has them (`python manage.py migrate`);
    // Alembic and others are configured, not guessed.
    migrateCommand: null,
    framework: null,
    packageManager: null,
    railsOptions: null,
    pythonOptions: { framework: "fastapi", packageManager: "pip", server: "uvicorn" },
  },
  service: { kind: "app-object", example: "app.main:app" },
  portVariable: "PORT",
  connection: {
    ...URL_CONNECTION,
    // SQLAlchemy's dialect is "postgresql" (1.4 dropped the "postgres" alias; docs.sqlalchemy.org/en/20/dialects/postgresql.html);
    // psycopg, asyncpg and dj-database-url read "postgresql://" too.
    postgresScheme: "postgresql",
    mysqlScheme: "mysql",
    // libpq (psycopg) and asyncpg encrypt with sslmode=require
    // (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html).
    postgresSslMode: "require",
  },
  healthCheck: pythonHealthCheck,
  // The dependency files of the app's folder, as paths from the project root (the build context).
  restoreFiles: (services, _packageManager, python) => {
    const folder = pythonAppFolder(services.map((s) => s.path));
    return PYTHON_PACKAGE_MANAGER_FACTS[requirePython(python).packageManager].restoreFiles.map((f) =>
      joinPath(folder, f),
    );
  },
  development: {
    output: "new migrations, .pytest_cache/, uploaded media",
    plan: ({ service, python, restoreFiles }) => {
      const options = requirePython(python);
      const { groupsArg } = PYTHON_PACKAGE_MANAGER_FACTS[options.packageManager];
      return {
        target: "build",
        buildArgs: [{ key: groupsArg.key, value: developmentGroups(options, restoreFiles, service.path) }],
        entrypoint: null,
        command: developmentCommand(service, options),
        // The app's folder is the image's /app (templates/docker/python/Dockerfile.hbs).
        volumes: [`${service.path === "." ? "." : `./${service.path}`}:/app`],
        environment: [{ key: "PYTHONDONTWRITEBYTECODE", value: "1" }, NAMELESS_HOME],
      };
    },
  },
  testJob: ({ runtimeVersion, testCommand, python, restoreFiles, serviceFolders, tokenIndex }) => {
    const folder = pythonAppFolder(serviceFolders);
    const { install, run } = ciInstall(requirePython(python), restoreFiles, folder, tokenIndex);
    return {
      image: PYTHON_TEST_IMAGE(runtimeVersion),
      env: [
        { key: "PIP_DISABLE_PIP_VERSION_CHECK", value: "1" },
        { key: "PIP_ROOT_USER_ACTION", value: "ignore" },
      ],
      steps: [
        { name: "Install dependencies", run: install },
        { name: "Test", run: testCommand ?? `${run}pytest` },
      ],
      backingServices: true,
      // pytest, Poetry and uv find the project from the folder they run in.
      workingDirectory: folder === "." ? null : folder,
    };
  },
  feed: {
    strategies: {
      none: "pypi.org only",
      codeartifact: `an AWS CodeArtifact PyPI repository, with a token the CI role fetches (Poetry and uv: the source named "${PYTHON_INDEX_NAME}" in pyproject.toml)`,
    },
    unavailableReason: "GitHub Packages has no Python registry, and a folder of wheels is not wired for Python yet",
    publicRegistry: "pypi.org",
    source: "path-siblings",
    registryFile: null,
    credential: "index-variables",
    // CodeArtifact's pip endpoint: <repository endpoint>simple/
    // (https://docs.aws.amazon.com/codeartifact/latest/ug/python-configure-pip.html).
    codeartifact: { format: "pypi", url: (endpoint) => `${endpoint}simple/` },
    githubPackages: null,
    pack: null,
    folderConsumption: (_registryFile, folder) => `pip installs with \`--find-links ${folder}\``,
    npmScope: false,
    packagePatterns: false,
    packProject: false,
  },
};
