// The projects the suite runs: every Node fixture that brings an app, each generated into a temporary copy by
// the built CLI, plus the suite's own sample apps.
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { FIXTURES_DIR, fixtureNames, prepareFixture } from "../fixtures.js";
import { requireEngine } from "./engine.js";
import { FIXTURE_FEED_PACKAGES } from "./token-registry.js";

/** A source edit the development stack must serve without a rebuild. */
export interface DevEdit {
  service: string;
  /** Project-relative file and the text replaced in it. */
  file: string;
  from: string;
  to: string;
  /** What the service answers on `path` before and after the edit. */
  path: string;
  before: string;
  after: string;
}

/** A path a compose service must answer with 2xx and `expect` in the body (e.g. proof it reached its database). */
export interface Probe {
  service: string;
  path: string;
  expect: string;
}

export interface Subject {
  name: string;
  dir: string;
  config: { services: { name: string; port?: number; healthCheckPath?: string }[] };
  devEdit: DevEdit | null;
  probes: Probe[];
}

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "create-ecs-stack.js");

/** Node fixtures with an app/ folder: the ones a real build can prove. */
export function nodeAppFixtures(): string[] {
  return fixtureNames().filter((name) => {
    const config = JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")) as {
      stack?: string;
    };
    return config.stack === "node" && existsSync(join(FIXTURES_DIR, name, "app"));
  });
}

/** Runs the built CLI's `generate` in `dir` and returns the subject. */
export async function generateSubject(
  name: string,
  dir: string,
  devEdit: DevEdit | null,
  probes: Probe[] = [],
): Promise<Subject> {
  const result = await execa("node", [BIN, "generate", "--cwd", dir], {
    reject: false,
    env: { CI: "true" },
    stdin: "ignore",
  });
  if (result.exitCode !== 0)
    throw new Error(`generate in ${name} exited ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
  const config = JSON.parse(readFileSync(join(dir, "ecs-stack.config.json"), "utf8")) as Subject["config"];
  return { name, dir, config, devEdit, probes };
}

/**
 * Repository shapes from fixtures/detect/ that the suite takes through `init --yes`, as a new user would:
 * nothing hand-written between detection and the build. Each names the edit development must serve.
 */
export const INIT_SHAPES: { shape: string; devEdit: DevEdit }[] = [
  {
    // A root Next.js app without standalone output or public/, with its own health route.
    shape: "next-app",
    devEdit: {
      service: "harbor-site",
      file: "app/api/health/route.ts",
      from: 'status: "ok"',
      to: 'status: "ok", edited: true',
      path: "/api/health",
      before: '"status":"ok"',
      after: '"edited":true',
    },
  },
];

/** A copy of fixtures/detect/<shape> in a folder of that name, through the built CLI's `init --yes`. */
export async function initSubject({ shape, devEdit }: (typeof INIT_SHAPES)[number]): Promise<Subject> {
  const dir = join(mkdtempSync(join(tmpdir(), "real-run-init-")), shape);
  cpSync(join(FIXTURES_DIR, "detect", shape), dir, { recursive: true });
  // The one answer a repository cannot hold; 123456789012 is AWS's documentation example.
  writeFileSync(join(dir, "answers.json"), JSON.stringify({ aws: { accountId: "123456789012" } }));
  const result = await execa("node", [BIN, "init", "--yes", "--config", "answers.json", "--cwd", dir], {
    reject: false,
    env: { CI: "true" },
    stdin: "ignore",
  });
  if (result.exitCode !== 0)
    throw new Error(`init --yes in ${shape} exited ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
  const config = JSON.parse(readFileSync(join(dir, "ecs-stack.config.json"), "utf8")) as Subject["config"];
  return { name: `init-${shape}`, dir, config, devEdit, probes: [] };
}

/**
 * A fixture's source edit for the development test comes from fixtures/<name>/real-run.json
 * ({ "devEdit": { service, file, from, to, path, before, after } }), since only the app's author knows what it serves.
 */
export async function fixtureSubject(name: string): Promise<Subject> {
  const specFile = join(FIXTURES_DIR, name, "real-run.json");
  const spec = existsSync(specFile)
    ? (JSON.parse(readFileSync(specFile, "utf8")) as { devEdit?: DevEdit; probes?: Probe[] })
    : {};
  const subject = await generateSubject(name, await prepareFixture(name), spec.devEdit ?? null, spec.probes ?? []);
  await provideFolderFeed(subject.dir);
  return subject;
}

/**
 * The folder feeds' packages where CI puts them: .feed/ (ci-artifacts and s3: the feed job's artifact,
 * passed as the build context "feed"), or the package image in ECR (ecr-image), made locally under the
 * exact name the Dockerfile's FROM gives.
 */
async function provideFolderFeed(dir: string): Promise<void> {
  const config = JSON.parse(readFileSync(join(dir, "ecs-stack.config.json"), "utf8")) as {
    feed?: { strategy?: string };
  };
  const strategy = config.feed?.strategy;
  if (strategy !== "ci-artifacts" && strategy !== "s3" && strategy !== "ecr-image") return;
  const tarballs = readdirSync(FIXTURE_FEED_PACKAGES).filter((f) => f.endsWith(".tgz"));
  if (strategy !== "ecr-image") {
    mkdirSync(join(dir, ".feed"), { recursive: true });
    for (const file of tarballs) copyFileSync(join(FIXTURE_FEED_PACKAGES, file), join(dir, ".feed", file));
    return;
  }
  const from = /^FROM (?:--platform=\S+ )?(\S+) AS feed$/m.exec(readFileSync(join(dir, "Dockerfile"), "utf8"))?.[1];
  if (!from) throw new Error(`${dir}/Dockerfile: no FROM ... AS feed`);
  const engine = await requireEngine();
  if (!engine) return;
  const context = mkdtempSync(join(tmpdir(), "real-run-feed-image-"));
  for (const file of tarballs) copyFileSync(join(FIXTURE_FEED_PACKAGES, file), join(context, file));
  writeFileSync(join(context, "Dockerfile"), "FROM scratch\nCOPY *.tgz /packages/\n");
  await execa("docker", ["build", "--network", "host", "-t", from, context], {
    env: { ...process.env, ...engine.env },
  });
}
