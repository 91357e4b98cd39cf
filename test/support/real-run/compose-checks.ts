// The compose assertions, as functions that throw with the evidence, so the seeded-mistake tests can show them
// failing: every service up and answering (databases and caches healthy, probes answered), and a source edit
// served by the development stack without a rebuild.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readCompose } from "./build-specs.js";
import { COMPOSE_BASE, composeLogs, serviceContainer, waitHealthy, type Stack } from "./compose.js";
import type { Engine } from "./engine.js";
import { isRunning, waitForHttp } from "./run.js";
import type { Subject } from "./subjects.js";
import { containerRun } from "./task-definition.js";

/** Returns how many services answered over HTTP (0: the stack has only workers). */
export async function checkStackAnswers(engine: Engine, subject: Subject, stack: Stack): Promise<number> {
  const base = await readCompose(subject.dir, COMPOSE_BASE);
  let answered = 0;
  for (const [name, service] of Object.entries(base.services)) {
    const id = await serviceContainer(engine, subject.dir, stack, name);
    const logs = () => composeLogs(engine, subject.dir, stack, name);
    if (!service.build) {
      await waitHealthy(engine, id);
      continue;
    }
    const run = await containerRun(subject.dir, name);
    if (run.port === null) {
      await new Promise((resolve) => setTimeout(resolve, 4000));
      if (!(await isRunning(engine, id))) throw new Error(`${name} exited:\n${await logs()}`);
      continue;
    }
    const config = subject.config.services.find((s) => s.name === name);
    await waitForHttp(engine, { name: id, logs }, run.port, config?.healthCheckPath ?? run.healthPath ?? "/");
    answered++;
    for (const probe of subject.probes.filter((p) => p.service === name)) {
      const answer = await waitForHttp(engine, { name: id, logs }, run.port, probe.path, 30_000);
      if (!answer.body.includes(probe.expect))
        throw new Error(`${name} ${probe.path} answered ${answer.body.slice(0, 300)}, without ${probe.expect}`);
    }
  }
  return answered;
}

/** Applies the subject's devEdit to its source and waits up to 30 s for the running service to serve it. */
export async function checkDevEditServed(engine: Engine, subject: Subject, stack: Stack) {
  const edit = subject.devEdit;
  if (!edit)
    throw new Error(
      `fixtures/${subject.name}/real-run.json must name a devEdit: { service, file, from, to, path, before, after }`,
    );
  const port = (await containerRun(subject.dir, edit.service)).port as number;
  const id = await serviceContainer(engine, subject.dir, stack, edit.service);
  const logs = () => composeLogs(engine, subject.dir, stack, edit.service);
  const before = await waitForHttp(engine, { name: id, logs }, port, edit.path);
  if (!before.body.includes(edit.before))
    throw new Error(`${edit.path} answered ${before.body}, without ${edit.before}`);
  const file = join(subject.dir, edit.file);
  await writeFile(file, (await readFile(file, "utf8")).replace(edit.from, edit.to));
  const deadline = Date.now() + 30_000;
  let body = "";
  while (Date.now() < deadline && !body.includes(edit.after)) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    body = await waitForHttp(engine, { name: id, logs }, port, edit.path, 10_000).then(
      (r) => r.body,
      () => "",
    );
  }
  if (!body.includes(edit.after))
    throw new Error(
      `the edit of ${edit.file} was not served within 30 s (${edit.path}: ${body.slice(0, 200)}):\n${await logs()}`,
    );
}
