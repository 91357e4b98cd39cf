// Python: the framework (Django, FastAPI, Flask, Starlette), the package manager (uv.lock,
// poetry.lock, requirements.txt), the Python version (.python-version, requires-python), the
// database and Redis drivers, the ASGI/WSGI application, a health route, the server, and Celery's
// worker and beat. The app sits at the project root or one folder down (backend/ beside a
// frontend/); its dependencies are read as text, never installed.
import { posix } from "node:path";
import type { ConfigInput } from "../config/schema.js";
import type { PythonFramework, PythonPackageManager, PythonServer } from "../stacks/index.js";
import { joinPath } from "../stacks/paths.js";
import {
  isAsgi,
  PIP_DEV_REQUIREMENTS,
  PYTHON,
  PYTHON_PACKAGE_MANAGER_FACTS,
  UVICORN_WORKER,
} from "../stacks/python.js";
import { found, projectNameFrom, type Finding, type ProjectFiles, type StackDetection } from "./project-files.js";
import { appFolders, inFolder } from "./python-folder.js";

type Service = NonNullable<ConfigInput["services"]>[number];

/** A dependency named in pyproject.toml (PEP 621 or Poetry's table) or a requirements file; "-", "_" and "." alike (PEP 503). */
function dependsOn(text: string, name: string): boolean {
  const pattern = name.replace(/[-_.]/g, "[-_.]");
  return new RegExp(String.raw`(?:^|["'\s])${pattern}(?:\[[^\]]*\])?\s*(?:[<>=!~;,"'@(]|$)`, "mi").test(text);
}

const FRAMEWORKS: { framework: PythonFramework; dependency: string; label: string }[] = [
  { framework: "django", dependency: "django", label: "Django" },
  { framework: "fastapi", dependency: "fastapi", label: "FastAPI" },
  { framework: "flask", dependency: "flask", label: "Flask" },
  { framework: "starlette", dependency: "starlette", label: "Starlette" },
];
const POSTGRES_DRIVERS = ["psycopg", "psycopg-binary", "psycopg2", "psycopg2-binary", "asyncpg"];
const MYSQL_DRIVERS = ["mysqlclient", "pymysql", "aiomysql", "asyncmy"];
const REDIS_CLIENTS = ["redis", "django-redis"];

const SOURCE_FILE = /\.py$/;
const NOT_APP_SOURCE = /(^|\/)(tests?|migrations|docs|scripts)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;
const MAX_FILES = 200;

/**
 * The Python app at the root, else in the first folder one level down that has one; another such
 * folder is named in a note (the config describes one Python app).
 */
export async function detectPython(project: ProjectFiles): Promise<StackDetection | null> {
  const detections: { folder: string; detection: StackDetection }[] = [];
  for (const folder of appFolders(project)) {
    const detection = await detectPythonApp(inFolder(project, folder), project);
    if (detection) detections.push({ folder, detection });
  }
  const [first, ...others] = detections;
  if (!first) return null;
  const app = first.folder === "." ? first.detection : inProjectFolder(first.detection, first.folder);
  for (const other of others)
    app.notes.push(
      `${other.folder}/ also holds a Python app (${posix.join(other.folder, other.detection.findings[0]!.file)}); the config describes one Python app, ${first.folder === "." ? "the root's" : `${first.folder}/'s`}, so it is left out`,
    );
  return app;
}

/** A detection made inside `folder`, with its files and paths as the project sees them. */
function inProjectFolder(detection: StackDetection, folder: string): StackDetection {
  const input = detection.input;
  return {
    ...detection,
    folder,
    findings: detection.findings.map((f) => found(f.what, posix.join(folder, f.file))),
    input: {
      ...input,
      services: input.services?.map((s) => ({ ...s, path: folder })),
      ...(input.restoreFiles ? { restoreFiles: input.restoreFiles.map((f) => joinPath(folder, f)) } : {}),
    },
  };
}

