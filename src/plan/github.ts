// How the workflows' jobs name themselves to AWS: the GitHub environments they run in and the
// forms of the repository in their OIDC subject claims. The trust policies, the workflows and
// DEPLOY.md read these, so a job and the role it assumes cannot disagree.
import type { Config } from "../config/normalise.js";

/**
 * The GitHub environment of a stage's Terraform apply job. It is not the stage's own environment
 * (the deploy job's), so a deploy job, or a workflow that merely names the stage, cannot assume
 * the apply role.
 */
export const terraformEnvironment = (stage: string): string => `terraform-${stage}`;

/**
 * The repository as its OIDC subjects name it: "owner/name", and "owner@OWNER_ID/name@REPO_ID" when
 * the config gives the ids. Repositories created or renamed since 2026-07-15 present the second
 * form (github.blog/changelog/2026-04-23-immutable-subject-claims-for-github-actions-oidc-tokens);
 * both are trusted so that a repository keeps working while it moves from one to the other.
 * null: the config names no repository (Terraform asks for it).
 */
export function subjectRepositories(config: Config): string[] | null {
  const { repository, ownerId, repositoryId } = config.github;
  if (repository === null) return null;
  if (ownerId === null || repositoryId === null) return [repository];
  const [owner, name] = repository.split("/");
  return [repository, `${owner}@${ownerId}/${name}@${repositoryId}`];
}
