// Small real apps the suite generates for and builds, so the harness is proven on apps with real lockfiles:
// an npm-workspaces repo with a web service and a worker, and a repo that needs a token feed.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { generateSubject, type DevEdit, type Probe, type Subject } from "./subjects.js";
import type { TokenRegistry } from "./token-registry.js";

// A plain HTTP server: answers the health path, serves ./message.js's text on "/", exits on SIGTERM.
const server = (message: string, dependency: string, use: string, extra = "") => `const http = require("node:http");
const dep = require("${dependency}");
const server = http.createServer((req, res) => {${extra}
  if (req.url === "/health") return res.writeHead(200).end(JSON.stringify({ ok: true, dep: ${use} }));
  // Read on every request so the development stack shows edits (node --watch restarts on them too).
  delete require.cache[require.resolve("./${message}")];
  res.writeHead(200).end(require("./${message}"));
});
server.listen(Number(process.env.PORT), () => console.log("listening on", process.env.PORT));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

// "/deps": a query as the database user compose configures, and a PING to the cache: proof that the app reached
// both through the variables compose gives it (DATABASE_URL, REDIS_URL).
const deps = `const net = require("node:net");
const { Client } = require("pg");
const ping = (url) => new Promise((resolve, reject) => {
  const u = new URL(url);
  const socket = net.connect(Number(u.port || 6379), u.hostname);
  let reply = "";
  socket.setTimeout(3000, () => socket.destroy(new Error("redis: no answer")));
  socket.on("connect", () => socket.write((u.password ? \`AUTH \${decodeURIComponent(u.password)}\\r\\n\` : "") + "PING\\r\\n"));
  socket.on("data", (data) => {
    reply += data;
    if (reply.includes("+PONG")) { socket.end(); resolve("PONG"); }
    else if (reply.startsWith("-")) socket.destroy(new Error(reply.trim()));
  });
  socket.on("error", reject);
});
module.exports = async (res) => {
  try {
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query("select current_user as user, current_database() as database");
    await db.end();
    res.writeHead(200).end(JSON.stringify({ db: rows[0], cache: await ping(process.env.REDIS_URL) }));
  } catch (error) {
    res.writeHead(503).end(String(error));
  }
};
`;

const worker = `const timer = setInterval(() => console.log("worker tick", new Date().toISOString()), 1000);
process.on("SIGTERM", () => { clearInterval(timer); process.exit(0); });
`;

async function put(dir: string, files: Record<string, string | object>) {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

const base = { stack: "node", runtimeVersion: "24", aws: { region: "eu-west-1", accountId: "123456789012" } };

/** Workspaces api (port 3100) + worker; `ms` is a production dependency, `is-number` a dev one. */
export async function workspacesSample(): Promise<{ dir: string; devEdit: DevEdit; probes: Probe[] }> {
  const dir = await mkdtemp(join(tmpdir(), "real-run-sample-workspaces-"));
  await put(dir, {
    "package.json": {
      name: "sampler",
      private: true,
      workspaces: ["api", "worker"],
      devDependencies: { "is-number": "7.0.0" },
    },
    "api/package.json": {
      name: "api",
      version: "1.0.0",
      dependencies: { ms: "2.1.3", pg: "8.23.1" },
      devDependencies: { "is-number": "7.0.0" },
    },
    "api/server.js": server(
      "message.js",
      "ms",
      'dep("1m")',
      '\n  if (req.url === "/deps") return require("./deps.js")(res);',
    ),
    "api/deps.js": deps,
    "api/message.js": 'module.exports = "hello from the api";\n',
    "worker/package.json": { name: "worker", version: "1.0.0" },
    "worker/worker.js": worker,
    "ecs-stack.config.json": {
      ...base,
      project: "sampler",
      github: { repository: "sample-co/sampler" },
      database: { engine: "postgres" },
      cache: { engine: "valkey" },
      services: [
        { name: "api", path: "api", framework: "node", entry: "server.js", port: 3100, healthCheckPath: "/health" },
        { name: "worker", kind: "worker", path: "worker", framework: "node", entry: "worker.js" },
      ],
    },
  });
  await lock(dir);
  return {
    dir,
    probes: [
      { service: "api", path: "/deps", expect: '"user":"app"' },
      { service: "api", path: "/deps", expect: "PONG" },
    ],
    devEdit: {
      service: "api",
      file: "api/message.js",
      path: "/",
      from: "hello from the api",
      to: "edited api",
      before: "hello from the api",
      after: "edited api",
    },
  };
}

/** One service at the root that depends on @sample-feed/greeting from a CodeArtifact feed (port 3200). */
export async function feedSample(registry: { url: string; token: string }): Promise<{ dir: string; devEdit: DevEdit }> {
  const dir = await mkdtemp(join(tmpdir(), "real-run-sample-feed-"));
  await put(dir, {
    "package.json": {
      name: "feeder",
      version: "1.0.0",
      dependencies: { "@sample-feed/greeting": "1.0.0" },
      devDependencies: { "is-number": "7.0.0" },
    },
    "server.js": server("message.js", "@sample-feed/greeting", 'dep("health")'),
    "message.js": 'module.exports = "hello from the feed app";\n',
    "ecs-stack.config.json": {
      ...base,
      project: "feeder",
      github: { repository: "sample-co/feeder" },
      feed: { strategy: "codeartifact", domain: "feeder", repository: "npm-internal", scope: "@sample-feed" },
      services: [{ name: "api", framework: "node", entry: "server.js", port: 3200, healthCheckPath: "/health" }],
    },
  });
  // The lockfile is made against the local registry; the generated .npmrc replaces this one.
  const host = registry.url.replace(/^http:/, "");
  await writeFile(join(dir, ".npmrc"), `@sample-feed:registry=${registry.url}\n${host}:_authToken=${registry.token}\n`);
  await lock(dir);
  await rm(join(dir, ".npmrc"));
  return {
    dir,
    devEdit: {
      service: "api",
      file: "message.js",
      path: "/",
      from: "hello from the feed app",
      to: "edited feed app",
      before: "hello from the feed app",
      after: "edited feed app",
    },
  };
}

/** A real package-lock.json, as `npm install` writes it, without installing anything. */
async function lock(dir: string) {
  await execa(
    "npm",
    [
      "install",
      "--package-lock-only",
      "--ignore-scripts",
      "--omit-lockfile-registry-resolved",
      "--no-audit",
      "--no-fund",
    ],
    {
      cwd: dir,
    },
  );
}

/** Points the generated .npmrc's scoped registry (CodeArtifact / GitHub Packages) at the local one. */
export function redirectNpmrc(npmrc: string, registryUrl: string): string {
  const remote = /^@[^:]+:registry=(\S+)$/m.exec(npmrc)?.[1];
  if (!remote) throw new Error(`no scoped registry in .npmrc:\n${npmrc}`);
  // Without trailing slashes, so "//host/path/:_authToken" keeps exactly one "/" before the colon.
  const from = remote.replace(/\/$/, "");
  const to = registryUrl.replace(/\/$/, "");
  return npmrc.replaceAll(from, to).replaceAll(from.replace(/^https:/, ""), to.replace(/^http:/, ""));
}

/** The feed sample, generated, with its .npmrc pointed at the local registry (a test-copy change). */
export async function feedSampleSubject(registry: TokenRegistry): Promise<Subject> {
  const sample = await feedSample(registry);
  const subject = await generateSubject("sample-feed", sample.dir, sample.devEdit);
  const npmrc = join(subject.dir, ".npmrc");
  await writeFile(npmrc, redirectNpmrc(await readFile(npmrc, "utf8"), registry.url));
  return subject;
}

/** The workspaces sample, generated. */
export async function workspacesSampleSubject(): Promise<Subject> {
  const sample = await workspacesSample();
  return generateSubject("sample-workspaces", sample.dir, sample.devEdit, sample.probes);
}
