// Compose v2 on every Node app: the base file alone (production-like) and base + override (development).
// Every service comes up and answers (databases and caches report healthy); in development an edit to a
// source file is served without a rebuild.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as compose from "../support/real-run/compose.js";
import { checkDevEditServed, checkStackAnswers } from "../support/real-run/compose-checks.js";
import { requireEngine, type Engine } from "../support/real-run/engine.js";
import { knownDefect } from "../support/real-run/known-defects.js";
import { feedSampleSubject, redirectNpmrc, workspacesSampleSubject } from "../support/real-run/sample-apps.js";
import {
  fixtureSubject,
  initSubject,
  INIT_SHAPES,
  nodeAppFixtures,
  type Subject,
} from "../support/real-run/subjects.js";
import { printTimings, timings } from "../support/real-run/timings.js";
import {
  FIXTURE_FEED_PACKAGES,
  FIXTURE_REGISTRY_PORT,
  packagesIn,
  startTokenRegistry,
  type TokenRegistry,
} from "../support/real-run/token-registry.js";

const engine = await requireEngine();
const registry = engine ? await startTokenRegistry() : null;
// The token-feed fixtures' lockfiles resolve @atlas-labs/* on a fixed local address.
const fixtureRegistry = engine
  ? await startTokenRegistry(await packagesIn(FIXTURE_FEED_PACKAGES), FIXTURE_REGISTRY_PORT)
  : null;

const subjects: Subject[] = engine
  ? [
      await workspacesSampleSubject(),
      await feedSampleSubject(registry!),
      ...(await Promise.all(nodeAppFixtures().map(fixtureSubject))),
      ...(await Promise.all(INIT_SHAPES.map(initSubject))),
    ]
  : [];

afterAll(async () => {
  printTimings("compose");
  await registry?.close();
  await fixtureRegistry?.close();
});

/** The registry a subject's .npmrc sends its private scope to (pointed at 127.0.0.1, a test-copy change). */
async function registryFor(subject: Subject): Promise<TokenRegistry | null> {
  if (subject.name === "sample-feed") return registry;
  const npmrc = join(subject.dir, ".npmrc");
  if (!fixtureRegistry || !existsSync(npmrc) || !/^@[^:]+:registry=/m.test(await readFile(npmrc, "utf8"))) return null;
  await writeFile(npmrc, redirectNpmrc(await readFile(npmrc, "utf8"), fixtureRegistry.url));
  return fixtureRegistry;
}
const registries = new Map<Subject, TokenRegistry | null>();
for (const subject of subjects) registries.set(subject, await registryFor(subject));

for (const subject of subjects) {
  for (const mode of ["production-like", "development"] as const) {
    describe.sequential(`${subject.name}: compose, ${mode}`, () => {
      const e = engine as Engine;
      const dev = mode === "development";
      const artifact = dev ? "compose base + override" : "compose base";
      const timing = {
        subject: subject.name,
        artifact,
        built: false,
        started: false,
        answered: false as boolean | "no port",
        seconds: 0,
      };
      timings.push(timing);
      let stack: compose.Stack;
      let started = 0;
      beforeAll(() => void (started = Date.now()));
      const test = (name: string, fn: () => Promise<void>) =>
        (knownDefect(`${subject.name}: ${artifact} > ${name}`) ? it.fails : it)(name, fn);

      afterAll(async () => {
        if (stack) await compose.composeDown(e, subject.dir, stack);
        timing.seconds = (Date.now() - started) / 1000;
      });

      test("builds and starts every service", async () => {
        stack = await compose.composeTestCopy(
          subject.dir,
          subject.name,
          dev,
          registries.get(subject) ? { FEED_TOKEN: registries.get(subject)!.token } : {},
        );
        const up = await compose.composeUp(e, subject.dir, stack);
        expect(up.ok, up.output.slice(-3000)).toBe(true);
        timing.built = timing.started = true;
      });

      test("every service is up and answering", async () => {
        expect(timing.started).toBe(true);
        timing.answered = (await checkStackAnswers(e, subject, stack)) > 0 ? true : "no port";
      });

      if (dev) test("serves an edit to a source file without a rebuild", () => checkDevEditServed(e, subject, stack));
    });
  }
}
