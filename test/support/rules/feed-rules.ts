/**
 * The folder feed strategies (source, s3, ci-artifacts, ecr-image) across the files a build reads:
 * the Dockerfile, nuget.config and compose (docs/rules.md FEED-01, FEED-03, FEED-NUGET-03/04/05,
 * CMP-12; DESIGN.md "Feed strategy"). Each problem is "<rule>: <file>: <message>".
 */
import { parse } from "yaml";

export interface FeedPackage {
  name: string;
  path?: string | null;
}

export interface FeedFixture {
  stack: "dotnet" | "node" | "rails";
  strategy: string;
  packages: FeedPackage[];
  /** ecr-image: the pinned tag. */
  tag?: string | null;
  /** The generated nuget.config, when the stack has one. */
  configFile?: string;
}

interface Instruction {
  keyword: string;
  text: string;
}

/** Instructions without comments, continuation lines joined. */
function instructions(dockerfile: string): Instruction[] {
  return dockerfile
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .split(/\n(?=[A-Z]+\s)/)
    .map((text) => text.trim())
    .filter((text) => text !== "")
    .map((text) => ({ keyword: text.split(/\s/)[0]!, text: text.replace(/\\\n\s*/g, "") }));
}

const stageNames = (ins: Instruction[]) =>
  new Set(ins.filter((i) => i.keyword === "FROM").map((i) => / AS (\S+)$/i.exec(i.text)?.[1] ?? ""));

/** `COPY --from=X` sources that are neither a stage of this Dockerfile nor an image reference: named build contexts. */
export function namedContexts(dockerfile: string): string[] {
  const ins = instructions(dockerfile);
  const stages = stageNames(ins);
  const contexts = ins
    .filter((i) => i.keyword === "COPY")
    .map((i) => /--from=(\S+)/.exec(i.text)?.[1])
    .filter((from): from is string => from !== undefined && !stages.has(from) && !/[:/]/.test(from));
  return [...new Set(contexts)];
}

/** Compose: every named context a service's Dockerfile reads is among its build.additional_contexts. */
export function checkComposeContexts(compose: string, dockerfiles: Map<string, string>): string[] {
  const doc = parse(compose) as {
    services: Record<string, { build?: { dockerfile?: string; additional_contexts?: Record<string, string> } }>;
  };
  const problems: string[] = [];
  for (const [name, service] of Object.entries(doc.services)) {
    const dockerfile = service.build?.dockerfile;
    if (!dockerfile) continue;
    const given = Object.keys(service.build?.additional_contexts ?? {});
    for (const context of namedContexts(dockerfiles.get(dockerfile) ?? ""))
      if (!given.includes(context))
        problems.push(
          `CMP-12: docker-compose.yml: ${name} builds ${dockerfile}, which reads the context "${context}"; additional_contexts lacks it`,
        );
  }
  return problems;
}

