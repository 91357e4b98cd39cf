// What init does with the files a repository already has where the stack would write its own.
// A Dockerfile is adopted (read, recorded in the config, never written) or replaced (the user's
// kept beside it as <Dockerfile>.orig); a compose file or workflows of the repository's own make
// the tool write under names of its own, so compose and GitHub keep reading the user's files as
// before; .env.example and .dockerignore are kept, with what the stack needs added at the end.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../config/normalise.js";
import { UserError } from "../errors.js";
import { describeCommand, readDockerfile, runsAsRoot, type DockerfileFacts } from "../detect/dockerfile.js";
import { planImages, type ImagePlan } from "../plan/images.js";
import { composeFiles, workflowPath, WORKFLOW_NAMES, WORKFLOWS_DIR } from "../plan/output-names.js";
import type { FileWrite } from "../reconcile/apply.js";
import type { Lock } from "../reconcile/lock.js";
import type { TakeOver } from "../reconcile/reconcile.js";
import type { PlannedRun } from "../reconcile/run.js";
import { addMissingLines, addMissingVariables } from "../reconcile/take-over.js";
import type { Prompter } from "./init-question-types.js";

export type DockerfileChoice = "adopt" | "replace";

/** What --yes and a run without a terminal choose: the user's image keeps working as it did (README, "A repository that already has a Dockerfile"). */
export const DEFAULT_DOCKERFILE_CHOICE: DockerfileChoice = "adopt";

export interface OwnFiles {
  config: Config;
  /** What was found, adopted, merged or written beside, one line each. */
  notes: string[];
  warnings: string[];
  takeOver: TakeOver;
  /** The replaced Dockerfiles' old text, kept beside them. */
  extraFiles: FileWrite[];
}

/** Compose reads these by default (https://docs.docker.com/compose/intro/compose-application-model/, checked 2026-12-03). */
const COMPOSE_NAMES = [
  "compose.yaml",
  "compose.yml",
  "docker-compose.yaml",
  "docker-compose.yml",
  "compose.override.yaml",
  "compose.override.yml",
  "docker-compose.override.yaml",
  "docker-compose.override.yml",
];

/** --dockerfile's value, checked before init reads anything. */
export function dockerfileFlag(flag: string | null | undefined): DockerfileChoice | null {
  if (flag === null || flag === undefined || flag === "adopt" || flag === "replace") return flag ?? null;
  throw new UserError(`--dockerfile: must be "adopt" or "replace"; got ${JSON.stringify(flag)}.`, [
    "--dockerfile adopt builds the repository's own Dockerfile as it is; --dockerfile replace writes the tool's and keeps yours as Dockerfile.orig",
  ]);
}

/** The flag's answer; else a person's; else the default. */
export function dockerfileChooser(flag: DockerfileChoice | null, prompter: Prompter | null): ChooseDockerfile {
  if (flag !== null) return async () => flag;
  return prompter ? (path) => askDockerfile(prompter, path) : async () => DEFAULT_DOCKERFILE_CHOICE;
}

export type ChooseDockerfile = (path: string) => Promise<DockerfileChoice>;

export async function takeOverOwnFiles(
  root: string,
  config: Config,
  lock: Lock | null,
  choose: ChooseDockerfile,
): Promise<OwnFiles> {
  const own = async (path: string) => (lock?.files[path] ? null : readFile(join(root, path), "utf8").catch(() => null));
  const out: OwnFiles = { config, notes: [], warnings: [], takeOver: () => null, extraFiles: [] };
  const replaced = new Map<string, string>();
  for (const image of planImages(config).filter((i) => !i.adopted)) {
    const text = await own(image.dockerfile);
    if (text === null) continue;
    const facts = readDockerfile(text);
    out.notes.push(`found your ${image.dockerfile}: ${describeDockerfile(facts)}`);
    const choice = await choose(image.dockerfile);
    if (choice === "adopt") adoptDockerfile(out, image, facts);
    else {
      const keptAs = await unusedName(`${image.dockerfile}.orig`, own);
      replaced.set(image.dockerfile, keptAs);
      out.extraFiles.push({ path: keptAs, content: text });
      out.notes.push(`${image.dockerfile}: replaced by the tool's; yours is kept as ${keptAs} (and in git history)`);
    }
  }
  await besideOwnCompose(out, own);
  await besideOwnWorkflows(out, own);
  await keepOwnDockerignore(out, own);
  out.takeOver = (path, current, generated) => {
    const keptAs = replaced.get(path);
    if (keptAs) return { action: "update", next: generated, reason: `replaces yours, which is kept as ${keptAs}` };
    if (path === ".env.example") {
      const { text, added } = addMissingVariables(current, generated);
      return { action: "merge", next: text, reason: mergedReason(added, "variables") };
    }
    if (path === ".dockerignore") {
      const { text, added } = addMissingLines(current, generated);
      return { action: "merge", next: text, reason: mergedReason(added, "patterns") };
    }
    return null;
  };
  return out;
}

/** Dockerfile.orig, or Dockerfile.orig.2 and so on when that is taken: an earlier copy is never overwritten. */
async function unusedName(path: string, own: (path: string) => Promise<string | null>): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? path : `${path}.${n}`;
    if ((await own(candidate)) === null) return candidate;
  }
}

const mergedReason = (added: string[], what: string) =>
  added.length > 0 ? `yours, with the ${what} the stack needs added at the end: ${added.join(", ")}` : "yours, kept";

