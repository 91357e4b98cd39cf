// Compose v2 on every Node app: the base file alone (production-like) and base + override (development).
// Every service comes up and answers (databases and caches report healthy); in development an edit to a
// source file is served without a rebuild.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCompose } from "../support/real-run/build-specs.js";
import * as compose from "../support/real-run/compose.js";
import { requireEngine, type Engine } from "../support/real-run/engine.js";
import { knownDefect } from "../support/real-run/known-defects.js";
import { isRunning, waitForHttp } from "../support/real-run/run.js";
import { feedSampleSubject, workspacesSampleSubject } from "../support/real-run/sample-apps.js";
import { fixtureSubject, nodeAppFixtures, type Subject } from "../support/real-run/subjects.js";
import { containerRun } from "../support/real-run/task-definition.js";
import { printTimings, timings } from "../support/real-run/timings.js";
import { startTokenRegistry } from "../support/real-run/token-registry.js";

const engine = await requireEngine();
const registry = engine ? await startTokenRegistry() : null;

const subjects: Subject[] = engine
  ? [
      await workspacesSampleSubject(),
      await feedSampleSubject(registry!),
      ...(await Promise.all(nodeAppFixtures().map(fixtureSubject))),
    ]
  : [];

afterAll(async () => {
  printTimings("compose");
  await registry?.close();
});

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
          registry ? { FEED_TOKEN: registry.token } : {},
        );
        const up = await compose.composeUp(e, subject.dir, stack);
        expect(up.ok, up.output.slice(-3000)).toBe(true);
        timing.built = timing.started = true;
      });

      test("every service is up and answering", async () => {
        expect(timing.started).toBe(true);
        const base = await readCompose(subject.dir, compose.COMPOSE_BASE);
        let answered = 0;
        for (const [name, service] of Object.entries(base.services)) {
          const id = await compose.serviceContainer(e, subject.dir, stack, name);
          const logs = () => compose.composeLogs(e, subject.dir, stack, name);
          if (!service.build) {
            await compose.waitHealthy(e, id);
            continue;
          }
          const config = subject.config.services.find((s) => s.name === name);
          const run = await containerRun(subject.dir, name);
          if (run.port === null) {
            await new Promise((resolve) => setTimeout(resolve, 4000));
            expect(await isRunning(e, id), await logs()).toBe(true);
            continue;
          }
          await waitForHttp(e, { name: id, logs }, run.port, config?.healthCheckPath ?? run.healthPath ?? "/");
          answered++;
        }
        timing.answered = answered > 0 ? true : "no port";
      });

      if (dev)
        test("serves an edit to a source file without a rebuild", async () => {
          const edit = subject.devEdit;
          if (!edit)
            throw new Error(
              `fixtures/${subject.name}/real-run.json must name a devEdit: { service, file, from, to, path, before, after }`,
            );
          const port = (await containerRun(subject.dir, edit.service)).port as number;
          const id = await compose.serviceContainer(e, subject.dir, stack, edit.service);
          const logs = () => compose.composeLogs(e, subject.dir, stack, edit.service);
          const before = await waitForHttp(e, { name: id, logs }, port, edit.path);
          expect(before.body).toContain(edit.before);
          const file = join(subject.dir, edit.file);
          await writeFile(file, (await readFile(file, "utf8")).replace(edit.from, edit.to));
          const deadline = Date.now() + 30_000;
          let body = "";
          while (Date.now() < deadline && !body.includes(edit.after)) {
            body = await waitForHttp(e, { name: id, logs }, port, edit.path).then(
              (r) => r.body,
              () => "",
            );
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
          expect(body, await logs()).toContain(edit.after);
        });
    });
  }
}