/** The Dockerfile side of a folder strategy. */
export function checkFolderDockerfile(path: string, dockerfile: string, feed: FeedFixture): string[] {
  const problems: string[] = [];
  const ins = instructions(dockerfile);
  const at = (i: Instruction) => ins.indexOf(i);
  // A folder strategy needs no credential at all (FEED-01: "build from source needs no credential").
  if (/feed_token|FEED_TOKEN|--build-arg/.test(dockerfile))
    problems.push(`FEED-01: ${path}: a folder feed needs no credential, yet the Dockerfile names one`);
  if (feed.stack === "dotnet") {
    const restore = ins.find(
      (i) => i.keyword === "RUN" && /dotnet restore/.test(i.text) && !/--configfile/.test(i.text),
    );
    const folderCopy = ins.find((i) => i.keyword === "COPY" && /--from=\S+ \S+ \.feed\/$/.test(i.text));
    if (!restore) problems.push(`FEED-NUGET-03: ${path}: no restore of the app`);
    else if (!folderCopy || at(folderCopy) > at(restore))
      problems.push(`FEED-NUGET-03: ${path}: the package folder .feed is not in place before the restore`);
    if (restore && /--source/.test(restore.text))
      problems.push(`FEED-NUGET-03: ${path}: --source replaces every source of nuget.config, nuget.org included`);
    // Packages rebuilt under an unchanged version would come stale out of a shared global-packages cache.
    for (const i of ins.filter((i) => i.keyword === "RUN" && /dotnet (restore|publish|pack)/.test(i.text)))
      if (/--mount=type=cache[^ ]*target=\/root\/\.nuget\/packages/.test(i.text))
        problems.push(
          `FEED-NUGET-04: ${path}: "${i.text.slice(0, 60)}…" reads internal packages through a shared NuGet cache`,
        );
  }
  if (feed.strategy === "source" && feed.stack === "dotnet") {
    // FEED-NUGET-04: packed in an earlier stage, in the configured order.
    const packed = ins
      .filter((i) => i.keyword === "COPY")
      .map((i) => /--from=(\S+) \. (\S+)\/$/.exec(i.text)?.[2])
      .filter((f): f is string => f !== undefined);
    const expected = feed.packages.map((p) => (p.path ?? p.name).replace(/^\.\.\//, ""));
    if (packed.join(",") !== expected.join(","))
      problems.push(
        `FEED-NUGET-04: ${path}: packages copied in the order ${packed.join(", ")}, not ${expected.join(", ")}`,
      );
    const packs = ins.filter((i) => /dotnet pack/.test(i.text)).length;
    if (packs !== feed.packages.length)
      problems.push(`FEED-NUGET-04: ${path}: ${packs} dotnet pack commands for ${feed.packages.length} packages`);
  }
  if (feed.strategy === "ecr-image") {
    const from = ins.find((i) => i.keyword === "FROM" && / AS feed$/i.test(i.text));
    const image = from?.text.split(/\s+/).find((w) => /\.dkr\.ecr\./.test(w));
    if (!image) problems.push(`FEED-NUGET-05: ${path}: no "FROM <ECR image> AS feed" stage`);
    else if (!image.endsWith(`:${feed.tag}`) || /:latest$/.test(image))
      problems.push(`FEED-NUGET-05: ${path}: the package image ${image} is not pinned to feed.tag "${feed.tag}"`);
    else if (!/--platform=\$BUILDPLATFORM/.test(from!.text))
      problems.push(`FEED-NUGET-05: ${path}: the package image holds files only; take it for the build platform`);
  }
  if (feed.stack === "node" && feed.strategy !== "source") {
    const prodDeps = ins.findIndex((i) => i.keyword === "FROM" && / AS prod-deps$/.test(i.text));
    const after = prodDeps >= 0 ? ins.slice(prodDeps) : [];
    if (prodDeps >= 0 && !after.some((i) => i.keyword === "RUN" && /rm -rf [^&]*\.feed/.test(i.text)))
      problems.push(
        `FEED-01: ${path}: the package tarballs of .feed stay in the production dependencies the runtime copies`,
      );
  }
  if (feed.strategy === "source" && feed.stack === "rails") {
    for (const p of feed.packages) {
      const target = `/${(p.path ?? "").replace(/^\.\.\//, "")}/`;
      const copies = ins.filter((i) => i.keyword === "COPY" && i.text.endsWith(` ${target}`)).length;
      if (copies !== 2)
        problems.push(
          `DESIGN source: ${path}: the path gem ${p.name} must reach ${target} in the build and the runtime (found ${copies} copies)`,
        );
    }
  }
  return problems;
}

/** nuget.config of a folder strategy: nuget.org kept beside the folder source, which serves the internal ids. */
export function checkFolderNugetConfig(text: string, feed: FeedFixture): string[] {
  const problems: string[] = [];
  if (!/<add key="nuget\.org" value="https:\/\/api\.nuget\.org\/v3\/index\.json"/.test(text))
    problems.push("FEED-NUGET-03: nuget.config: nuget.org is missing beside the folder source");
  const folder = /<add key="([^"]+)" value="\.feed" \/>/.exec(text);
  if (!folder) problems.push('FEED-NUGET-03: nuget.config: no folder source ".feed"');
  if (/Password|%FEED_TOKEN%/.test(text)) problems.push("FEED-01: nuget.config: a folder source needs no credential");
  if (folder && feed.packages.length > 0) {
    const mapped = new RegExp(`<packageSource key="${folder[1]}">([\\s\\S]*?)</packageSource>`).exec(text)?.[1] ?? "";
    for (const p of feed.packages)
      if (!mapped.includes(`pattern="${p.name}"`) && !/pattern="[^"]*\*"/.test(mapped))
        problems.push(`FEED-03: nuget.config: ${p.name} is not mapped to the folder source`);
  }
  return problems;
}
