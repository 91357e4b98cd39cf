// init on the shapes real repositories have, through the CLI as a user runs it: several web
// projects on ASP.NET's one default port, a package named "root", a long folder name, an app of a
// stack the tool does not generate for yet. Each ends in a clear exit: 0 with a stack that `check`
// accepts right after, or 2 with the reason and nothing written.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigValue } from "../src/config/load.js";
import { developmentHostPorts } from "../src/plan/development.js";
import { FIXTURES_DIR } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";

/** A copy of a fixture app in a folder of the given name, optionally with a GitHub origin remote. */
async function appCopy(source: string, options: { folder?: string; origin?: string } = {}): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), "ecs-stack-shapes-")), options.folder ?? "app");
  await cp(source, dir, { recursive: true });
  if (options.origin) {
    await mkdir(join(dir, ".git"));
    await writeFile(join(dir, ".git", "config"), `[remote "origin"]\n\turl = ${options.origin}\n`);
  }
  await writeFile(join(dir, "answers.json"), JSON.stringify({ aws: { accountId: "123456789012" } }));
  return dir;
}

async function initYes(dir: string) {
  const init = await runCli(["init", "--yes", "--config", "answers.json"], { cwd: dir });
  const check = init.code === 0 ? await runCli(["check"], { cwd: dir }) : null;
  return { init, check };
}

const readJson = async (path: string) => JSON.parse(await readFile(path, "utf8"));

describe("a solution whose web projects all listen on 8080 (issue 19, item 3)", () => {
  it("keeps every container port at 8080 and gives each service its own host port", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "detect", "dotnet-web-projects"), {
      origin: "git@github.com:acme/market.git",
    });
    const { init, check } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(check?.code, check?.stdout).toBe(0);

    const names = ["catalog-api", "basket-api", "ordering-api", "gateway"];
    const config = await readJson(join(dir, "ecs-stack.config.json"));
    expect(config.services.map((s: { name: string; port: number }) => [s.name, s.port])).toEqual(
      names.map((n) => [n, 8080]),
    );
    for (const name of names) {
      const task = await readJson(join(dir, "infra", "task-definitions", "dev", `${name}.json`));
      expect(task.containerDefinitions[0].portMappings).toEqual([{ containerPort: 8080, protocol: "tcp" }]);
    }
    const override = await readFile(join(dir, "docker-compose.override.yml"), "utf8");
    const published = [...override.matchAll(/"(127\.0\.0\.1:\d+:8080)"/g)].map((m) => m[1]);
    expect(published).toEqual([
      "127.0.0.1:8080:8080",
      "127.0.0.1:8081:8080",
      "127.0.0.1:8082:8080",
      "127.0.0.1:8083:8080",
    ]);
    expect(init.stdout).toContain("basket-api    web, port 8080 (locally 8081)");
    // .NET Aspire's client packages name the backing services (issue 19, item 5).
    expect(init.stdout).toContain("found the postgres driver Aspire.Npgsql.EntityFrameworkCore.PostgreSQL in");
    expect(init.stdout).toContain("found the Redis client Aspire.StackExchange.Redis in");
    expect(config.database.engine).toBe("postgres");
    expect(config.cache.engine).not.toBe("none");
  });

  it("a hostPort the config sets is kept, and the others step around it", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "detect", "dotnet-web-projects"));
    await writeFile(
      join(dir, "answers.json"),
      JSON.stringify({
        aws: { accountId: "123456789012" },
        services: [
          { name: "catalog", entry: "src/Catalog.Api/Catalog.Api.csproj", port: 8080 },
          { name: "gateway", entry: "src/Gateway/Gateway.csproj", port: 8080, hostPort: 8080 },
        ],
      }),
    );
    const { init } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    const override = await readFile(join(dir, "docker-compose.override.yml"), "utf8");
    expect([...override.matchAll(/"(127\.0\.0\.1:\d+:8080)"/g)].map((m) => m[1])).toEqual([
      "127.0.0.1:8081:8080",
      "127.0.0.1:8080:8080",
    ]);
  });
});

describe("host ports in development", () => {
  it("an nginx proxy takes the next free host port too, never one a service already has", () => {
    const config = parseConfigValue(
      {
        project: "shop",
        stack: "rails",
        aws: { accountId: "123456789012" },
        services: [
          { name: "admin", port: 8080 },
          { name: "web", port: 3000, sidecars: [{ name: "nginx", port: 8080, receivesTraffic: true }] },
        ],
      },
      "test",
    );
    expect(Object.fromEntries(developmentHostPorts(config))).toEqual({ admin: 8080, web: 3000, "web-nginx": 8081 });
  });
});

