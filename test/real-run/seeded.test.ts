// Each real-run check, shown failing on the mistake it exists to catch: a test copy of a generated Dockerfile
// gets one seeded mistake, and the check that passes on the generated file must throw on the copy.
import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { workflowBuilds, type BuildSpec } from "../support/real-run/build-specs.js";
import * as check from "../support/real-run/checks.js";
import * as compose from "../support/real-run/compose.js";
import { checkDevEditServed, checkStackAnswers } from "../support/real-run/compose-checks.js";
import { docker } from "../support/real-run/docker.js";
import { requireEngine, type Engine } from "../support/real-run/engine.js";
import { feedSampleSubject, workspacesSampleSubject } from "../support/real-run/sample-apps.js";
import { buildAndStartSeeded, replacing, type Seeded } from "../support/real-run/seed.js";
import type { Subject } from "../support/real-run/subjects.js";
import { startTokenRegistry, type TokenRegistry } from "../support/real-run/token-registry.js";

const engine = await requireEngine();

describe.skipIf(!engine).sequential("seeded mistakes are caught", () => {
  const e = engine as Engine;
  let workspaces: Subject;
  let api: BuildSpec;
  let worker: BuildSpec;
  const started: Seeded[] = [];
  const seed = async (
    spec: BuildSpec,
    label: string,
    edit: (t: string) => string,
    subject = workspaces,
    secrets = {},
  ) => {
    const seeded = await buildAndStartSeeded(e, subject, spec, label, edit, secrets);
    started.push(seeded);
    return seeded;
  };

  beforeAll(async () => {
    workspaces = await workspacesSampleSubject();
    const specs = await workflowBuilds(workspaces.dir);
    api = specs.find((s) => s.name === "api") as BuildSpec;
    worker = specs.find((s) => s.name === "worker") as BuildSpec;
  });

  // Containers share the host network: each one goes before the next starts on the same port.
  afterEach(async () => {
    for (const { running } of started.splice(0)) await docker(e, ["rm", "-f", running.name]);
  });

  it("a wrong CMD path: the health path never answers", async () => {
    const { running, run } = await seed(api, "cmd", replacing('"api/server.js"', '"api/dist/server.js"'));
    await expect(check.checkAnswers(e, running, run.port as number, "/health")).rejects.toThrow(
      /exited before answering/,
    );
  });

  it("a missing COPY of the service's source: the health path never answers", async () => {
    const { running, run } = await seed(api, "copy", replacing(/^COPY --chown=node:node api\/ api\/\n/m, ""));
    await expect(check.checkAnswers(e, running, run.port as number, "/health")).rejects.toThrow(/Cannot find module/);
  });

  it("a worker whose CMD is wrong: it does not stay up", async () => {
    const { running } = await seed(worker, "worker", replacing('"worker/worker.js"', '"worker/missing.js"'));
    await expect(check.checkStaysUp(e, running)).rejects.toThrow(/exited within/);
  });

  it("no USER: the non-root check fails", async () => {
    const { running, run, tag } = await seed(api, "root", replacing(/^USER node\n/m, ""));
    await check.checkAnswers(e, running, run.port as number, "/health");
    await expect(check.checkNonRoot(e, tag, running.name)).rejects.toThrow(/runs as root/);
  });

  it("a failing health-check command: the task definition's check fails", async () => {
    const { running, run } = await seed(
      api,
      "health",
      replacing(/^CMD \[.*\]$/m, 'CMD ["node", "-e", "setInterval(() => {}, 1000)"]'),
    );
    await expect(check.checkHealthCommand(e, running.name, run.healthCommand as string[])).rejects.toThrow(/exited 1/);
  });

  it("a shell that swallows SIGTERM in front of node: docker stop is slow", async () => {
    const { running, run } = await seed(
      api,
      "sigterm",
      replacing(/^CMD \[.*\]$/m, `CMD ["sh", "-c", "trap 'echo ignored' TERM; node api/server.js & wait $!; wait $!"]`),
    );
    await check.checkAnswers(e, running, run.port as number, "/health");
    await expect(check.checkStopsFast(e, running.name)).rejects.toThrow(/docker stop took/);
  });

  it("a full install in the runtime's dependencies: the dev-dependency check fails", async () => {
    const { tag } = await seed(api, "devdeps", replacing("npm ci --omit=dev --workspace api", "npm ci"));
    await expect(check.checkNoDevDependencies(e, tag, workspaces.dir, ["api", "worker"])).rejects.toThrow(/is-number/);
  });

  describe.sequential("in compose", () => {
    let stack: compose.Stack | null = null;
    afterEach(async () => {
      if (stack) await compose.composeDown(e, workspaces.dir, stack);
      stack = null;
    });
    const up = async (dev: boolean, edit: (file: string, copy: compose.ComposeFile) => void) => {
      stack = await compose.composeTestCopy(workspaces.dir, "seeded", dev, {}, edit);
      const result = await compose.composeUp(e, workspaces.dir, stack);
      expect(result.ok, result.output.slice(-2000)).toBe(true);
      return stack;
    };

    it("a database user the app does not use: the probe that proves the app reached it fails", async () => {
      const running = await up(false, (file, copy) => {
        if (file === compose.COMPOSE_BASE)
          (copy.services.db?.environment as Record<string, string>).POSTGRES_USER = "someone";
      });
      await expect(checkStackAnswers(e, workspaces, running)).rejects.toThrow(/\/deps/);
    });

    it("a source mount of the wrong folder in development: the edit is not served", async () => {
      cpSync(join(workspaces.dir, "api"), join(workspaces.dir, "api-snapshot"), { recursive: true });
      const running = await up(true, (file, copy) => {
        const api = copy.services.api;
        if (file === compose.COMPOSE_OVERRIDE && api)
          api.volumes = (api.volumes as string[]).map((v) => v.replace(/^\.\/api:/, "./api-snapshot:"));
      });
      await expect(checkDevEditServed(e, workspaces, running)).rejects.toThrow(/was not served/);
    });
  });

  describe.sequential("with a token feed", () => {
    let registry: TokenRegistry;
    let feed: Subject;
    let spec: BuildSpec;
    beforeAll(async () => {
      registry = await startTokenRegistry();
      feed = await feedSampleSubject(registry);
      [spec] = (await workflowBuilds(feed.dir)) as [BuildSpec];
    });
    beforeAll(() => () => registry?.close());

    it("the token copied into a layer: the token check fails", async () => {
      const leak = replacing(
        /^FROM base AS runtime$/m,
        "FROM base AS runtime\nRUN --mount=type=secret,id=feed_token cp /run/secrets/feed_token /tmp/cached-token",
      );
      const { tag } = await seed(spec, "token", leak, feed, { feed_token: registry.token });
      await expect(check.checkNoToken(e, tag, registry.token)).rejects.toThrow(/the token is in/);
    });

    it("the token passed as a build argument: the token check finds it in the history", async () => {
      const leak = replacing(
        /^FROM base AS runtime$/m,
        `FROM base AS runtime\nARG FEED_TOKEN=${registry.token}\nRUN echo "$FEED_TOKEN" | wc -c`,
      );
      const { tag } = await seed(spec, "token-arg", leak, feed, { feed_token: registry.token });
      await expect(check.checkNoToken(e, tag, registry.token)).rejects.toThrow(/docker history/);
    });

    it("a feed folder copied into the runtime: the registry-file check fails", async () => {
      const keep = replacing(/^USER node$/m, "RUN mkdir -p .feed && touch .feed/pkg.tgz\nUSER node");
      const { tag } = await seed(spec, "feed-folder", keep, feed, { feed_token: registry.token });
      await expect(check.checkNoRegistryFiles(e, tag)).rejects.toThrow(/\.feed/);
    });
  });
});
