/**
 * The workflows against the Dockerfiles they build, for the folder feed strategies (DESIGN.md "Feed strategy"), over a
 * fixture's generated files (path -> text). Problems name the rule, the file and the job.
 *
 * - FEED-CTX: every named build context a Dockerfile reads (`COPY --from=X`, `RUN --mount=…,from=X`, where X is no
 *   stage of the file, no stage index and no image reference) is passed by each docker/build-push-action step that
 *   builds it (`build-contexts: X=path`), and the job holds that path: a checkout or an artifact download into it.
 *   A build step whose Dockerfile is not among the files is a problem too, so the check cannot pass by missing it.
 *   Named contexts: https://docs.docker.com/build/building/context/#named-contexts
 * - FEED-ECR: a stage built FROM an ECR image (FEED-NUGET-05) is pulled by the builder, so the job logs in first:
 *   configure-aws-credentials, then aws-actions/amazon-ecr-login, before the build step.
 * - FEED-ARTIFACT: a job that downloads an artifact needs, directly or through other jobs, the job of the same
 *   workflow that uploads it; an upload fails when it finds no files (`if-no-files-found: error`) and sets
 *   `include-hidden-files: true` when its path has a folder starting with "." (upload-artifact excludes those
 *   since v4.4.0: https://github.com/actions/upload-artifact/issues/602); both artifact actions are at the latest
 *   major (docs/rules.md 6.1; v3 was shut down on 2025-01-30, GHA-02).
 * - FEED-ROLE: a workflow that runs for pull requests assumes only the read-only feed role
 *   (vars.AWS_FEED_ROLE_ARN), never the images or deploy roles (GHA-08: deploy roles only on main).
 * - GHA-INJECT: no `${{ inputs.* }}` or `${{ github.event.inputs.* }}` inside a `run:` script; it goes through
 *   `env:` (https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections).
 * - FEED-TAG: a workflow_dispatch input `tag` (the package image tag) is refused as "latest" by a script
 *   (FEED-NUGET-05: the feed image tag must be immutable).
 */
import { posix } from "node:path";
import { parse } from "yaml";
import { parseDockerfile } from "../dockerfile/parse.js";
import { splitFlags } from "../dockerfile/args.js";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const uses = (step: Json, action: string) =>
  typeof step.uses === "string" && step.uses.toLowerCase().startsWith(`${action}@`);
const withOf = (step: Json): Json => (isRecord(step.with) ? step.with : {});

/**
 * The current majors as of 2026-11-22 (docs/rules.md 6.1): upload-artifact v7.0.0, download-artifact v8.0.1
 * (https://github.com/actions/upload-artifact/releases, https://github.com/actions/download-artifact/releases).
 */
export const LATEST_ARTIFACT_MAJORS: Readonly<Record<string, number>> = {
  "actions/upload-artifact": 7,
  "actions/download-artifact": 8,
};