describe("a Node app on Prisma and ioredis with its own health route (issue 19, items 5 and 6)", () => {
  it("gets the database Prisma names, the cache ioredis needs, and the route the app serves", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "detect", "node-prisma-redis"), {
      origin: "git@github.com:acme/order-intake.git",
    });
    const { init, check } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(check?.code, check?.stdout).toBe(0);
    expect(init.stdout).toContain("found the Prisma datasource provider postgresql in prisma/schema.prisma");
    expect(init.stdout).toContain("found the Redis client ioredis in package.json");
    expect(init.stdout).toContain('found the health route /healthz of "web" in src/server.js');
    const config = await readJson(join(dir, "ecs-stack.config.json"));
    expect(config.project).toBe("order-intake");
    expect(config.database.engine).toBe("postgres");
    expect(config.cache.engine).not.toBe("none");
    expect(config.services[0].healthCheckPath).toBe("/healthz");
    const task = await readJson(join(dir, "infra", "task-definitions", "dev", "web.json"));
    expect(JSON.stringify(task.containerDefinitions[0].healthCheck.command)).toContain("/healthz");
  });

  it("an app whose source shows no health route: init says which path the load balancer will probe", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "detect", "node-prisma-redis"));
    const server = join(dir, "src", "server.js");
    await writeFile(server, (await readFile(server, "utf8")).replace('app.get("/healthz"', 'app.get("/orders/recent"'));
    const { init } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(
      /note: "\S+" shows no health route in its source; the load balancer will probe \/health, which the app must answer/,
    );
  });
});

