// A private npm registry on 127.0.0.1 that stands in for CodeArtifact or GitHub Packages: it serves one
// scoped package (packument + tarball, as https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md
// describes them) and answers 401 to any request without `Authorization: Bearer <token>`.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, writeFile, mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

export interface TokenRegistry {
  url: string;
  token: string;
  packageName: string;
  version: string;
  /** Requests seen, with whether they carried the token. */
  requests: { path: string; authorized: boolean }[];
  close: () => Promise<void>;
}

/** A real tarball made by `npm pack` from a tiny package whose main export is a greeting. */
async function packPackage(name: string, version: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "real-run-pkg-"));
  await mkdir(join(dir, "src"));
  await writeFile(join(dir, "package.json"), JSON.stringify({ name, version, main: "index.js", license: "MIT" }));
  await writeFile(join(dir, "index.js"), `module.exports = (who) => \`hello from ${name} to \${who}\`;\n`);
  const packed = await execa("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: dir });
  return readFile(join(dir, packed.stdout.trim().split("\n").pop() as string));
}

export async function startTokenRegistry(packageName = "@sample-feed/greeting"): Promise<TokenRegistry> {
  const version = "1.0.0";
  const token = `real-run-token-${randomBytes(12).toString("hex")}`;
  const tarball = await packPackage(packageName, version);
  const requests: TokenRegistry["requests"] = [];
  const tarballPath = `/${packageName}/-/${packageName.split("/")[1]}-${version}.tgz`;
  let base = "";
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? "/");
    const authorized = req.headers.authorization === `Bearer ${token}`;
    requests.push({ path, authorized });
    if (!authorized) {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer realm="real-run"' });
      return res.end(JSON.stringify({ error: "authentication required" }));
    }
    if (path === `/${packageName}`) {
      const dist = {
        tarball: `${base}${tarballPath}`,
        shasum: createHash("sha1").update(tarball).digest("hex"),
        integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
      };
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({
          name: packageName,
          "dist-tags": { latest: version },
          versions: { [version]: { name: packageName, version, main: "index.js", dist } },
        }),
      );
    }
    if (path === tarballPath) {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return res.end(tarball);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    token,
    packageName,
    version,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
