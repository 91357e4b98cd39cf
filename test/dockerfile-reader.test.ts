// The reader of a repository's own Dockerfile (src/detect/dockerfile.ts): what init adopts must be
// read right, or compose, the task definitions and the workflows disagree with the image.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeCommand, readDockerfile, runsAsRoot } from "../src/detect/dockerfile.js";
import { FIXTURES_DIR } from "./support/fixtures.js";

const fixture = (name: string) => readFile(join(FIXTURES_DIR, "detect", name, "Dockerfile"), "utf8");

describe("readDockerfile", () => {
  it("a Rails-style multi-stage file: the last stage's EXPOSE, USER, ENTRYPOINT and CMD", async () => {
    const facts = readDockerfile(await fixture("rails-own-dockerfile"));
    expect(facts.stages.map((s) => [s.name, s.from])).toEqual([
      ["base", "docker.io/library/ruby:$RUBY_VERSION-slim"],
      ["build", "base"],
      [null, "base"],
    ]);
    expect(facts.exposed).toEqual([80]);
    expect(facts.user).toBe("1000:1000");
    expect(runsAsRoot(facts)).toBe(false);
    expect(facts.entrypoint).toEqual(["/rails/bin/docker-entrypoint"]);
    expect(facts.cmd).toEqual(["./bin/thrust", "./bin/rails", "server"]);
    expect(describeCommand(facts)).toBe("/rails/bin/docker-entrypoint ./bin/thrust ./bin/rails server");
  });

  it("EXPOSE through a variable the stage's ENV sets", async () => {
    const facts = readDockerfile(await fixture("node-own-compose"));
    expect(facts.exposed).toEqual([3000]);
    expect(facts.user).toBe("node");
    expect(facts.cmd).toEqual(["node", "src/server.js"]);
  });

  it("no USER, USER root and USER 0 run as root; a single stage is the built one", () => {
    expect(runsAsRoot(readDockerfile("FROM ruby:3.3\nCMD bin/rails server -b 0.0.0.0\n"))).toBe(true);
    expect(runsAsRoot(readDockerfile("FROM node:22\nUSER root\n"))).toBe(true);
    expect(runsAsRoot(readDockerfile("FROM node:22\nUSER 0:0\n"))).toBe(true);
    expect(readDockerfile("FROM ruby:3.3\nCMD bin/rails server -b 0.0.0.0\n").cmd).toEqual([
      "bin/rails server -b 0.0.0.0",
    ]);
  });

  it("only the built stage and the stages it is built FROM count, not a sibling stage", () => {
    const facts = readDockerfile(
      [
        "FROM node:22 AS test",
        "USER tester",
        "EXPOSE 9229",
        "FROM node:22 AS base",
        "USER app",
        "FROM base",
        "EXPOSE 8080/tcp 8125/udp",
      ].join("\n"),
    );
    expect(facts.user).toBe("app");
    expect(facts.exposed).toEqual([8080]);
  });

  it("continuation lines, comments inside them, ARG defaults and ENTRYPOINT resetting an inherited CMD", () => {
    const facts = readDockerfile(
      [
        "ARG PORT=4000",
        "FROM node:22 AS base",
        'CMD ["node", "old.js"]',
        "FROM base",
        "ARG PORT=5000",
        "ENV HOST=0.0.0.0 \\",
        "  # the port the server listens on",
        "  LISTEN=${PORT}",
        "EXPOSE ${LISTEN}",
        'ENTRYPOINT ["tini", "--"]',
      ].join("\n"),
    );
    expect(facts.exposed).toEqual([5000]);
    expect(facts.entrypoint).toEqual(["tini", "--"]);
    expect(facts.cmd).toBeNull();
  });
});