const ECR_IMAGE = /^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;
const INPUT_IN_SCRIPT = /\$\{\{\s*(inputs|github\.event\.inputs)\./;
const FEED_ROLE = /^\$\{\{\s*vars\.AWS_FEED_ROLE_ARN\s*\}\}$/;
const PUSH_ROLES = /\b(AWS_IMAGES_ROLE_ARN|AWS_DEPLOY_ROLE_ARN)\b/;
/** Steps of a job that builds images or fetches packages. */
const FEED_ACTIONS = ["docker/build-push-action", "aws-actions/amazon-ecr-login", "actions/upload-artifact"];

interface Job {
  workflow: string;
  id: string;
  job: Json;
  steps: Json[];
}

export function checkFeedWorkflows(files: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, text] of files)
    if (/^\.github\/workflows\//.test(path)) problems.push(...checkArtifactMajors(path, text));
  for (const [path, wf] of workflows(files)) {
    const jobs = Object.entries(isRecord(wf.jobs) ? wf.jobs : {}).flatMap(([id, job]) =>
      isRecord(job)
        ? [{ workflow: path, id, job, steps: Array.isArray(job.steps) ? job.steps.filter(isRecord) : [] }]
        : [],
    );
    for (const job of jobs) {
      problems.push(...checkBuilds(job, files), ...checkArtifacts(job, jobs), ...checkScripts(job));
    }
    problems.push(...checkPullRequestRoles(path, wf, jobs), ...checkTagInput(path, wf, jobs));
  }
  return problems;
}

function workflows(files: Map<string, string>): [string, Json][] {
  return [...files].flatMap(([path, text]) => {
    if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return [];
    try {
      const wf: unknown = parse(text);
      return isRecord(wf) ? [[path, wf] as [string, Json]] : [];
    } catch {
      return []; // actionlint reports syntax
    }
  });
}

/** FEED-CTX and FEED-ECR for each build-push step, once per matrix entry. */
function checkBuilds(job: Job, files: Map<string, string>): string[] {
  const at = `${job.workflow}: job ${job.id}`;
  const problems: string[] = [];
  const app = job.steps.find((s) => uses(s, "actions/checkout") && withOf(s).repository === undefined);
  const appPath = clean(String(withOf(app ?? {}).path ?? "."));
  const held = heldPaths(job.steps);
  job.steps.forEach((step, index) => {
    if (!uses(step, "docker/build-push-action")) return;
    for (const matrix of matrixEntries(job.job)) {
      const w = withOf(step);
      const context = clean(expand(String(w.context ?? "."), matrix));
      const file = clean(expand(String(w.file ?? posix.join(context, "Dockerfile")), matrix));
      const inRepo = appPath === "." ? file : posix.relative(appPath, file);
      const dockerfile = inRepo.startsWith("..") ? undefined : files.get(inRepo);
      if (dockerfile === undefined) {
        problems.push(`FEED-CTX: ${at}: builds ${file}, which is not a generated Dockerfile of this checkout`);
        continue;
      }
      const passed = buildContexts(w["build-contexts"]);
      for (const name of namedContexts(dockerfile)) {
        const target = passed.get(name);
        if (target === undefined)
          problems.push(`FEED-CTX: ${at}: ${inRepo} reads the build context "${name}"; pass build-contexts: ${name}=…`);
        else if (!/^[a-z-]+:\/\//.test(target) && !held.has(clean(target)))
          problems.push(
            `FEED-CTX: ${at}: build context ${name}=${target}, but no step checks out or downloads ${target}`,
          );
      }
      if (ecrStages(dockerfile).length > 0 && !loggedInBefore(job.steps, index))
        problems.push(
          `FEED-ECR: ${at}: ${inRepo} builds FROM ${ecrStages(dockerfile)[0]}; log in first (configure-aws-credentials, then amazon-ecr-login)`,
        );
    }
  });
  return problems;
}

/** Folders a job fills: checkouts (the workspace when no path) and artifact downloads. */
function heldPaths(steps: Json[]): Set<string> {
  const held = new Set<string>();
  for (const s of steps)
    if (uses(s, "actions/checkout") || uses(s, "actions/download-artifact"))
      held.add(clean(String(withOf(s).path ?? ".")));
  return held;
}

function matrixEntries(job: Json): Json[] {
  const matrix = isRecord(job.strategy) && isRecord(job.strategy.matrix) ? job.strategy.matrix : {};
  const include = Array.isArray(matrix.include) ? matrix.include.filter(isRecord) : [];
  return include.length > 0 ? include : [{}];
}

const expand = (text: string, matrix: Json) =>
  text.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (whole, key: string) =>
    matrix[key] === undefined ? whole : String(matrix[key]),
  );

const clean = (path: string) => posix.normalize(path).replace(/\/$/, "") || ".";

/** build-push-action's build-contexts: one `name=value` per line. */
function buildContexts(input: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of String(input ?? "").split("\n")) {
    const m = /^\s*([^=\s]+)=(\S+)\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** Names `--from` reads that are neither a stage nor an image: build contexts the build must be given. */
export function namedContexts(dockerfile: string): string[] {
  const df = parseDockerfile(dockerfile);
  const stages = new Set(df.stages.flatMap((s) => (s.alias ? [s.alias.toLowerCase()] : [])));
  const froms = df.instructions.flatMap((ins) => {
    const { flags } = splitFlags(ins.args);
    if (ins.keyword === "COPY" || ins.keyword === "ADD")
      return flags.filter((f) => f.name === "from").map((f) => f.value ?? "");
    if (ins.keyword === "RUN")
      return flags
        .filter((f) => f.name === "mount")
        .flatMap((f) => /(?:^|,)from=([^,]+)/.exec(f.value ?? "")?.[1] ?? []);
    return [];
  });
  return [...new Set(froms)].filter((x) => x !== "" && !/^\d+$/.test(x) && !/[:/@$]/.test(x) && !stages.has(x));
}

function ecrStages(dockerfile: string): string[] {
  return parseDockerfile(dockerfile)
    .stages.map((s) => s.image)
    .filter((image) => ECR_IMAGE.test(image));
}

function loggedInBefore(steps: Json[], index: number): boolean {
  const login = steps.findIndex((s) => uses(s, "aws-actions/amazon-ecr-login"));
  const credentials = steps.findIndex((s) => uses(s, "aws-actions/configure-aws-credentials"));
  return credentials !== -1 && credentials < login && login < index;
}

/** FEED-ARTIFACT for one job. */
function checkArtifacts(job: Job, jobs: Job[]): string[] {
  const at = `${job.workflow}: job ${job.id}`;
  const problems: string[] = [];
  for (const step of job.steps) {
    const w = withOf(step);
    if (uses(step, "actions/upload-artifact")) {
      if (w["if-no-files-found"] !== "error")
        problems.push(`FEED-ARTIFACT: ${at}: upload of ${String(w.name)} without if-no-files-found: error`);
      const hidden = String(w.path ?? "")
        .split(/[\n/]/)
        .some((part) => /^\.[^./]/.test(part.trim()));
      if (hidden && w["include-hidden-files"] !== true)
        problems.push(
          `FEED-ARTIFACT: ${at}: uploads ${String(w.path)}, a hidden folder, without include-hidden-files: true (it would upload nothing)`,
        );
    }
    if (uses(step, "actions/download-artifact")) {
      const name = String(w.name);
      const upstream = upstreamJobs(job, jobs);
      const uploads = upstream.some((j) =>
        j.steps.some((s) => uses(s, "actions/upload-artifact") && String(withOf(s).name) === name),
      );
      if (!uploads) problems.push(`FEED-ARTIFACT: ${at}: downloads ${name}, but no job it needs uploads it`);
    }
  }
  return problems;
}

/** The version is the `# vX.Y.Z` comment of a SHA pin, which the YAML parser drops, or the tag itself. */
function checkArtifactMajors(path: string, text: string): string[] {
  return text.split("\n").flatMap((line, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*([\w-]+\/[\w-]+)@(\S+)\s*(?:#\s*v(\d+))?/.exec(line);
    const major = m ? LATEST_ARTIFACT_MAJORS[m[1]!.toLowerCase()] : undefined;
    if (!m || major === undefined) return [];
    const version = m[3] ?? /^v(\d+)/.exec(m[2]!)?.[1];
    return Number(version) === major
      ? []
      : [`FEED-ARTIFACT: ${path}:${i + 1}: ${m[1]}@${m[2]} is not v${major}, the current major (docs/rules.md 6.1)`];
  });
}

function upstreamJobs(job: Job, jobs: Job[]): Job[] {
  const seen = new Map<string, Job>();
  const visit = (j: Job) => {
    const needs = typeof j.job.needs === "string" ? [j.job.needs] : Array.isArray(j.job.needs) ? j.job.needs : [];
    for (const id of needs.map(String)) {
      const dep = jobs.find((x) => x.id === id);
      if (dep && !seen.has(id)) {
        seen.set(id, dep);
        visit(dep);
      }
    }
  };
  visit(job);
  return [...seen.values()];
}

function checkScripts(job: Job): string[] {
  return job.steps
    .filter((s) => typeof s.run === "string" && INPUT_IN_SCRIPT.test(s.run))
    .map(
      (s) =>
        `GHA-INJECT: ${job.workflow}: job ${job.id}: step ${JSON.stringify(s.name ?? s.run)} pastes an input into its script; pass it through env:`,
    );
}

function triggers(wf: Json): string[] {
  const on = wf.on ?? wf.true;
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.map(String);
  return isRecord(on) ? Object.keys(on) : [];
}

/**
 * FEED-ROLE: in a workflow that runs for pull requests, a job that builds images or fetches packages assumes the
 * feed role, and no job assumes the images or deploy roles.
 */
function checkPullRequestRoles(path: string, wf: Json, jobs: Job[]): string[] {
  if (!triggers(wf).some((t) => t.startsWith("pull_request"))) return [];
  return jobs.flatMap((job) => {
    const feedJob = job.steps.some((s) => FEED_ACTIONS.some((action) => uses(s, action)));
    return job.steps
      .filter((s) => uses(s, "aws-actions/configure-aws-credentials"))
      .map((s) => String(withOf(s)["role-to-assume"]))
      .filter((role) => (feedJob && !FEED_ROLE.test(role)) || PUSH_ROLES.test(role))
      .map(
        (role) =>
          `FEED-ROLE: ${path}: job ${job.id} runs for pull requests and assumes ${role}; use the read-only feed role (vars.AWS_FEED_ROLE_ARN)`,
      );
  });
}

function checkTagInput(path: string, wf: Json, jobs: Job[]): string[] {
  const on = isRecord(wf.on) ? wf.on : {};
  const dispatch = isRecord(on.workflow_dispatch) ? on.workflow_dispatch : {};
  if (!isRecord(dispatch.inputs) || !("tag" in dispatch.inputs)) return [];
  const refused = jobs.some((job) =>
    job.steps.some(
      (s) =>
        typeof s.run === "string" &&
        /\$\{?TAG\}?"?\s*=+\s*"?latest/.test(s.run) &&
        isRecord(s.env) &&
        /inputs\.tag/.test(String(s.env.TAG)),
    ),
  );
  return refused ? [] : [`FEED-TAG: ${path}: the tag input is never refused as "latest" by a script`];
}
