/**
 * Independent validation of the generated compose pair with the Debian
 * `docker-compose` v1.29.2 binary:
 *   docker-compose -f docker-compose.yml -f docker-compose.override.yml config -q
 * run in a scratch copy of only what v1 needs:
 * - the two compose files, with keys v1 predates removed from the copies
 *   (top-level `name:` and the newer Compose-spec keys listed below);
 * - `.env.example` as `.env` (what a developer does first; v1 reads `.env` for
 *   interpolation, so `${VAR:?…}` without a value fails as it should);
 * - `env_file:` files that exist in the project (v1 fails on missing ones);
 * - empty directories for local build contexts: v1 `config` fails with
 *   "build path … does not exist", but never looks at the Dockerfile itself.
 * Everything removed or faked is listed at the top of `output`.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { execa } from "execa";
import { parseDocument, type Document } from "yaml";

export interface ComposeConfigResult {
  ok: boolean;
  output: string;
}

export interface ComposeConfigOptions {
  /** Keep newer Compose-spec keys instead of stripping them (v1 will then reject them). */
  keepV2Keys?: boolean;
  /** Lines added after .env.example's in .env, as a developer's own settings (the last of a key wins). */
  dotenv?: string[];
  /** Print the resolved configuration (`config` without -q) as the output. */
  resolved?: boolean;
  /** Base and override; the tool's own names beside a repository's compose file are compose.ecs-stack(.override).yml. */
  files?: readonly [string, string];
}

const FILES = ["docker-compose.yml", "docker-compose.override.yml"] as const;

/**
 * Keys docker-compose 1.29.2 rejects although current Compose accepts them
 * (each verified against the binary): under services.<name>.build: secrets,
 * additional_contexts, ssh, tags, platforms; depends_on.<svc>.restart and
 * .required; healthcheck.start_interval; develop. Top-level secrets with an
 * `environment:` source are rewritten to a `file:` source (v1 does not
 * require secret files to exist for `config`).
 */
const V2_SERVICE_KEYS = [
  ["build", "secrets"],
  ["build", "additional_contexts"],
  ["build", "ssh"],
  ["build", "tags"],
  ["build", "platforms"],
  ["healthcheck", "start_interval"],
  ["develop"],
];

export async function composeConfig(
  projectDir: string,
  options: ComposeConfigOptions = {},
): Promise<ComposeConfigResult> {
  const notes: string[] = [];
  const files = options.files ?? FILES;
  const work = await mkdtemp(join(tmpdir(), "compose-config-"));
  try {
    // Before env_file handling, so `env_file: .env` resolves to the example values, never a real .env.
    if (existsSync(join(projectDir, ".env.example")))
      await copyFile(join(projectDir, ".env.example"), join(work, ".env"));
    if (options.dotenv) {
      const example = existsSync(join(work, ".env")) ? await readFile(join(work, ".env"), "utf8") : "";
      await writeFile(join(work, ".env"), [example, ...options.dotenv].join("\n"));
    }
    for (const file of files) {
      const source = join(projectDir, file);
      if (!existsSync(source)) return { ok: false, output: `${file} not found in ${projectDir}` };
      const text = await readFile(source, "utf8");
      const doc = parseDocument(text);
      if (doc.errors.length > 0) {
        // Not YAML we can edit: hand it over as is (minus `name:`) and let v1 report the error.
        await writeFile(join(work, file), text.replace(/^name:.*$/m, ""));
        continue;
      }
      stripForV1(doc, file, notes, options);
      await prepareReferences(doc, projectDir, work, notes);
      // lineWidth 0: never fold long scalars, keep the copy as close to the original as possible.
      await writeFile(join(work, file), doc.toString({ lineWidth: 0 }));
    }
    const result = await execa(
      "docker-compose",
      ["-f", files[0], "-f", files[1], "config", ...(options.resolved ? [] : ["-q"])],
      {
        cwd: work,
        reject: false,
        all: true,
        // Only PATH: interpolation must come from .env, not from whoever runs the tests.
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work },
        extendEnv: false,
        timeout: 60_000,
      },
    );
    const output = [
      ...notes.map((n) => `[compose-config] ${n}`),
      // `all` is empty when the binary could not be started at all (ENOENT).
      result.all || result.message,
    ]
      .filter(Boolean)
      .join("\n");
    return { ok: result.exitCode === 0, output };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function serviceNames(doc: Document): string[] {
  const services = doc.toJS()?.services;
  return services && typeof services === "object" ? Object.keys(services) : [];
}

function stripForV1(doc: Document, file: string, notes: string[], options: ComposeConfigOptions): void {
  const remove = (path: (string | number)[]) => {
    if (!doc.hasIn(path)) return;
    doc.deleteIn(path);
    notes.push(`${file}: removed ${path.join(".")} (not supported by docker-compose v1)`);
  };
  remove(["name"]); // always: v1 predates the top-level name
  if (options.keepV2Keys) return;
  const js = doc.toJS() ?? {};
  for (const name of serviceNames(doc)) {
    for (const path of V2_SERVICE_KEYS) remove(["services", name, ...path]);
    const deps = js.services?.[name]?.depends_on;
    if (deps && !Array.isArray(deps) && typeof deps === "object") {
      for (const target of Object.keys(deps)) {
        remove(["services", name, "depends_on", target, "restart"]);
        remove(["services", name, "depends_on", target, "required"]);
      }
    }
  }
  for (const [secret, def] of Object.entries((js.secrets ?? {}) as Record<string, Record<string, unknown>>)) {
    if (def && typeof def === "object" && "environment" in def) {
      doc.deleteIn(["secrets", secret, "environment"]);
      doc.setIn(["secrets", secret, "file"], "./.compose-v1-placeholder-secret");
      notes.push(
        `${file}: secrets.${secret}.environment replaced by a placeholder file (v1 has no environment-sourced secrets)`,
      );
    }
  }
}

/** Creates build-context placeholders and copies env_file files next to the compose copies. */
async function prepareReferences(doc: Document, projectDir: string, work: string, notes: string[]): Promise<void> {
  const services = (doc.toJS()?.services ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, svc] of Object.entries(services)) {
    const build = svc?.build;
    const context = typeof build === "string" ? build : (build as { context?: string } | undefined)?.context;
    if (typeof context === "string" && !/^[a-z]+:\/\/|^git@/.test(context) && !context.startsWith("/")) {
      await mkdir(resolve(work, context), { recursive: true });
      if (resolve(work, context) !== work)
        notes.push(`services.${name}.build.context ${context}: empty placeholder directory`);
    }
    const envFiles = svc?.env_file === undefined ? [] : ([] as unknown[]).concat(svc.env_file);
    for (const f of envFiles.filter((x): x is string => typeof x === "string")) {
      const from = resolve(projectDir, f);
      const to = resolve(work, f);
      if (f.replace(/^\.\//, "") !== ".env" && existsSync(from) && !existsSync(to)) {
        await mkdir(dirname(to), { recursive: true });
        await copyFile(from, to);
      }
    }
  }
}
