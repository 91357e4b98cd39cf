// CI's test job runs the app's tests against throwaway service containers (Rails, Python); the
// database its connection variable names must exist before the tests start, whatever the stack's
// test runner creates on its own (Rails' db:prepare does, pytest with SQLAlchemy does not).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../src/config/load.js";
import { profileOf } from "../src/stacks/index.js";
import { FIXTURES_DIR, fixtureNames } from "./support/fixtures.js";

interface Job {
  services?: Record<string, { image: string; env?: Record<string, string> }>;
  env?: Record<string, string>;
}

const withDatabase = async () => {
  const out: { name: string; engine: string; variable: string; job: Job }[] = [];
  for (const name of fixtureNames()) {
    const config = parseConfigText(await readFile(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8"), name);
    if (config.database.engine === "none") continue;
    const ci = parse(await readFile(join(FIXTURES_DIR, name, "expected", ".github", "workflows", "ci.yml"), "utf8"));
    const job = ci.jobs.test as Job | undefined;
    // Stacks whose test job gets no database (Node's suites bring their own, if any) have nothing to check.
    if (job?.services?.db)
      out.push({
        name,
        engine: config.database.engine,
        variable: profileOf(config.stack).connection.databaseVariable,
        job,
      });
  }
  return out;
};

describe("CI's test database", () => {
  it("the db service creates the database the job's connection URL names (postgres and mysql)", async () => {
    const jobs = await withDatabase();
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(["python-fastapi", "rails-sidekiq"]));
    for (const { name, engine, variable, job } of jobs) {
      const url = new URL(job.env![variable]!);
      const database = url.pathname.slice(1);
      const env = job.services!.db!.env!;
      expect(env[engine === "mysql" ? "MYSQL_DATABASE" : "POSTGRES_DB"], name).toBe(database);
    }
  });
});
