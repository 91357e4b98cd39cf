// Token feeds (codeartifact / github-packages): a registry on 127.0.0.1 that demands a bearer token stands in
// for the private one. The build with the secret succeeds, without it or with a wrong one it fails, and the
// token is in no layer, history entry or config of the image.
import { afterAll, describe, expect, it } from "vitest";
import { buildImage } from "../support/real-run/build.js";
import { workflowBuilds, type BuildSpec } from "../support/real-run/build-specs.js";
import * as check from "../support/real-run/checks.js";
import { requireEngine, type Engine } from "../support/real-run/engine.js";
import { runContainer } from "../support/real-run/run.js";
import { feedSampleSubject } from "../support/real-run/sample-apps.js";
import type { Subject } from "../support/real-run/subjects.js";
import { containerRun } from "../support/real-run/task-definition.js";
import { startTokenRegistry, type FeedPackage, type TokenRegistry } from "../support/real-run/token-registry.js";
import { knownDefect } from "../support/real-run/known-defects.js";
import { printTimings, timings } from "../support/real-run/timings.js";

const engine = await requireEngine();

describe.skipIf(!engine).sequential("token feed (codeartifact), against a registry on 127.0.0.1", () => {
  const e = engine as Engine;
  let registry: TokenRegistry;
  let subject: Subject;
  let spec: BuildSpec;
  const tag = "real-run/sample-feed-api:test";
  const timing = {
    subject: "sample-feed",
    artifact: "Dockerfile",
    built: false,
    started: false,
    answered: false as boolean | "no port",
    seconds: 0,
  };
  timings.push(timing);
  const started = Date.now();

  afterAll(async () => {
    timing.seconds = (Date.now() - started) / 1000;
    printTimings("token feed");
    await registry?.close();
  });

  it("generates a build that takes the token as a BuildKit secret", async () => {
    registry = await startTokenRegistry();
    // Its .npmrc is pointed at the local registry (a test-copy change).
    subject = await feedSampleSubject(registry);
    [spec] = (await workflowBuilds(subject.dir)) as [BuildSpec];
    expect(spec.secrets).toEqual(["feed_token"]);
  });

  it("fails without the secret", async () => {
    const result = await buildImage(e, subject.dir, spec, { tag: `${tag}-nosecret`, noCache: true });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/feed_token/);
  });

  it("fails with 401 when the token is wrong", async () => {
    const result = await buildImage(e, subject.dir, spec, {
      tag: `${tag}-wrong`,
      secrets: { feed_token: "wrong-token" },
      noCache: true,
    });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/E401|401 Unauthorized/);
    expect(registry.requests.some((r) => !r.authorized)).toBe(true);
  });

  it("builds with the secret, fetching the package with the token", async () => {
    const before = registry.requests.length;
    const result = await buildImage(e, subject.dir, spec, {
      tag,
      secrets: { feed_token: registry.token },
      noCache: true,
    });
    expect(result.ok, result.output.slice(-3000)).toBe(true);
    const seen = registry.requests.slice(before);
    expect(seen.filter((r) => r.authorized).map((r) => r.path)).toContain(
      registry.tarballPath(registry.packages[0] as FeedPackage),
    );
    timing.built = true;
  });

  it("keeps the token out of every layer, history entry and the config", async () => {
    await check.checkNoToken(e, tag, registry.token);
  });

  const registryFiles = "keeps no .npmrc or feed folder, and no dev dependencies";
  (knownDefect(`sample-feed: Dockerfile > ${registryFiles}`) ? it.fails : it)(registryFiles, async () => {
    await check.checkNoRegistryFiles(e, tag);
    await check.checkNoDevDependencies(e, tag, subject.dir, []);
  });

  it("runs the installed private package, answers and stops", async () => {
    const run = await containerRun(subject.dir, spec.name);
    const running = await runContainer(e, tag, "real-run-sample-feed", run.env);
    timing.started = true;
    const answer = await check.checkAnswers(e, running, run.port ?? 0, "/health");
    expect(answer.body).toContain(`hello from ${registry.packages[0]?.name}`);
    timing.answered = true;
    if (run.healthCommand) await check.checkHealthCommand(e, running.name, run.healthCommand);
    await check.checkNonRoot(e, tag, running.name);
    await check.checkStopsFast(e, running.name);
  });
});