/** `project` is the app's folder; `root` the repository's, whose .python-version also applies. */
async function detectPythonApp(project: ProjectFiles, root: ProjectFiles): Promise<StackDetection | null> {
  const pyproject = (await project.read("pyproject.toml")) ?? "";
  const requirementFiles = project.files.filter((f) => /^requirements[^/]*\.txt$|^requirements\/[^/]+\.txt$/.test(f));
  const requirements = (await Promise.all(requirementFiles.map((f) => project.read(f)))).join("\n");
  const dependencies = `${pyproject}\n${requirements}`;
  const manage = await project.read("manage.py");
  const framework = FRAMEWORKS.find(
    (f) => dependsOn(dependencies, f.dependency) || (f.framework === "django" && manage !== null),
  );
  if (!framework) return null;
  const findings: Finding[] = [found(`a ${framework.label} app`, dependencyFile(pyproject, requirementFiles))];
  const notes: string[] = [];

  const packageManager = packageManagerOf(project, pyproject, findings);
  const version = await pythonVersion(project, root, pyproject, findings, notes);
  const sources = await appSources(project);
  const entry = await applicationEntry(project, framework.framework, manage, sources, findings);
  const services: Service[] = [{ name: "web", kind: "web", ...(entry ? { entry } : {}) }];
  if (!entry)
    notes.push(
      `no ${framework.label} application object found: set services[0].entry to the module and its object, e.g. "${PYTHON.service.kind === "app-object" ? PYTHON.service.example : ""}"`,
    );
  const health = healthRoute(sources);
  if (health) {
    findings.push(found(`the health route ${health.path}`, health.file));
    services[0]!.healthCheckPath = health.path;
  } else
    notes.push(
      `"web" shows no health route in its source; the load balancer will probe ${PYTHON.defaults.healthCheckPath}, which the app must answer with a 2xx or 3xx (or set services[].healthCheckPath to a route it has)`,
    );
  const server = pythonServerOf(framework.framework, dependencies, findings, notes);

  const database = POSTGRES_DRIVERS.some((d) => dependsOn(dependencies, d))
    ? "postgres"
    : MYSQL_DRIVERS.some((d) => dependsOn(dependencies, d))
      ? "mysql"
      : null;
  if (database) findings.push(found(`a ${database} driver`, dependencyFile(pyproject, requirementFiles)));
  const redis = REDIS_CLIENTS.some((d) => dependsOn(dependencies, d)) || dependsOn(dependencies, "celery");
  if (redis) findings.push(found("a Redis client", dependencyFile(pyproject, requirementFiles)));
  if (framework.framework === "django" && database)
    services[0]!.migrate = { command: ["python", "manage.py", "migrate"] };
  if (framework.framework === "django")
    notes.push(
      "Django answers only the hosts ALLOWED_HOSTS lists: the load balancer's health check comes with the task's private IP as its Host and the container's with localhost, so admit both (or answer the health path before the host check)",
    );

  celeryServices(dependencies, sources, services, findings);

  const name = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(pyproject)?.[1];
  const restoreFiles =
    packageManager === "pip"
      ? await pipRestoreFiles(project, requirementFiles, findings, notes)
      : installerRestoreFiles(project, packageManager, findings);
  return {
    stack: "python",
    findings,
    notes,
    feedHints: [],
    candidates: [],
    input: {
      ...(name ? { project: projectNameFrom(name) } : {}),
      stack: "python",
      ...(version ? { runtimeVersion: version } : {}),
      python: { framework: framework.framework, packageManager, server },
      ...(restoreFiles.length > 1 ? { restoreFiles } : {}),
      services,
      ...(database ? { database: { engine: database } } : {}),
      // Valkey: ElastiCache runs no Redis newer than 7.1, and Valkey speaks the same protocol.
      ...(redis ? { cache: { engine: "valkey" } } : {}),
    },
  };
}

/**
 * Gunicorn when the app depends on it (for an ASGI app, with Uvicorn workers), else the framework's
 * own server; a note when what the image will run is missing from the dependencies.
 */
function pythonServerOf(
  framework: PythonFramework,
  dependencies: string,
  findings: Finding[],
  notes: string[],
): PythonServer {
  const asgi = isAsgi(framework);
  const server = !asgi || dependsOn(dependencies, "gunicorn") ? "gunicorn" : "uvicorn";
  if (!dependsOn(dependencies, server))
    notes.push(`${server} is not among the dependencies: add it, the image runs the app with it`);
  if (asgi && server === "gunicorn") {
    findings.push(found("Gunicorn (the server, with Uvicorn workers)", "pyproject.toml"));
    if (!dependsOn(dependencies, UVICORN_WORKER.dependency))
      notes.push(
        `${UVICORN_WORKER.dependency} is not among the dependencies: add it, Gunicorn runs the app with its worker class ${UVICORN_WORKER.workerClass}`,
      );
  }
  return server;
}

