// A Node app with its own Dockerfile and docker-compose.yml (fixtures/detect/node-own-compose), after
// `init --yes` with the built CLI: the adopted Dockerfile builds as the deploy workflow says, the image runs
// as the task definition says and answers the load balancer's health path, and the tool's compose pair
// (compose.ecs-stack.yml + override, beside the app's own file) brings the stack up, production-like and
// in development.
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../support/fixtures.js";
import { buildImage } from "../support/real-run/build.js";
import { workflowBuilds } from "../support/real-run/build-specs.js";
import * as compose from "../support/real-run/compose.js";
import { docker } from "../support/real-run/docker.js";
import { requireEngine, type Engine } from "../support/real-run/engine.js";
import { runContainer, waitForHttp } from "../support/real-run/run.js";
import { containerRun } from "../support/real-run/task-definition.js";

const engine = await requireEngine();
const BIN = join(import.meta.dirname, "..", "..", "bin", "create-ecs-stack.js");
const NAMES = ["compose.ecs-stack.yml", "compose.ecs-stack.override.yml"] as const;

async function initialised(): Promise<{ dir: string; healthPath: string }> {
  const dir = await mkdtemp(join(tmpdir(), "real-run-adopted-"));
  await cp(join(FIXTURES_DIR, "detect", "node-own-compose"), dir, { recursive: true });
  const init = await execa("node", [BIN, "init", "--yes", "--aws-account-id", "123456789012"], {
    cwd: dir,
    reject: false,
    env: { CI: "true" },
  });
  if (init.exitCode !== 0) throw new Error(`init exited ${init.exitCode}:\n${init.stdout}\n${init.stderr}`);
  const config = JSON.parse(await readFile(join(dir, "ecs-stack.config.json"), "utf8")) as {
    services: { healthCheckPath: string }[];
  };
  return { dir, healthPath: config.services[0]!.healthCheckPath };
}

describe.skipIf(!engine).sequential("node-own-compose: the adopted Dockerfile", () => {
  const e = engine as Engine;
  const container = "real-run-adopted-tally";
  afterAll(async () => void (await docker(e, ["rm", "-f", container])));

  it("builds as the deploy workflow says and answers its health path as the task definition runs it", async () => {
    const { dir, healthPath } = await initialised();
    const [spec, ...others] = await workflowBuilds(dir);
    expect(others).toEqual([]);
    expect(spec).toMatchObject({ file: "Dockerfile", target: null });
    const tag = "real-run/adopted-tally:test";
    const built = await buildImage(e, dir, spec!, { tag });
    expect(built.ok, built.output.slice(-3000)).toBe(true);
    const run = await containerRun(dir, "tally");
    expect(run.port).toBe(3000);
    const running = await runContainer(e, tag, container, run.env);
    const answer = await waitForHttp(e, running, run.port!, healthPath);
    expect(answer.body).toBe("ok");
    // The image's own USER, not root.
    const user = await docker(e, ["exec", container, "id", "-un"]);
    expect(String(user.stdout).trim()).toBe("node");
  });
});

for (const dev of [false, true]) {
  describe
    .skipIf(!engine)
    .sequential(`node-own-compose: the tool's compose pair, ${dev ? "development" : "production-like"}`, () => {
      const e = engine as Engine;
      let stack: compose.Stack | null = null;
      let dir = "";
      afterAll(async () => {
        if (stack) await compose.composeDown(e, dir, stack);
      });

      it("comes up beside the app's own docker-compose.yml and answers", async () => {
        const made = await initialised();
        dir = made.dir;
        stack = await compose.composeTestCopy(dir, "adopted-tally", dev, {}, undefined, NAMES);
        const up = await compose.composeUp(e, dir, stack);
        expect(up.ok, up.output.slice(-3000)).toBe(true);
        const id = await compose.serviceContainer(e, dir, stack, "tally");
        const logs = () => compose.composeLogs(e, dir, stack!, "tally");
        const answer = await waitForHttp(e, { name: id, logs }, 3000, made.healthPath);
        expect(answer.body).toBe("ok");
      });
    });
}