describe("a FastAPI app on Poetry (issue 21, the Python stack)", () => {
  it("detects the service, its entry, version, package manager, database and health route; check is 0 after", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "python-fastapi", "app"), {
      origin: "git@github.com:acme/ledger-api.git",
    });
    const { init, check } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(check?.code, check?.stdout).toBe(0);
    expect(init.stdout).toContain("found the application app.main:app in app/main.py");
    expect(init.stdout).toContain("found the health route /health in app/main.py");
    const config = await readJson(join(dir, "ecs-stack.config.json"));
    expect(config.stack).toBe("python");
    expect(config.runtimeVersion).toBe("3.11");
    expect(config.python).toEqual({ framework: "fastapi", packageManager: "poetry", server: "uvicorn" });
    expect(config.restoreFiles).toEqual(["pyproject.toml", "poetry.lock"]);
    expect(config.database.engine).toBe("postgres");
    expect(config.services.map((s: { name: string; entry: string }) => [s.name, s.entry])).toEqual([
      ["web", "app.main:app"],
    ]);
    const dockerfile = await readFile(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain('CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"');
  });

  it("a FastAPI backend in backend/ beside a Vite frontend: the service's folder, Gunicorn with Uvicorn workers", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "python-monorepo", "app"), {
      origin: "git@github.com:durable-code/durable-code-test.git",
    });
    const { init, check } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(check?.code, check?.stdout).toBe(0);
    for (const finding of [
      "found a FastAPI app in backend/pyproject.toml",
      "found Poetry in backend/poetry.lock",
      "found Python 3.11 in backend/.python-version",
      "found the application app.main:app in backend/app/main.py",
      "found the health route /health in backend/app/main.py",
      "found Gunicorn (the server, with Uvicorn workers) in backend/pyproject.toml",
    ])
      expect(init.stdout).toContain(finding);
    expect(init.stdout).not.toContain("uvicorn-worker is not among the dependencies");
    const config = await readJson(join(dir, "ecs-stack.config.json"));
    expect([config.stack, config.runtimeVersion, config.python]).toEqual([
      "python",
      "3.11",
      { framework: "fastapi", packageManager: "poetry", server: "gunicorn" },
    ]);
    expect(config.restoreFiles).toEqual(["backend/pyproject.toml", "backend/poetry.lock"]);
    expect(config.services.map((s: { name: string; path: string; entry: string }) => [s.path, s.entry])).toEqual([
      ["backend", "app.main:app"],
    ]);
    const dockerfile = await readFile(join(dir, "backend", "Dockerfile"), "utf8");
    expect(dockerfile).toContain("COPY backend/pyproject.toml backend/poetry.lock ./");
    expect(dockerfile).toContain('"--worker-class", "uvicorn_worker.UvicornWorker"');
  });

  it("a Python version pinned at the repository's root serves the app in its folder", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "python-monorepo", "app"));
    await rm(join(dir, "backend", ".python-version"));
    await writeFile(join(dir, ".python-version"), "3.12\n");
    const { init } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("found Python 3.12 in .python-version");
    expect((await readJson(join(dir, "ecs-stack.config.json"))).runtimeVersion).toBe("3.12");
  });

  it("a poetry.toml beside the lock (Poetry reads its settings) is copied into the dependency layer with it", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "python-monorepo", "app"));
    await writeFile(join(dir, "backend", "poetry.toml"), "[installer]\nmax-workers = 4\n");
    const { init, check } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(check?.code, check?.stdout).toBe(0);
    expect((await readJson(join(dir, "ecs-stack.config.json"))).restoreFiles).toEqual([
      "backend/pyproject.toml",
      "backend/poetry.lock",
      "backend/poetry.toml",
    ]);
    expect(await readFile(join(dir, "backend", "Dockerfile"), "utf8")).toContain(
      "COPY backend/pyproject.toml backend/poetry.lock backend/poetry.toml ./",
    );
  });

  it("a Django app on requirements.txt with Celery: gunicorn on its WSGI module, migrate, worker and beat", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-shapes-"));
    const files: Record<string, string> = {
      "requirements.txt": "Django==5.1.4\ngunicorn==23.0.0\npsycopg[binary]==3.2.3\ncelery[redis]==5.4.0\n",
      "manage.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      "shop/__init__.py": "",
      "shop/settings.py": "CELERY_BEAT_SCHEDULE = {}\n",
      "shop/wsgi.py": "application = get_wsgi_application()\n",
      "shop/celery.py": 'app = Celery("shop")\napp.conf.beat_schedule = {}\n',
      "shop/urls.py": 'urlpatterns = [path("healthz/", healthz)]\n',
      "answers.json": JSON.stringify({ aws: { accountId: "123456789012" } }),
    };
    await mkdir(join(dir, "shop"));
    for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
    const { init, check } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(check?.code, check?.stdout).toBe(0);
    const config = await readJson(join(dir, "ecs-stack.config.json"));
    expect(config.python).toEqual({ framework: "django", packageManager: "pip", server: "gunicorn" });
    expect(config.cache.engine).not.toBe("none");
    const [web, worker, scheduler] = config.services;
    expect([web.entry, web.healthCheckPath, web.migrate]).toEqual([
      "shop.wsgi",
      "/healthz/",
      { command: ["python", "manage.py", "migrate"] },
    ]);
    expect(worker.command).toEqual(["celery", "-A", "shop.celery", "worker", "--loglevel=INFO"]);
    expect(scheduler.command).toEqual([
      "celery",
      "-A",
      "shop.celery",
      "beat",
      "--loglevel=INFO",
      "--schedule=/tmp/celerybeat-schedule",
    ]);
    const dockerfile = await readFile(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("RUN python manage.py collectstatic --noinput");
    expect(dockerfile).toContain('CMD ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000"');
    expect(init.stdout).toContain("Django answers only the hosts ALLOWED_HOSTS lists");
  });

  it("a Flask app factory on requirements files: gunicorn on create_app(), every file pip reads in the layer", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-shapes-"));
    const files: Record<string, string> = {
      "requirements.txt": "-r requirements/base.txt\ngunicorn==23.0.0\n",
      "requirements/base.txt": "Flask==3.1.0\nPyMySQL==1.1.1\n",
      "requirements-dev.txt": "-r requirements.txt\npytest==8.3.4\n",
      ".python-version": "3.12.8\n",
      "notes/__init__.py": "",
      "notes/app.py": "def create_app():\n    app = Flask(__name__)\n    app.register_blueprint(bp)\n    return app\n",
      "notes/health.py": '@bp.route("/healthz")\ndef healthz():\n    return "ok"\n',
      "answers.json": JSON.stringify({ aws: { accountId: "123456789012" } }),
    };
    await mkdir(join(dir, "notes"));
    await mkdir(join(dir, "requirements"));
    for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
    const { init, check } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(check?.code, check?.stdout).toBe(0);
    const config = await readJson(join(dir, "ecs-stack.config.json"));
    expect([config.python, config.runtimeVersion, config.database.engine]).toEqual([
      { framework: "flask", packageManager: "pip", server: "gunicorn" },
      "3.12.8",
      "mysql",
    ]);
    expect(config.restoreFiles).toEqual(["requirements.txt", "requirements/base.txt", "requirements-dev.txt"]);
    expect([config.services[0].entry, config.services[0].healthCheckPath]).toEqual([
      "notes.app:create_app()",
      "/healthz",
    ]);
    const dockerfile = await readFile(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("COPY requirements.txt requirements-dev.txt ./");
    expect(dockerfile).toContain("COPY requirements/base.txt requirements/");
    expect(dockerfile).toContain('CMD ["gunicorn", "notes.app:create_app()", "--bind", "0.0.0.0:8000"');
    const override = await readFile(join(dir, "docker-compose.override.yml"), "utf8");
    expect(override).toContain('REQUIREMENTS: "requirements-dev.txt"');
    expect(override).toContain('"flask", "--app", "notes.app:create_app()", "run", "--debug"');
  });
});