const dependencyFile = (pyproject: string, requirementFiles: string[]) =>
  pyproject !== "" ? "pyproject.toml" : (requirementFiles[0] ?? "manage.py");

function packageManagerOf(project: ProjectFiles, pyproject: string, findings: Finding[]): PythonPackageManager {
  if (project.files.includes("uv.lock")) {
    findings.push(found("uv", "uv.lock"));
    return "uv";
  }
  if (project.files.includes("poetry.lock") || /^\[tool\.poetry\]/m.test(pyproject)) {
    findings.push(found("Poetry", project.files.includes("poetry.lock") ? "poetry.lock" : "pyproject.toml"));
    return "poetry";
  }
  findings.push(found("pip", project.files.includes("requirements.txt") ? "requirements.txt" : "pyproject.toml"));
  return "pip";
}

/** .python-version first (pyenv, uv), then the lowest version requires-python (or Poetry's `python`) allows. */
async function pythonVersion(
  project: ProjectFiles,
  root: ProjectFiles,
  pyproject: string,
  findings: Finding[],
  notes: string[],
): Promise<string | null> {
  const own = await project.read(".python-version");
  // The repository root's, seen from the app's folder.
  const rootPin = own === null && root !== project ? await root.read(".python-version") : null;
  const pinned = (own ?? rootPin)?.trim().split(/\s+/)[0];
  const [version, file] = pinned
    ? [pinned, own === null ? "../.python-version" : ".python-version"]
    : [/^\s*(?:requires-python|python)\s*=\s*["'][^"'\d]*(3\.\d+(?:\.\d+)?)/m.exec(pyproject)?.[1], "pyproject.toml"];
  if (!version) return null;
  if (!PYTHON.defaults.supportedVersions.test(version)) {
    notes.push(
      `Python ${version} (${file}) is not one the tool generates for; the image uses ${PYTHON.defaults.runtimeVersion} (runtimeVersion)`,
    );
    return null;
  }
  findings.push(found(`Python ${version}`, file));
  return version;
}

interface Source {
  file: string;
  text: string;
}

async function appSources(project: ProjectFiles): Promise<Source[]> {
  const files = project.files.filter((f) => SOURCE_FILE.test(f) && !NOT_APP_SOURCE.test(f)).slice(0, MAX_FILES);
  return Promise.all(files.map(async (file) => ({ file, text: (await project.read(file)) ?? "" })));
}

/** "app/main.py" -> "app.main". */
const moduleOf = (file: string) =>
  file
    .replace(/\.py$/, "")
    .replace(/\/__init__$/, "")
    .split("/")
    .join(".");

/** The application the server runs: `module:object` (ASGI, Flask), or Django's `<project>.wsgi`. */
async function applicationEntry(
  project: ProjectFiles,
  framework: PythonFramework,
  manage: string | null,
  sources: Source[],
  findings: Finding[],
): Promise<string | null> {
  if (framework === "django") {
    const settings = /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)\.settings/.exec(manage ?? "")?.[1];
    const wsgi = settings ? `${settings.split(".").join("/")}/wsgi.py` : null;
    if (!settings || !wsgi || !project.files.includes(wsgi)) return null;
    findings.push(found(`the WSGI application ${settings}.wsgi`, wsgi));
    return `${settings}.wsgi`;
  }
  const constructor = { fastapi: "FastAPI", starlette: "Starlette", flask: "Flask" }[framework];
  for (const { file, text } of sources) {
    const object = new RegExp(String.raw`^(\w+)\s*(?::\s*\w+\s*)?=\s*${constructor}\(`, "m").exec(text)?.[1];
    const factory = framework === "flask" && /^def create_app\(/m.test(text) ? "create_app()" : null;
    const attribute = object ?? factory;
    if (!attribute) continue;
    const entry = `${moduleOf(file)}:${attribute}`;
    findings.push(found(`the application ${entry}`, file));
    return entry;
  }
  return null;
}

const HEALTH_PATH = String.raw`\/(?:api\/)?(?:health(?:z|check)?|healthcheck|livez|readyz|ready|up|ping)\/?`;
/** @app.get("/health"), @router.api_route("/healthz"), @app.route("/health") (Flask). */
const ROUTE_DECORATOR = new RegExp(String.raw`@\w+\.(?:get|head|api_route|route)\(\s*["'](${HEALTH_PATH})["']`);
/** Django: path("health/", ...). */
const DJANGO_PATH = /\bpath\(\s*["']((?:api\/)?(?:health(?:z|check)?|healthcheck|livez|readyz|ping)\/?)["']/;

function healthRoute(sources: Source[]): { path: string; file: string } | null {
  for (const { file, text } of sources) {
    const decorated = ROUTE_DECORATOR.exec(text)?.[1];
    if (decorated) return { path: decorated, file };
    const django = DJANGO_PATH.exec(text)?.[1];
    if (django) return { path: posix.join("/", django), file };
  }
  return null;
}

/** Celery: its worker, and beat (the scheduler) when the app has periodic tasks. */
function celeryServices(dependencies: string, sources: Source[], services: Service[], findings: Finding[]): void {
  if (!dependsOn(dependencies, "celery")) return;
  const app = sources.find((s) => /\bCelery\(/.test(s.text));
  if (!app) return;
  const module = moduleOf(app.file);
  services.push({ name: "worker", kind: "worker", command: ["celery", "-A", module, "worker", "--loglevel=INFO"] });
  findings.push(found(`a Celery app (a worker service running celery -A ${module} worker)`, app.file));
  const beat = dependsOn(dependencies, "django-celery-beat") || sources.some((s) => /\bbeat_schedule\b/.test(s.text));
  if (!beat) return;
  // Beat keeps its schedule state in a file, by default in the working directory, which the
  // image's user may not write: /tmp it may. https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html#starting-the-scheduler
  services.push({
    name: "scheduler",
    kind: "scheduler",
    command: ["celery", "-A", module, "beat", "--loglevel=INFO", "--schedule=/tmp/celerybeat-schedule"],
  });
  findings.push(found(`Celery beat's schedule (a scheduler service running celery -A ${module} beat)`, app.file));
}

/** Poetry's and uv's dependency layer: the profile's files, and the project's settings file when it has one. */
function installerRestoreFiles(project: ProjectFiles, manager: "poetry" | "uv", findings: Finding[]): string[] {
  const { restoreFiles, settingsFile } = PYTHON_PACKAGE_MANAGER_FACTS[manager];
  if (settingsFile === null || !project.files.includes(settingsFile)) return [];
  findings.push(found(`the ${manager === "poetry" ? "Poetry" : "uv"} settings the install reads`, settingsFile));
  return [...restoreFiles, settingsFile];
}

/**
 * pip's dependency layer: requirements.txt, the files it includes (`-r`, `-c`), and the development
 * requirements compose installs. https://pip.pypa.io/en/stable/reference/requirements-file-format/
 */
async function pipRestoreFiles(
  project: ProjectFiles,
  requirementFiles: string[],
  findings: Finding[],
  notes: string[],
): Promise<string[]> {
  if (!requirementFiles.includes("requirements.txt")) {
    notes.push(
      "no requirements.txt or lock file: the image installs from requirements.txt, so write one (pip freeze) or lock with uv or Poetry",
    );
    return [];
  }
  const reads: string[] = [];
  const visit = async (file: string) => {
    if (reads.includes(file)) return;
    const text = await project.read(file);
    if (text === null) return;
    reads.push(file);
    for (const m of text.matchAll(/^\s*(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)/gm))
      await visit(posix.normalize(posix.join(posix.dirname(file), m[1]!)));
  };
  await visit("requirements.txt");
  const dev = requirementFiles.find((f) => PIP_DEV_REQUIREMENTS.includes(f));
  if (dev) await visit(dev);
  if (reads.length > 1)
    findings.push(found(`the requirements files pip reads: ${reads.join(", ")}`, "requirements.txt"));
  return reads;
}
