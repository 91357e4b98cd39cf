// Where the tool's compose files and workflows go. Usually under the names compose and GitHub look
// for; beside a repository's own files of the same kind (besideOwnFiles, set by init) under names
// of the tool's own, since compose reads docker-compose.override.yml into whatever compose file
// sits beside it (https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/, checked
// 2026-12-03) and a workflow of the same name would replace the repository's.
import type { Config } from "../config/normalise.js";

export const WORKFLOWS_DIR = ".github/workflows";

/** The workflows the tool writes: a repository's own workflow of one of these names moves the tool's beside it. */
export const WORKFLOW_NAMES = ["ci", "deploy", "terraform", "feed", "start-environment"] as const;
export type WorkflowName = (typeof WORKFLOW_NAMES)[number];

export interface ComposeFiles {
  base: string;
  override: string;
  /** The command that runs both: plain `docker compose` finds the usual names by itself. */
  command: string;
  automatic: boolean;
}

export function composeFiles(config: Config): ComposeFiles {
  if (!config.besideOwnFiles?.compose)
    return {
      base: "docker-compose.yml",
      override: "docker-compose.override.yml",
      command: "docker compose",
      automatic: true,
    };
  const base = "compose.ecs-stack.yml";
  const override = "compose.ecs-stack.override.yml";
  return { base, override, command: `docker compose -f ${base} -f ${override}`, automatic: false };
}

/** `.github/workflows/ci.yml`, or `.github/workflows/ecs-stack-ci.yml` beside the repository's own workflows. */
export function workflowPath(config: Config, name: WorkflowName): string {
  return `${WORKFLOWS_DIR}/${config.besideOwnFiles?.workflows ? "ecs-stack-" : ""}${name}.yml`;
}
