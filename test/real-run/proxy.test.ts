// The reverse proxy of rails-sidekiq's web service (issue #16 item 9), built from its generated Dockerfile as the
// deploy workflow builds it, FROM the stand-in of the pinned nginx base (Debian's nginx, scripts/real-run), and run
// the way its task definition runs it: host network, the task definition's environment. The Rails app itself cannot
// be built here (no RubyGems), so the upstream it proxies to is a stand-in HTTP server on the app's port on
// 127.0.0.1, where the task's app container listens.
import { createServer, request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage } from "../support/real-run/build.js";
import { composeBuilds, workflowBuilds, type BuildSpec } from "../support/real-run/build-specs.js";
import * as check from "../support/real-run/checks.js";
import { requireEngine, type Engine } from "../support/real-run/engine.js";
import { runContainer, waitForHttp, type Running } from "../support/real-run/run.js";
import { fixtureSubject, type Subject } from "../support/real-run/subjects.js";
import { containerRun, type ContainerRun } from "../support/real-run/task-definition.js";

const engine = await requireEngine();
const FIXTURE = "rails-sidekiq";
const TAG = "real-run/rails-sidekiq-web-nginx:test";

/** The stand-in app: answers every request with what reached it, as JSON. */
function startUpstream(port: number): Promise<Server> {
  const server = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(
      JSON.stringify({
        upstream: "stand-in app",
        url: request.url,
        host: request.headers.host ?? null,
        proto: request.headers["x-forwarded-proto"] ?? null,
        forwardedFor: request.headers["x-forwarded-for"] ?? null,
      }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.setTimeout(5_000, () => req.destroy(new Error(`GET ${path}: no answer in 5 s`)));
    req.end();
  });
}

describe.runIf(engine)(`${FIXTURE}: the web service's nginx proxy`, () => {
  const e = engine as Engine;
  let subject: Subject;
  let spec: BuildSpec;
  let proxy: ContainerRun;
  let upstream: Server | null = null;
  let running: Running | null = null;

  beforeAll(async () => {
    subject = await fixtureSubject(FIXTURE);
    const found = (await workflowBuilds(subject.dir)).find((s) => s.name === "web-nginx");
    if (!found) throw new Error("the deploy workflow builds no web-nginx image");
    spec = found;
    proxy = await containerRun(subject.dir, "web", "nginx");
  });

  afterAll(async () => {
    if (running) await check.checkStopsFast(e, running.name).catch(() => undefined);
    await new Promise((resolve) => (upstream ? upstream.close(resolve) : resolve(undefined)));
  });

  it("compose builds it the way the deploy workflow does", async () => {
    const compose = (await composeBuilds(subject.dir)).filter((c) => c.file === spec.file);
    expect(compose.map((c) => ({ ...c, name: spec.name }))).toEqual([spec]);
  });

  it("builds with BuildKit FROM the nginx base, as CI does", async () => {
    const result = await buildImage(e, subject.dir, spec, { tag: TAG });
    expect(result.ok, result.output.slice(-3000)).toBe(true);
    expect(result.changes).toContainEqual(expect.stringMatching(/^dropped the digest of "public\.ecr\.aws\/nginx\//));
  });

  it("with the task definition's environment, passes requests and the health path to the app on 127.0.0.1", async () => {
    const upstreamAt = /^127\.0\.0\.1:(\d+)$/.exec(proxy.env.APP_UPSTREAM ?? "");
    expect(upstreamAt, `APP_UPSTREAM=${proxy.env.APP_UPSTREAM}`).not.toBeNull();
    upstream = await startUpstream(Number(upstreamAt![1]));
    running = await runContainer(e, TAG, "real-run-rails-sidekiq-web-nginx", proxy.env);
    const port = proxy.port!;
    const health = subject.config.services.find((s) => s.name === "web")!.healthCheckPath!;
    // The load balancer's health check: the target group's path on the proxy's port.
    const answer = await waitForHttp(e, running, port, health);
    expect(JSON.parse(answer.body)).toMatchObject({ upstream: "stand-in app", url: health });
    // node:http, not fetch: fetch does not let a request name its own Host.
    const response = await get(port, "/products/7?page=2", {
      "x-forwarded-proto": "https",
      "x-forwarded-for": "203.0.113.9",
      host: "shop.example.com",
    });
    expect(response.status).toBe(200);
    // The path, the client's host and the load balancer's X-Forwarded-Proto reach the app; nginx adds its peer.
    expect(JSON.parse(response.body)).toEqual({
      upstream: "stand-in app",
      url: "/products/7?page=2",
      host: "shop.example.com",
      proto: "https",
      forwardedFor: "203.0.113.9, 127.0.0.1",
    });
  });

  it("runs as a non-root user", async () => {
    expect(running).not.toBeNull();
    await check.checkNonRoot(e, TAG, running!.name);
  });

  it("stops within a few seconds of docker stop", async () => {
    expect(running).not.toBeNull();
    const name = running!.name;
    running = null;
    await check.checkStopsFast(e, name);
  });
});
