/**
 * The feed wiring checks (test/support/rules/workflow-feed-rules.ts) on the workflows the generator writes for the
 * folder feed strategies, against Dockerfiles that read the packages as the Dockerfile contract says: named contexts
 * per sibling repository (source), the context "feed" (s3, ci-artifacts), a stage FROM the package image in ECR
 * (ecr-image). Each check passes the generated output and fails one seeded defect, so none can pass by checking
 * nothing. The Dockerfiles are written here because the generated ones may not read the packages yet.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigValue } from "../src/config/load.js";
import { planFolderFeed } from "../src/plan/feed.js";
import { createStack } from "../src/stack.js";
import { checkFeedWorkflows, namedContexts } from "./support/rules/workflow-feed-rules.js";
import { FIXTURES_DIR } from "./support/fixtures.js";

const CI = ".github/workflows/ci.yml";
const DEPLOY = ".github/workflows/deploy.yml";
const FEED = ".github/workflows/feed.yml";

/** The fixture's generated files, each Dockerfile reading the packages the way its strategy does. */
async function generated(name: string): Promise<Map<string, string>> {
  const config = parseConfigValue(
    JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8")),
    name,
  );
  const files = new Map((await createStack(config)).entries());
  const feed = planFolderFeed(config)!;
  for (const [path, text] of files) {
    if (!/(^|\/)Dockerfile$/.test(path)) continue;
    const reads = feed.siblings
      ? feed.packages.map((p) => `COPY --from=${p.context} . /${p.folder}/`)
      : ["COPY --from=feed . .feed/"];
    const packageImage = feed.image
      ? `FROM ${feed.image.registry}/${feed.image.repository}:${feed.image.tag} AS feed\n`
      : "";
    const firstFrom = text.search(/^FROM /m);
    const withReads = text.replace(/^(FROM .*\n)/m, `$1${reads.join("\n")}\n`);
    files.set(path, withReads.slice(0, firstFrom) + packageImage + withReads.slice(firstFrom));
  }
  return files;
}

/** `files` with one substring of one file replaced; fails when the substring is gone, so a variant never equals the original. */
function variant(files: Map<string, string>, path: string, from: string | RegExp, to: string): Map<string, string> {
  const text = files.get(path)!;
  expect(text).toMatch(from);
  return new Map([...files, [path, text.replace(from, to)]]);
}

describe("namedContexts", () => {
  it("lists the contexts COPY --from and RUN --mount from= read, not stages, stage indexes or images", () => {
    const dockerfile = [
      "FROM node:24-slim AS deps",
      "FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/pkgs:1 AS feed",
      "FROM node:24-slim",
      "COPY --from=deps /app /app",
      "COPY --from=0 /x /x",
      "COPY --from=feed /packages/ .feed/",
      "COPY --from=nginx:1.27 /etc/nginx /etc/nginx",
      "COPY --from=acme-core . /acme-core/",
      "RUN --mount=type=bind,from=acme-billing,target=/b true",
    ].join("\n");
    expect(namedContexts(dockerfile)).toEqual(["acme-core", "acme-billing"]);
  });
});

describe.each([
  "payroll-source",
  "rails-source",
  "payroll-ci-artifacts",
  "node-s3",
  "payroll-ecr-image",
  "node-ecr-image",
])("fixture %s, with Dockerfiles that read the packages", (name) => {
  it("passes the feed wiring checks", async () => {
    expect(checkFeedWorkflows(await generated(name))).toEqual([]);
  });
});

