// A throwaway npm registry on 127.0.0.1 that serves exactly the packages installed in this
// checkout's node_modules, so a test can install the packed CLI as a user would (`npm install`
// resolves the dependency ranges, fetches packuments and tarballs) without the public registry
// and without reading the npm cache of the machine it runs on.
//
// The registry protocol used here is the documented read side only: `GET /<name>` returns the
// packument (`versions`, `dist-tags`, each version's `dist.tarball` and `dist.integrity`), and the
// tarball URL returns a gzipped tar whose entries sit under `package/`.
// Source: https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { execa } from "execa";

interface Manifest {
  name: string;
  version: string;
  [field: string]: unknown;
}

interface Published {
  manifest: Manifest;
  tarball: Buffer;
}

export interface LocalRegistry {
  url: string;
  /** Every package name a client asked for, in order (including names the registry did not have). */
  requested: string[];
  close(): Promise<void>;
}

/** The directories of every production dependency installed under `root`, from `npm ls`. */
export async function productionDependencyDirs(root: string): Promise<string[]> {
  const ls = await execa("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: root });
  return ls.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((dir) => dir !== "" && dir !== root);
}

/** Tars an installed package directory the way `npm pack` lays it out (under `package/`), without nested node_modules. */
async function tarInstalled(dir: string): Promise<Buffer> {
  const tar = await execa(
    "tar",
    ["-czf", "-", "--exclude=./node_modules", "--transform=s,^\\.,package,", "-C", dir, "."],
    { encoding: "buffer" },
  );
  return Buffer.from(tar.stdout);
}

async function publishDir(dir: string): Promise<Published> {
  const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Manifest;
  return { manifest, tarball: await tarInstalled(dir) };
}

function packument(name: string, versions: Published[], baseUrl: string): object {
  const byVersion: Record<string, object> = {};
  for (const { manifest, tarball } of versions) {
    const file = `${name.replace("/", "-")}-${manifest.version}.tgz`;
    byVersion[manifest.version] = {
      ...manifest,
      dist: {
        tarball: `${baseUrl}/-/tarballs/${encodeURIComponent(file)}`,
        integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
        shasum: createHash("sha1").update(tarball).digest("hex"),
      },
    };
  }
  // npm takes `latest` when it satisfies the range and otherwise the highest version that does,
  // so any version present is a correct `latest` here.
  return { name, versions: byVersion, "dist-tags": { latest: versions.at(-1)!.manifest.version } };
}

/** Serves every installed package directory in `dirs`, each under its name and version. */
export async function startLocalRegistry(dirs: string[]): Promise<LocalRegistry> {
  const byName = new Map<string, Map<string, Published>>();
  for (const published of await Promise.all(dirs.map(publishDir))) {
    const versions = byName.get(published.manifest.name) ?? new Map<string, Published>();
    versions.set(published.manifest.version, published);
    byName.set(published.manifest.name, versions);
  }
  const tarballs = new Map<string, Buffer>();
  for (const [name, versions] of byName)
    for (const { manifest, tarball } of versions.values())
      tarballs.set(`${name.replace("/", "-")}-${manifest.version}.tgz`, tarball);

  const requested: string[] = [];
  let baseUrl = "";
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    if (path.startsWith("/-/tarballs/")) {
      const tarball = tarballs.get(path.slice("/-/tarballs/".length));
      res.writeHead(tarball ? 200 : 404, { "content-type": "application/octet-stream" });
      res.end(tarball);
      return;
    }
    const name = path.slice(1);
    requested.push(name);
    const versions = byName.get(name);
    if (!versions) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"error":"not found"}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(packument(name, [...versions.values()], baseUrl)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requested,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
