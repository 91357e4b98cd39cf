// How the generated files build each image, read from them rather than assumed: the deploy workflow's
// docker/build-push-action steps (matrix expanded) and compose's `build:` sections.
import { readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { parse } from "yaml";

export interface BuildSpec {
  /** The matrix entry's or compose service's name. */
  name: string;
  /** Project-relative, as the workflow or compose names them. */
  context: string;
  file: string;
  target: string | null;
  /** Named build contexts: name -> project-relative folder. */
  buildContexts: Record<string, string>;
  /** BuildKit secret ids the build is given. */
  secrets: string[];
}

type Step = { uses?: string; with?: Record<string, unknown> };
type Job = { steps?: Step[]; strategy?: { matrix?: { include?: Record<string, string>[] } } };

/** `${{ matrix.x }}` replaced from one matrix entry; other expressions are left as they are. */
function expand(value: unknown, matrix: Record<string, string>): string {
  return String(value ?? "").replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_, key: string) => matrix[key] ?? "");
}

function lines(value: string): string[] {
  return value
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** One spec per image the deploy workflow builds. */
export async function workflowBuilds(projectDir: string): Promise<BuildSpec[]> {
  const workflow = parse(await readFile(join(projectDir, ".github/workflows/deploy.yml"), "utf8")) as {
    jobs: Record<string, Job>;
  };
  const specs: BuildSpec[] = [];
  for (const job of Object.values(workflow.jobs)) {
    const step = job.steps?.find((s) => s.uses?.startsWith("docker/build-push-action@"));
    if (!step) continue;
    for (const matrix of job.strategy?.matrix?.include ?? [{}]) {
      const w = step.with ?? {};
      const contexts = lines(expand(w["build-contexts"], matrix)).map((line) => line.split("=", 2));
      const secretLines = [...lines(expand(w["secret-envs"], matrix)), ...lines(expand(w.secrets, matrix))];
      specs.push({
        name: matrix.name ?? "image",
        context: posix.normalize(expand(w.context ?? ".", matrix)),
        file: posix.normalize(expand(w.file ?? "Dockerfile", matrix)),
        target: w.target ? expand(w.target, matrix) : null,
        buildContexts: Object.fromEntries(contexts.map(([name, dir]) => [name, posix.normalize(dir ?? "")])),
        secrets: secretLines.map((line) => line.split("=")[0] ?? line),
      });
    }
  }
  return specs;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}
export interface ComposeService {
  build?: {
    context?: string;
    dockerfile?: string;
    target?: string;
    secrets?: string[];
    additional_contexts?: Record<string, string>;
  };
  image?: string;
  [key: string]: unknown;
}

export async function readCompose(projectDir: string, file: string): Promise<ComposeFile> {
  return parse(await readFile(join(projectDir, file), "utf8")) as ComposeFile;
}

/** One spec per compose service that builds, base file alone. */
export async function composeBuilds(projectDir: string): Promise<BuildSpec[]> {
  const compose = await readCompose(projectDir, "docker-compose.yml");
  return Object.entries(compose.services)
    .filter(([, service]) => service.build)
    .map(([name, { build }]) => ({
      name,
      context: posix.normalize(build?.context ?? "."),
      file: posix.normalize(build?.dockerfile ?? "Dockerfile"),
      target: build?.target ?? null,
      buildContexts: Object.fromEntries(
        Object.entries(build?.additional_contexts ?? {}).map(([name, dir]) => [name, posix.normalize(dir)]),
      ),
      secrets: build?.secrets ?? [],
    }));
}
