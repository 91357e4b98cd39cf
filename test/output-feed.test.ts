// The folder feed strategies (source, s3, ci-artifacts, ecr-image), checked across the Dockerfile,
// nuget.config and compose of every fixture that uses one, and each check shown to fail on a
// seeded mistake.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";
import {
  checkComposeContexts,
  checkFolderDockerfile,
  checkFolderNugetConfig,
  namedContexts,
  type FeedFixture,
} from "./support/rules/feed-rules.js";

const FOLDER_STRATEGIES = ["source", "s3", "ci-artifacts", "ecr-image"];

function feedOf(name: string): FeedFixture {
  const config = JSON.parse(readFileSync(join(FIXTURES_DIR, name, "ecs-stack.config.json"), "utf8"));
  return {
    stack: config.stack,
    strategy: config.feed?.strategy ?? "none",
    packages: config.feed?.packages ?? [],
    tag: config.feed?.tag ?? null,
    configFile: config.feed?.configFile ?? "nuget.config",
  };
}

const folderFixtures = fixtureNames().filter((name) => FOLDER_STRATEGIES.includes(feedOf(name).strategy));

async function outputOf(name: string) {
  const tree = await readTree(join(FIXTURES_DIR, name, "expected"));
  const dockerfiles = new Map([...tree].filter(([path]) => /(^|\/)Dockerfile$/.test(path)));
  return { tree, dockerfiles };
}

it("every folder strategy has a fixture for each stack it applies to", () => {
  const covered = new Set(folderFixtures.map((n) => `${feedOf(n).strategy}/${feedOf(n).stack}`));
  for (const strategy of FOLDER_STRATEGIES)
    for (const stack of ["dotnet", "node"]) expect(covered, `${strategy}/${stack}`).toContain(`${strategy}/${stack}`);
  expect(covered).toContain("source/rails");
});

describe.each(folderFixtures)("fixture %s", (name) => {
  const feed = feedOf(name);

  it("each Dockerfile gets its packages from the folder, with no credential, as the strategy says", async () => {
    const { dockerfiles } = await outputOf(name);
    for (const [path, text] of dockerfiles) expect(checkFolderDockerfile(path, text, feed)).toEqual([]);
  });

  it("compose passes every named build context a Dockerfile reads", async () => {
    const { tree, dockerfiles } = await outputOf(name);
    expect(checkComposeContexts(tree.get("docker-compose.yml")!, dockerfiles)).toEqual([]);
  });
});

// Only .NET builds read a nuget.config; listed apart so no other fixture reports a skipped test.
describe.each(folderFixtures.filter((name) => feedOf(name).stack === "dotnet"))("fixture %s", (name) => {
  it("nuget.config keeps nuget.org beside the folder source and maps the packages", async () => {
    const feed = feedOf(name);
    const { tree } = await outputOf(name);
    expect(checkFolderNugetConfig(tree.get(feed.configFile!)!, feed)).toEqual([]);
  });
});

describe("the feed checks fail on seeded mistakes", () => {
  const load = async (name: string) => {
    const { tree, dockerfiles } = await outputOf(name);
    const [path, text] = [...dockerfiles][0]!;
    return { tree, path, text, feed: feedOf(name) };
  };

  it("source: a package out of order, one missing, a NuGet cache mount, --source without nuget.org", async () => {
    const { path, text, feed } = await load("payroll-source");
    expect(namedContexts(text)).toHaveLength(6);
    const swapped = text
      .replace("COPY --from=payrollengine-core . PayrollEngine.Core/", "COPY --from=payrollengine-serilog . X/")
      .replace(
        "COPY --from=payrollengine-serilog . PayrollEngine.Serilog/",
        "COPY --from=payrollengine-core . PayrollEngine.Core/",
      )
      .replace("COPY --from=payrollengine-serilog . X/", "COPY --from=payrollengine-serilog . PayrollEngine.Serilog/");
    expect(checkFolderDockerfile(path, swapped, feed).join("\n")).toMatch(/FEED-NUGET-04: .*order/);
    const cached = text.replace(
      /RUN dotnet restore Backend/,
      "RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages dotnet restore Backend",
    );
    expect(checkFolderDockerfile(path, cached, feed).join("\n")).toMatch(/shared NuGet cache/);
    const sourced = text.replace(/(RUN dotnet restore Backend\S+)/, "$1 --source .feed");
    expect(checkFolderDockerfile(path, sourced, feed).join("\n")).toMatch(/--source replaces/);
    const late = text
      .replace("COPY --from=packages /src/.feed/ .feed/\n", "")
      .replace("COPY . .\n", "COPY . .\nCOPY --from=packages /src/.feed/ .feed/\n");
    expect(checkFolderDockerfile(path, late, feed).join("\n")).toMatch(/not in place before the restore/);
  });

  it("a credential, an unpinned package image, a missing compose context", async () => {
    const s3 = await load("payroll-s3");
    const token = s3.text.replace(
      "RUN dotnet restore",
      "RUN --mount=type=secret,id=feed_token,env=FEED_TOKEN dotnet restore",
    );
    expect(checkFolderDockerfile(s3.path, token, s3.feed).join("\n")).toMatch(/FEED-01/);
    const compose = s3.tree.get("docker-compose.yml")!.replace(/\s+additional_contexts:\n\s+feed: \.\/\.feed/, "");
    expect(checkComposeContexts(compose, new Map([[s3.path, s3.text]]))).toHaveLength(1);

    const ecr = await load("payroll-ecr-image");
    const latest = ecr.text.replace(/:0\.9\.0-beta\.13 AS feed/, ":latest AS feed");
    expect(checkFolderDockerfile(ecr.path, latest, ecr.feed).join("\n")).toMatch(/not pinned/);
  });

  it("nuget.config without nuget.org, with a password, without the mapping", async () => {
    const { tree, feed } = await load("payroll-ci-artifacts");
    const config = tree.get("nuget.config")!;
    expect(checkFolderNugetConfig(config.replace(/<add key="nuget\.org"[^\n]*\n/, ""), feed)).toHaveLength(1);
    expect(
      checkFolderNugetConfig(
        config.replace("</configuration>", '<x ClearTextPassword="%FEED_TOKEN%" />\n</configuration>'),
        feed,
      ),
    ).toHaveLength(1);
    expect(
      checkFolderNugetConfig(config.replace('<package pattern="PayrollEngine.Document" />', ""), feed).join("\n"),
    ).toMatch(/PayrollEngine\.Document/);
  });

  it("node: tarballs left in the runtime's dependencies; rails: a path gem missing at run time", async () => {
    const node = await load("node-ci-artifacts");
    const kept = node.text.replace(/ && \\\n\s+rm -rf \.feed/, "");
    expect(checkFolderDockerfile(node.path, kept, node.feed).join("\n")).toMatch(/stay in the production dependencies/);
    const rails = await load("rails-source");
    const lost = rails.text.replace("COPY --chown=rails:rails --from=build /acme-core/ /acme-core/\n", "");
    expect(checkFolderDockerfile(rails.path, lost, rails.feed).join("\n")).toMatch(/acme-core must reach/);
  });
});
