// Every generated Dockerfile of every Node app, built as the deploy workflow builds it and run with the task
// definition's environment: it answers, passes its own health check, runs as non-root, stops on SIGTERM, and
// carries no dev dependencies, registry files or tokens.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackingServices, type Backing } from "../support/real-run/backing-services.js";
import { buildImage } from "../support/real-run/build.js";
import { composeBuilds, workflowBuilds, type BuildSpec } from "../support/real-run/build-specs.js";
import * as check from "../support/real-run/checks.js";
import { requireEngine, type Engine } from "../support/real-run/engine.js";
import { knownDefect } from "../support/real-run/known-defects.js";
import { runContainer, type Running } from "../support/real-run/run.js";
import { FIXTURES_DIR } from "../support/fixtures.js";
import { redirectNpmrc, workspacesSampleSubject } from "../support/real-run/sample-apps.js";
import {
  FIXTURE_FEED_PACKAGES,
  FIXTURE_REGISTRY_PORT,
  packagesIn,
  startTokenRegistry,
  type TokenRegistry,
} from "../support/real-run/token-registry.js";
import {
  fixtureSubject,
  initSubject,
  INIT_SHAPES,
  nodeAppFixtures,
  type Subject,
} from "../support/real-run/subjects.js";
import { containerRun } from "../support/real-run/task-definition.js";
import { printTimings, timings } from "../support/real-run/timings.js";

const engine = await requireEngine();

const subjects: Subject[] = engine
  ? [
      await workspacesSampleSubject(),
      ...(await Promise.all(nodeAppFixtures().map(fixtureSubject))),
      ...(await Promise.all(INIT_SHAPES.map(initSubject))),
    ]
  : [];
const builds = new Map<Subject, BuildSpec[]>();
for (const subject of subjects) builds.set(subject, await workflowBuilds(subject.dir));

afterAll(() => printTimings("images"));

for (const subject of subjects) {
  for (const spec of builds.get(subject) ?? []) {
    describe.sequential(`${subject.name}: ${spec.file}`, () => {
      const e = engine as Engine;
      const tag = `real-run/${subject.name}-${spec.name}:test`;
      const service = subject.config.services.find((s) => s.name === spec.name);
      const timing = {
        subject: subject.name,
        artifact: spec.file,
        built: false,
        started: false,
        answered: false as boolean | "no port",
        seconds: 0,
      };
      let running: Running | null = null;
      let started = 0;
      beforeAll(() => void (started = Date.now()));
      timings.push(timing);

      const test = (name: string, fn: () => Promise<void>) =>
        (knownDefect(`${subject.name}: ${spec.file} > ${name}`) ? it.fails : it)(name, fn);

      // A token feed (the build takes secrets): the registry on 127.0.0.1 serves the fixture's private packages.
      let registry: TokenRegistry | null = null;
      beforeAll(async () => {
        if (spec.secrets.length === 0) return;
        const own = join(FIXTURES_DIR, subject.name, "real-run-packages");
        registry = existsSync(own)
          ? await startTokenRegistry(await packagesIn(own))
          : await startTokenRegistry(await packagesIn(FIXTURE_FEED_PACKAGES), FIXTURE_REGISTRY_PORT);
        const npmrc = join(subject.dir, ".npmrc");
        if (existsSync(npmrc)) await writeFile(npmrc, redirectNpmrc(await readFile(npmrc, "utf8"), registry.url));
      });

      let backing: Backing | null = null;
      afterAll(async () => {
        await registry?.close();
        if (running) await check.checkStopsFast(e, running.name).catch(() => undefined);
        await backing?.stop();
        timing.seconds = (Date.now() - started) / 1000;
      });

      test("compose builds it the way the deploy workflow does", async () => {
        const compose = (await composeBuilds(subject.dir)).filter((c) => c.file === spec.file);
        expect(compose.length).toBeGreaterThan(0);
        for (const c of compose) expect({ ...c, name: spec.name }).toEqual(spec);
      });

      test("builds with BuildKit, as CI does", async () => {
        if (registry && registry.packages.length === 0)
          throw new Error(
            `fixtures/${subject.name}/real-run-packages/ must hold the npm pack tarballs of its private packages`,
          );
        const token = registry?.token;
        const secrets = Object.fromEntries(spec.secrets.map((id) => [id, token as string]));
        const result = await buildImage(e, subject.dir, spec, { tag, secrets });
        expect(result.ok, result.output.slice(-3000)).toBe(true);
        timing.built = true;
      });

      test("starts with the task definition's environment and answers its health path", async () => {
        expect(timing.built).toBe(true);
        const run = await containerRun(subject.dir, spec.name);
        backing = await startBackingServices(e, run.env);
        running = await runContainer(e, tag, `real-run-${subject.name}-${spec.name}`, backing.env);
        timing.started = true;
        if (run.port === null) {
          await check.checkStaysUp(e, running);
          timing.answered = "no port";
          return;
        }
        if (service?.port) expect(run.port).toBe(service.port);
        await check.checkAnswers(e, running, run.port, service?.healthCheckPath ?? run.healthPath ?? "/");
        timing.answered = true;
        if (run.healthCommand) await check.checkHealthCommand(e, running.name, run.healthCommand);
      });

      test("runs as a non-root user", async () => {
        expect(running).not.toBeNull();
        await check.checkNonRoot(e, tag, (running as Running).name);
      });

      test("stops within a few seconds of docker stop", async () => {
        expect(running).not.toBeNull();
        const name = (running as Running).name;
        running = null;
        await check.checkStopsFast(e, name);
      });

      test("holds no dev dependencies, registry files, feed folders or token", async () => {
        expect(timing.built).toBe(true);
        const folders = subject.config.services.map((s) => (s as { path?: string }).path ?? "").filter(Boolean);
        await check.checkNoDevDependencies(e, tag, subject.dir, folders);
        await check.checkNoRegistryFiles(e, tag);
        if (registry) await check.checkNoToken(e, tag, registry.token);
      });
    });
  }
}
