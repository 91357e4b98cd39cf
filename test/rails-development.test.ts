// Rails in development (docker-compose.override.yml): the app's own bin/docker-entrypoint must see
// the server command it recognises, or `db:prepare` never runs on a fresh database. The entrypoint
// is run for real with the generated entrypoint and command, over a stand-in bin/rails that
// records how it was called (no Ruby here).
import { chmod, cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIXTURES_DIR, prepareFixture } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";

interface ComposeService {
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string>;
}

async function developmentServices(): Promise<Record<string, ComposeService>> {
  const dir = await prepareFixture("rails-sidekiq");
  const result = await runCli(["generate"], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return parse(await readFile(join(dir, "docker-compose.override.yml"), "utf8")).services;
}

/** Runs `entrypoint command` in a copy of the app whose bin/rails only logs its arguments. */
async function railsCallsFor(entrypoint: string[], command: string[]): Promise<string[]> {
  const app = await mkdtemp(join(tmpdir(), "ecs-stack-rails-dev-"));
  await mkdir(join(app, "bin"));
  await cp(
    join(FIXTURES_DIR, "rails-sidekiq", "app", "bin", "docker-entrypoint"),
    join(app, "bin", "docker-entrypoint"),
  );
  await writeFile(join(app, "bin", "rails"), '#!/bin/sh\necho "$*" >> rails-calls.log\n');
  await chmod(join(app, "bin", "rails"), 0o755);
  await chmod(join(app, "bin", "docker-entrypoint"), 0o755);
  await execa(entrypoint[0]!, [...entrypoint.slice(1), ...command], { cwd: app });
  return (await readFile(join(app, "rails-calls.log"), "utf8")).trim().split("\n");
}

describe("Rails development containers", () => {
  it("the web service runs the app's entrypoint with `./bin/rails server`, so db:prepare runs first", async () => {
    const { web } = await developmentServices();
    expect(web!.entrypoint).toEqual(["./bin/docker-entrypoint"]);
    expect(web!.environment).toMatchObject({ BINDING: "0.0.0.0", RAILS_ENV: "development" });
    expect(await railsCallsFor(web!.entrypoint!, web!.command!)).toEqual(["db:prepare", "server"]);
  });

  it("the worker goes through the same entrypoint, which leaves the database alone for it", async () => {
    const { worker } = await developmentServices();
    expect(worker!.entrypoint).toEqual(["./bin/docker-entrypoint"]);
    expect(worker!.command).toEqual(["bundle", "exec", "sidekiq"]);
    expect(worker!.environment?.BINDING).toBeUndefined();
  });

  it("fails on the command the entrypoint does not recognise (`-b 0.0.0.0` at the end)", async () => {
    const calls = await railsCallsFor(["./bin/docker-entrypoint"], ["./bin/rails", "server", "-b", "0.0.0.0"]);
    expect(calls).toEqual(["server -b 0.0.0.0"]);
  });
});
