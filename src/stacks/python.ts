// Python (FastAPI, Starlette, Django, Flask): what the tool generates for a Python app, and why.
import type {
  PythonFramework,
  PythonOptions,
  PythonPackageManager,
  ServiceFacts,
  StackProfile,
  TokenIndex,
} from "./profile.js";
import { NAMELESS_HOME, URL_CONNECTION } from "./profile.js";

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
  /** The build argument that chooses production or all dependencies, and its two values (one word each: it is quoted). */
  groupsArg: { key: string; production: string; development: string };
}

export const PYTHON_PACKAGE_MANAGER_FACTS: Record<PythonPackageManager, PythonInstall> = {
  // `poetry sync` (Poetry 2) installs exactly the lock; --no-root skips the project itself, whose
  // source is not copied yet. https://python-poetry.org/docs/cli/#sync
  poetry: {
    restoreFiles: ["pyproject.toml", "poetry.lock"],
    groupsArg: { key: "POETRY_GROUPS", production: "--only=main", development: "--all-groups" },
  },
  // https://docs.astral.sh/uv/guides/integration/docker/#intermediate-layers
  uv: {
    restoreFiles: ["pyproject.toml", "uv.lock"],
    groupsArg: { key: "UV_GROUPS", production: "--no-dev", development: "--all-groups" },
  },
  pip: {
    restoreFiles: ["requirements.txt"],
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

/** The server a web service runs in production: the ASGI frameworks under Uvicorn, the WSGI ones under Gunicorn. */
export function pythonServerCommand(framework: PythonFramework, entry: string, port: number): string[] {
  const bind = ["--host", "0.0.0.0", "--port", String(port)];
  switch (framework) {
    case "fastapi":
    case "starlette":
      // The load balancer is the only client the security group admits, so its X-Forwarded-* are
      // trusted (Uvicorn trusts only 127.0.0.1 by default). https://www.uvicorn.org/settings/#http
      return ["uvicorn", entry, ...bind, "--proxy-headers", "--forwarded-allow-ips", "*"];
    case "django":
    case "flask":
      return ["gunicorn", entry, "--bind", `0.0.0.0:${port}`, "--forwarded-allow-ips", "*"];
  }
}

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

/** The build argument development passes: every dependency group, or pip's development requirements. */
function developmentGroups(python: PythonOptions, restoreFiles: string[]): string {
  const { groupsArg } = PYTHON_PACKAGE_MANAGER_FACTS[python.packageManager];
  if (python.packageManager !== "pip") return groupsArg.development;
  return restoreFiles.find((f) => PIP_DEV_REQUIREMENTS.includes(f)) ?? groupsArg.development;
}

/** CI's install and the prefix its commands run with, by package manager. */
function ciInstall(
  python: PythonOptions,
  restoreFiles: string[],
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
        install: `${credentials}pip install -r ${developmentGroups(python, restoreFiles)}`,
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
    pythonOptions: { framework: "fastapi", packageManager: "pip" },
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
  restoreFiles: (_services, _packageManager, python) =>
    PYTHON_PACKAGE_MANAGER_FACTS[requirePython(python).packageManager].restoreFiles,
  development: {
    output: "new migrations, .pytest_cache/, uploaded media",
    plan: ({ service, python, restoreFiles }) => {
      const options = requirePython(python);
      const { groupsArg } = PYTHON_PACKAGE_MANAGER_FACTS[options.packageManager];
      return {
        target: "build",
        buildArgs: [{ key: groupsArg.key, value: developmentGroups(options, restoreFiles) }],
        entrypoint: null,
        command: developmentCommand(service, options),
        volumes: [".:/app"],
        environment: [{ key: "PYTHONDONTWRITEBYTECODE", value: "1" }, NAMELESS_HOME],
      };
    },
  },
  testJob: ({ runtimeVersion, testCommand, python, restoreFiles, tokenIndex }) => {
    const { install, run } = ciInstall(requirePython(python), restoreFiles, tokenIndex);
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
