// What holds whatever the stack: the GitHub repository (the origin remote in .git/config) and the
// AWS account and region, read only from files the team committed (the deploy role and region in
// existing GitHub workflows, the region of a Terraform AWS provider). Never from the environment
// or ~/.aws: those describe the machine that runs init, not the project, and would make the same
// repository detect differently on every laptop.
import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { ConfigInput } from "../config/schema.js";
import { found, type Finding, type ProjectFiles } from "./project-files.js";

export interface RepositoryDetection {
  findings: Finding[];
  notes: string[];
  input: Partial<ConfigInput>;
}

export async function detectRepository(project: ProjectFiles): Promise<RepositoryDetection> {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const repository = await githubRepository(project, findings);
  const aws = await awsTarget(project, findings, notes);
  for (const file of project.files.filter((f) => /(^|\/)Dockerfile$/.test(f)))
    findings.push(found("an existing Dockerfile", file));
  return {
    findings,
    notes,
    input: {
      ...(repository ? { github: { repository } } : {}),
      ...(aws.region || aws.accountId ? { aws } : {}),
    },
  };
}

async function githubRepository(project: ProjectFiles, findings: Finding[]): Promise<string | null> {
  const config = await gitConfig(project);
  if (!config) return null;
  const origin = /\[remote "origin"\]([^[]*)/.exec(config.text)?.[1] ?? "";
  const url = /^\s*url\s*=\s*(\S+)/m.exec(origin)?.[1];
  const repository = url ? githubRepositoryFromUrl(url) : null;
  if (repository) findings.push(found(`the GitHub repository ${repository} (remote origin)`, config.file));
  return repository;
}

/** git@github.com:o/r.git, ssh://git@github.com/o/r, https://github.com/o/r(.git) -> "o/r". */
export function githubRepositoryFromUrl(url: string): string | null {
  const m =
    /^(?:(?:https?|git|ssh):\/\/(?:[^@/]+@)?github\.com(?::\d+)?\/|[^@/]+@github\.com:)([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
      url,
    );
  return m ? `${m[1]}/${m[2]}` : null;
}

/** .git/config, or for a worktree or submodule (.git is a file) the config it points to. */
async function gitConfig(project: ProjectFiles): Promise<{ file: string; text: string } | null> {
  const direct = await project.read(".git/config");
  if (direct !== null) return { file: ".git/config", text: direct };
  const pointer = /^gitdir:\s*(.+)$/m.exec((await project.read(".git")) ?? "")?.[1]?.trim();
  if (!pointer) return null;
  const gitDir = isAbsolute(pointer) ? pointer : join(project.root, pointer);
  const common = (await readFile(join(gitDir, "commondir"), "utf8").catch(() => null))?.trim();
  const dir = common ? (isAbsolute(common) ? common : join(gitDir, common)) : gitDir;
  const text = await readFile(join(dir, "config"), "utf8").catch(() => null);
  return text === null ? null : { file: ".git (its config)", text };
}

/** One region and one account, or none: when the committed files disagree, init asks. */
async function awsTarget(
  project: ProjectFiles,
  findings: Finding[],
  notes: string[],
): Promise<{ region?: string; accountId?: string }> {
  const regions = new Map<string, string>();
  const accounts = new Map<string, string>();
  for (const file of project.files.filter((f) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f))) {
    const text = (await project.read(file)) ?? "";
    for (const m of text.matchAll(
      /^\s*(?:aws-region|AWS_REGION|AWS_DEFAULT_REGION)\s*:\s*["']?([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/gm,
    ))
      if (!regions.has(m[1]!)) regions.set(m[1]!, file);
    for (const m of text.matchAll(/^\s*role-to-assume\s*:\s*["']?arn:aws[a-z-]*:iam::(\d{12}):role\//gm))
      if (!accounts.has(m[1]!)) accounts.set(m[1]!, file);
  }
  for (const file of project.files.filter((f) => f.endsWith(".tf"))) {
    const provider = /provider\s+"aws"\s*\{([^}]*)\}/.exec((await project.read(file)) ?? "")?.[1] ?? "";
    const region = /^\s*region\s*=\s*"([a-z]{2}(?:-gov)?-[a-z]+-\d)"/m.exec(provider)?.[1];
    if (region && !regions.has(region)) regions.set(region, file);
  }
  const pick = (values: Map<string, string>, what: string) => {
    if (values.size === 1) {
      const [value, file] = [...values][0]!;
      findings.push(found(`the AWS ${what} ${value}`, file));
      return value;
    }
    if (values.size > 1)
      notes.push(
        `the committed files name several AWS ${what}s (${[...values.keys()].join(", ")}); init asks which one`,
      );
    return undefined;
  };
  const region = pick(regions, "region");
  const accountId = pick(accounts, "account");
  return { ...(region ? { region } : {}), ...(accountId ? { accountId } : {}) };
}