/** "3 stages (base, build, an unnamed last one, which is built); EXPOSE 80; USER 1000:1000; runs …" */
export function describeDockerfile(facts: DockerfileFacts): string {
  const names = facts.stages.map(
    (s, i) => s.name ?? (i === facts.stages.length - 1 ? "an unnamed last one" : "unnamed"),
  );
  const built = facts.stages.at(-1)?.name ?? "the last";
  const command = describeCommand(facts);
  return [
    facts.stages.length === 1
      ? "one stage"
      : `${facts.stages.length} stages (${names.join(", ")}; ${built === "the last" ? "the last" : built} is built)`,
    facts.exposed.length > 0 ? `EXPOSE ${facts.exposed.join(" ")}` : "no EXPOSE",
    facts.user ? `USER ${facts.user}` : "no USER (runs as root)",
    command ? `runs ${command}` : "no CMD or ENTRYPOINT",
  ].join("; ");
}

async function askDockerfile(prompter: Prompter, path: string): Promise<DockerfileChoice> {
  const answer = await prompter.ask({
    key: `dockerfile:${path}`,
    type: "select",
    message: `${path} exists. Build the images from it, or from the tool's?`,
    default: DEFAULT_DOCKERFILE_CHOICE,
    choices: [
      {
        value: "adopt",
        name: "adopt yours",
        description: "the tool reads its port and never writes it; compose, task definitions and workflows build it",
      },
      { value: "replace", name: "replace it with the tool's", description: `yours is kept as ${path}.orig` },
    ],
  });
  return answer === "replace" ? "replace" : "adopt";
}

/** Records the Dockerfile as the user's; the image's web service listens where it EXPOSEs. */
function adoptDockerfile(out: OwnFiles, image: ImagePlan, facts: DockerfileFacts): void {
  const web = image.primary.kind === "web" ? image.primary : null;
  const port = web ? (facts.exposed[0] ?? null) : null;
  out.config = {
    ...out.config,
    services: out.config.services.map((s) =>
      image.services.some((i) => i.name === s.name)
        ? {
            ...s,
            dockerfile: { path: image.dockerfile, adopted: true as const, target: null },
            ...(s === web && port !== null ? { port } : {}),
          }
        : s,
    ),
  };
  out.notes.push(
    `${image.dockerfile}: adopted; the tool builds it as it is and never writes it (services[].dockerfile)${port !== null ? `, and ${web!.name} listens on ${port}, its EXPOSE` : ""}`,
  );
  if (web && port === null)
    out.warnings.push(
      `${image.dockerfile} EXPOSEs no port; ${web.name} is taken to listen on ${web.port}: set services[].port if it does not`,
    );
  if (web && facts.exposed.length > 1)
    out.notes.push(
      `${image.dockerfile} EXPOSEs ${facts.exposed.join(", ")}; the load balancer sends traffic to ${port}`,
    );
  if (runsAsRoot(facts))
    out.warnings.push(
      `${image.dockerfile} runs as root (${facts.user ? `USER ${facts.user}` : "no USER"}): anything that breaks into the app has root in the container; add a USER with a non-root uid`,
    );
}

async function besideOwnCompose(out: OwnFiles, own: (path: string) => Promise<string | null>): Promise<void> {
  const found: string[] = [];
  for (const name of COMPOSE_NAMES) if ((await own(name)) !== null) found.push(name);
  if (found.length === 0) return;
  out.config = { ...out.config, besideOwnFiles: { compose: true, workflows: false, ...out.config.besideOwnFiles } };
  const files = composeFiles(out.config);
  out.notes.push(
    `the repository has its own ${found.join(", ")}: the tool's are ${files.base} and ${files.override}, run with \`${files.command} up\`, so yours keep their meaning`,
  );
}

async function besideOwnWorkflows(out: OwnFiles, own: (path: string) => Promise<string | null>): Promise<void> {
  const found: string[] = [];
  for (const name of WORKFLOW_NAMES)
    for (const ext of ["yml", "yaml"]) {
      const path = `${WORKFLOWS_DIR}/${name}.${ext}`;
      if ((await own(path)) !== null) found.push(path);
    }
  if (found.length === 0) return;
  out.config = {
    ...out.config,
    besideOwnFiles: { compose: false, ...out.config.besideOwnFiles, workflows: true },
  };
  out.notes.push(
    `the repository has its own ${found.join(", ")}: the tool's workflows are named ${workflowPath(out.config, "ci")} and so on, beside yours`,
  );
}

/** An adopted Dockerfile builds with the repository's own .dockerignore, untouched; a Dockerfile of the tool's gets its patterns added. */
async function keepOwnDockerignore(out: OwnFiles, own: (path: string) => Promise<string | null>): Promise<void> {
  const adopted = planImages(out.config).filter((i) => i.adopted);
  if ((await own(".dockerignore")) === null) {
    // Without one, `COPY . .` would put .env and .git in the image: the tool's filter is written, and it
    // may leave out something an adopted Dockerfile copies (a prebuilt dist/, say).
    if (adopted.length > 0)
      out.notes.push(
        `the repository has no .dockerignore: the tool writes one that keeps secrets, .git, dependencies and build output out of the build context; check that ${adopted.map((i) => i.dockerfile).join(", ")} still finds what it COPYs`,
      );
    return;
  }
  if (adopted.length === planImages(out.config).length) {
    out.config = { ...out.config, files: { ...out.config.files, ".dockerignore": "ignore" } };
    out.notes.push('.dockerignore: yours, left as it is for your Dockerfile (files[".dockerignore"]: "ignore")');
  }
}

/** The repository's files the run takes over (merged into, or replaced), each with what happens to it. */
export function describeTakenOver(run: PlannedRun): string[] {
  return run.changes
    .filter(
      (c) => (c.action === "merge" || c.action === "update") && c.current !== null && !run.previousLock?.files[c.path],
    )
    .map((c) => `${c.path}: ${c.reason}`);
}
