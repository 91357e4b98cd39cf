// A private npm registry on 127.0.0.1 that stands in for CodeArtifact or GitHub Packages: it serves package
// tarballs with their packuments (as https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md
// describes them) and answers 401 to any request without `Authorization: Bearer <token>`.
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

export interface FeedPackage {
  name: string;
  version: string;
  tarball: Buffer;
}

export interface TokenRegistry {
  url: string;
  token: string;
  packages: FeedPackage[];
  /** Requests seen, with whether they carried the token. */
  requests: { path: string; authorized: boolean }[];
  /** The path npm fetches a package's tarball from. */
  tarballPath: (pkg: FeedPackage) => string;
  close: () => Promise<void>;
}

/** A real tarball made by `npm pack` from a tiny package whose main export is a greeting. */
/** Where the fixtures' lockfiles (node-codeartifact, node-github-packages) resolve @atlas-labs/*. */
export const FIXTURE_REGISTRY_PORT = 4873;

/** The private packages of the Node feed fixtures, as `npm pack` made them (their lockfiles pin the integrity). */
export const FIXTURE_FEED_PACKAGES = join(import.meta.dirname, "..", "feed-packages");

export async function greetingPackage(name = "@sample-feed/greeting", version = "1.0.0"): Promise<FeedPackage> {
  const dir = await mkdtemp(join(tmpdir(), "real-run-pkg-"));
  await writeFile(join(dir, "package.json"), JSON.stringify({ name, version, main: "index.js", license: "MIT" }));
  await writeFile(join(dir, "index.js"), `module.exports = (who) => \`hello from ${name} to \${who}\`;\n`);
  const packed = await execa("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: dir });
  return { name, version, tarball: await readFile(join(dir, packed.stdout.trim().split("\n").pop() as string)) };
}

/** The `npm pack` tarballs a fixture keeps for its private feed (fixtures/<name>/real-run-packages/*.tgz). */
export async function packagesIn(dir: string): Promise<FeedPackage[]> {
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir)).filter((f) => f.endsWith(".tgz")).sort();
  return Promise.all(
    files.map(async (file) => {
      const manifest = await execa("tar", ["-xzOf", join(dir, file), "package/package.json"]);
      const { name, version } = JSON.parse(manifest.stdout) as { name: string; version: string };
      return { name, version, tarball: await readFile(join(dir, file)) };
    }),
  );
}

/**
 * `port`: 0 for any free one; the Node fixtures' lockfiles resolve their private packages at a fixed
 * address (FIXTURE_REGISTRY_PORT), as a user's lockfile names their CodeArtifact or GitHub host.
 */
export async function startTokenRegistry(packages?: FeedPackage[], port = 0): Promise<TokenRegistry> {
  const served = packages ?? [await greetingPackage()];
  const token = `real-run-token-${randomBytes(12).toString("hex")}`;
  const requests: TokenRegistry["requests"] = [];
  const tarballPath = (pkg: FeedPackage) => `/${pkg.name}/-/${pkg.name.split("/").pop()}-${pkg.version}.tgz`;
  let base = "";
  const packument = (name: string) => {
    const versions = served.filter((p) => p.name === name);
    if (versions.length === 0) return null;
    const entries = versions.map((pkg) => {
      const dist = {
        tarball: `${base}${tarballPath(pkg)}`,
        shasum: createHash("sha1").update(pkg.tarball).digest("hex"),
        integrity: `sha512-${createHash("sha512").update(pkg.tarball).digest("base64")}`,
      };
      return [pkg.version, { name, version: pkg.version, dist }];
    });
    return { name, "dist-tags": { latest: versions.at(-1)?.version }, versions: Object.fromEntries(entries) };
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? "/");
    const authorized = req.headers.authorization === `Bearer ${token}`;
    requests.push({ path, authorized });
    if (!authorized) {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer realm="real-run"' });
      return res.end(JSON.stringify({ error: "authentication required" }));
    }
    const document = packument(path.slice(1));
    if (document) return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document));
    const pkg = served.find((p) => tarballPath(p) === path);
    if (pkg) return res.writeHead(200, { "content-type": "application/octet-stream" }).end(pkg.tarball);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    token,
    packages: served,
    requests,
    tarballPath,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