describe("flags that change one detected value (issue 19, item 4)", () => {
  const init = (dir: string, flags: string[]) =>
    runCli(["init", "--yes", "--config", "answers.json", ...flags], { cwd: dir });

  it("--set services.NAME.FIELD and services.INDEX.FIELD change that field and keep the rest of detection", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "detect", "node-prisma-redis"));
    const result = await init(dir, [
      "--set",
      "services.web.port=8081",
      "--set",
      "services.0.cpu=1024",
      "--set",
      "services.0.memory=2048",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [web] = (await readJson(join(dir, "ecs-stack.config.json"))).services;
    expect(web).toMatchObject({
      name: "web",
      port: 8081,
      cpu: 1024,
      memory: 2048,
      healthCheckPath: "/healthz",
      entry: "src/server.js",
      devScript: "dev",
    });
  });

  it("--service naming a detected service refines it instead of replacing what was detected", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "detect", "node-prisma-redis"));
    const result = await init(dir, ["--service", "web,port=8082"]);
    expect(result.code, result.stderr).toBe(0);
    const [web] = (await readJson(join(dir, "ecs-stack.config.json"))).services;
    expect(web).toMatchObject({ name: "web", port: 8082, healthCheckPath: "/healthz", entry: "src/server.js" });
  });

  it("a service that is not there: exit 2 naming the ones that are, nothing written", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "detect", "node-prisma-redis"));
    const result = await init(dir, ["--set", "services.api.port=8081"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--set services.api.port: no service "api"; use one of 0 or web');
    await expect(readFile(join(dir, "ecs-stack.config.json"))).rejects.toThrow();
  });
});

describe("the project name (issue 19, item 7)", () => {
  it("a package named root gives way to the repository's name", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "node-monorepo", "app"), {
      origin: "https://github.com/acme/harbor-tools.git",
    });
    const pkg = await readJson(join(dir, "package.json"));
    await writeFile(join(dir, "package.json"), JSON.stringify({ ...pkg, name: "root" }, null, 2));
    const { init } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect((await readJson(join(dir, "ecs-stack.config.json"))).project).toBe("harbor-tools");
  });

  it("without a remote, a placeholder package name gives way to the folder's, cut at a word boundary", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "node-monorepo", "app"), { folder: "create-nodejs-express-app" });
    const pkg = await readJson(join(dir, "package.json"));
    await writeFile(join(dir, "package.json"), JSON.stringify({ ...pkg, name: "root" }, null, 2));
    const { init } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    // "create-nodejs-express" would be 21 characters, one over the limit: the whole word goes.
    expect((await readJson(join(dir, "ecs-stack.config.json"))).project).toBe("create-nodejs");
  });
});

describe("a stack the tool does not support yet (issue 19, item 8)", () => {
  it("a Go app: init names Go and the file, offers no --service hint, exits 2 and writes nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecs-stack-shapes-"));
    await writeFile(join(dir, "go.mod"), "module example.com/ledger\n\ngo 1.23\n");
    await writeFile(join(dir, "answers.json"), JSON.stringify({ aws: { accountId: "123456789012" } }));
    const before = await readdir(dir);
    const { init } = await initYes(dir);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain("Found a Go app in");
    expect(init.stderr).toContain("does not support Go yet");
    expect(init.stderr).toContain("  - found a Go app in go.mod\n");
    expect(init.stderr).not.toContain("--service web");
    expect(await readdir(dir)).toEqual(before);
  });

  it("beside a Node app, a Python app in a folder of its own joins as a Python service", async () => {
    const dir = await appCopy(join(FIXTURES_DIR, "node-monorepo", "app"));
    await cp(join(FIXTURES_DIR, "detect", "python-fastapi"), join(dir, "ledger"), { recursive: true });
    const { init, check } = await initYes(dir);
    expect(init.code, init.stderr).toBe(0);
    expect(check?.code).toBe(0);
    const config = JSON.parse(await readFile(join(dir, "ecs-stack.config.json"), "utf8"));
    expect(config.stack).toBe("node");
    expect(init.stdout).toContain("found a FastAPI app in ledger/pyproject.toml");
    // pip, for want of a lock, is named from the file that exists.
    expect(init.stdout).toContain("found pip in ledger/pyproject.toml");
    expect(init.stdout).not.toContain("does not support Python");
    const ledger = config.services.find((s: { path: string }) => s.path === "ledger");
    expect(ledger).toMatchObject({ stack: "python", kind: "web" });
    expect(await readFile(join(dir, "ledger", "Dockerfile"), "utf8")).toContain(
      "docker build -f ledger/Dockerfile ledger",
    );
  });
});