describe("the feed wiring checks fail", () => {
  it("a build without the feed context, or with one no step fills", async () => {
    const files = await generated("payroll-ci-artifacts");
    expect(
      checkFeedWorkflows(variant(files, CI, /          build-contexts: \|\n            feed=\.feed\n/, "")),
    ).toEqual([
      expect.stringMatching(/^FEED-CTX: \.github\/workflows\/ci\.yml: job images: .*reads the build context "feed"/),
    ]);
    expect(checkFeedWorkflows(variant(files, DEPLOY, "            feed=.feed", "            feed=packages"))).toEqual([
      expect.stringMatching(/^FEED-CTX: .*deploy\.yml: job images: build context feed=packages, but no step/),
    ]);
  });

  it("a sibling repository missing from build-contexts, or a Dockerfile outside the app's checkout", async () => {
    const files = await generated("payroll-source");
    expect(
      checkFeedWorkflows(variant(files, DEPLOY, "            payrollengine-serilog=PayrollEngine.Serilog\n", "")),
    ).toEqual([
      expect.stringMatching(/^FEED-CTX: .*deploy\.yml: job images: .*reads the build context "payrollengine-serilog"/),
    ]);
    expect(checkFeedWorkflows(variant(files, CI, "file: app/${{", "file: ${{"))).toEqual([
      expect.stringMatching(
        /^FEED-CTX: .*ci\.yml: job images: builds Backend\.Server\/Dockerfile, which is not a generated Dockerfile/,
      ),
    ]);
  });

  it("a build FROM the package image without logging in to ECR", async () => {
    const files = await generated("payroll-ecr-image");
    const noLogin = variant(
      files,
      CI,
      /      # The Dockerfiles build FROM the package image, so the builder logs in to ECR\.\n      - uses: aws-actions\/amazon-ecr-login\S+ # v[\d.]+\n/,
      "",
    );
    expect(checkFeedWorkflows(noLogin)).toEqual([
      expect.stringMatching(/^FEED-ECR: .*ci\.yml: job images: .* builds FROM 123456789012\.dkr\.ecr/),
    ]);
  });

  it("an upload that skips the hidden package folder or finds nothing quietly, and artifact actions below the current major", async () => {
    const files = await generated("node-s3");
    expect(checkFeedWorkflows(variant(files, CI, "          include-hidden-files: true\n", ""))).toEqual([
      expect.stringMatching(/^FEED-ARTIFACT: .*ci\.yml: job feed: uploads \.feed, a hidden folder/),
    ]);
    expect(checkFeedWorkflows(variant(files, DEPLOY, "if-no-files-found: error", "if-no-files-found: warn"))).toEqual([
      expect.stringMatching(
        /^FEED-ARTIFACT: .*deploy\.yml: job feed: upload of feed-packages without if-no-files-found: error/,
      ),
    ]);
    // The seed document's Option 5 used the v3 artifact actions; the first download step goes back to v6.
    const old = variant(files, CI, /actions\/upload-artifact@\S+ # v[\d.]+/, "actions/upload-artifact@v3");
    expect(checkFeedWorkflows(variant(old, CI, /(download-artifact@\S+ # )v8/, "$1v6"))).toEqual([
      expect.stringMatching(/^FEED-ARTIFACT: \.github\/workflows\/ci\.yml:\d+: actions\/upload-artifact@v3 is not v7/),
      expect.stringMatching(
        /^FEED-ARTIFACT: \.github\/workflows\/ci\.yml:\d+: actions\/download-artifact@\w+ is not v8/,
      ),
    ]);
  });

  it("a download in a job that does not need the job that uploads", async () => {
    const files = await generated("payroll-ci-artifacts");
    expect(checkFeedWorkflows(variant(files, CI, "    name: Test\n    needs: feed\n", "    name: Test\n"))).toEqual([
      "FEED-ARTIFACT: .github/workflows/ci.yml: job test: downloads feed-packages, but no job it needs uploads it",
    ]);
  });

  it("a pull-request workflow that assumes the images role", async () => {
    const files = await generated("node-s3");
    expect(checkFeedWorkflows(variant(files, CI, "vars.AWS_FEED_ROLE_ARN", "vars.AWS_IMAGES_ROLE_ARN"))).toEqual([
      expect.stringMatching(
        /^FEED-ROLE: .*ci\.yml: job feed runs for pull requests and assumes \$\{\{ vars\.AWS_IMAGES_ROLE_ARN \}\}/,
      ),
    ]);
  });

  it("an input pasted into a script, and a tag input never refused as latest", async () => {
    const files = await generated("payroll-ecr-image");
    const pasted = variant(
      files,
      FEED,
      "docker buildx build --platform",
      'echo "${{ inputs.tag }}"\n          docker buildx build --platform',
    );
    expect(checkFeedWorkflows(pasted)).toEqual([
      expect.stringMatching(
        /^GHA-INJECT: .*feed\.yml: job publish: step "Build and push the package image" pastes an input/,
      ),
    ]);
    const unchecked = variant(files, FEED, /          if \[ "\$TAG" = latest \]; then\n.*\n.*\n          fi\n/, "");
    expect(checkFeedWorkflows(unchecked)).toEqual([
      'FEED-TAG: .github/workflows/feed.yml: the tag input is never refused as "latest" by a script',
    ]);
  });
});
