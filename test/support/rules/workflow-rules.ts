/**
 * The security and version rules of docs/rules.md section 6 that no tool here checks, over a set of workflow files
 * (path -> text). Problems name the rule, the file and the line or job:
 * `.github/workflows/deploy.yml:18: GHA-02: actions/checkout@v3 is below the minimum major v5 (docs/rules.md 6.1)`.
 *
 * - GHA-05: no long-lived AWS keys: no text mentions aws-access-key-id / aws-secret-access-key /
 *   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (comments included: the generator has no reason to write them).
 * - GHA-04: top-level `permissions` declared and not `write-all`; every job that uses
 *   aws-actions/configure-aws-credentials gets `id-token: write` (job permissions replace workflow permissions
 *   entirely, so the workflow level only counts when the job declares none:
 *   https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions).
 * - GHA-02: every `uses: owner/repo@ref` meets MIN_ACTION_MAJORS (and the patch floors below); `@main`/`@master`
 *   never; artifact actions never below v4 whatever table is passed (v3 was shut down 2025-01-30:
 *   https://github.blog/changelog/2024-04-16-deprecation-notice-v3-of-the-artifact-actions/).
 * GHA-01 (SHA pinning) is checkShaPinning, separate because a hand-written test workflow may use tags.
 */
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from "yaml";

/**
 * Minimum acceptable major per action: the first major that runs on Node 24 (Node 20 leaves the runners 2026-09-23).
 * Source: each action's release tags and their action.yml `runs.using`, as of 2026-11-22 (docs/rules.md section 6.1;
 * https://github.blog/changelog/2025-09-19-deprecation-of-node-20-on-github-actions-runners/).
 */
export const MIN_ACTION_MAJORS: Readonly<Record<string, number>> = {
  "actions/checkout": 5,
  "aws-actions/configure-aws-credentials": 6,
  "aws-actions/amazon-ecr-login": 2,
  "aws-actions/amazon-ecs-render-task-definition": 1,
  "aws-actions/amazon-ecs-deploy-task-definition": 2,
  "docker/setup-buildx-action": 4,
  "docker/build-push-action": 7,
  "docker/login-action": 4,
  "docker/metadata-action": 6,
  "hashicorp/setup-terraform": 4,
  "actions/upload-artifact": 6,
  "actions/download-artifact": 7,
};

/**
 * Where the Node 24 runtime arrived within a major (same source and date): earlier patches of that major run on
 * Node 20. Checked whenever the full version is known (a `vX.Y.Z` ref or the `# vX.Y.Z` comment of a SHA pin); a
 * floating `@v2` resolves to the newest v2, which is past the floor.
 */
export const MIN_ACTION_VERSIONS: Readonly<Record<string, string>> = {
  "aws-actions/amazon-ecr-login": "2.0.2",
  "aws-actions/amazon-ecs-render-task-definition": "1.8.4",
  "aws-actions/amazon-ecs-deploy-task-definition": "2.6.1",
};

const ARTIFACT_ACTIONS = ["actions/upload-artifact", "actions/download-artifact"];
const ARTIFACT_FLOOR = 4;
const AWS_KEYS = /aws[-_]access[-_]key[-_]id|aws[-_]secret[-_]access[-_]key/i;
// `uses: owner/repo[/path]@ref  # comment`, quoted or not, as a step (`- uses:`) or a job-level reusable workflow.
const USES = /^\s*(?:-\s+)?uses:\s*(["']?)([^@\s"'#]+)@([^\s"'#]+)\1\s*(?:#\s*(.*))?$/;
const SHA = /^[0-9a-f]{40}$/;

export function checkWorkflowRules(
  files: Map<string, string>,
  minMajors: Readonly<Record<string, number>> = MIN_ACTION_MAJORS,
): string[] {
  const problems: string[] = [];
  for (const [path, text] of files) {
    text.split("\n").forEach((line, i) => {
      if (AWS_KEYS.test(line)) problems.push(`${path}:${i + 1}: GHA-05: AWS access keys; use OIDC role-to-assume`);
      const uses = USES.exec(line);
      if (uses) problems.push(...checkRef(`${path}:${i + 1}`, uses[2]!, uses[3]!, uses[4], minMajors));
    });
    problems.push(...checkPermissions(path, text));
  }
  return problems;
}

/** GHA-01: every remote action is pinned to a full commit SHA with a `# vX.Y.Z` comment. */
export function checkShaPinning(files: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, text] of files) {
    text.split("\n").forEach((line, i) => {
      const uses = USES.exec(line);
      if (!uses || !isRemote(uses[2]!)) return;
      if (!SHA.test(uses[3]!) || !/^v\d+/.test(uses[4] ?? "")) {
        problems.push(
          `${path}:${i + 1}: GHA-01: ${uses[2]}@${uses[3]} is not pinned to a full SHA with a # vX.Y.Z comment`,
        );
      }
    });
  }
  return problems;
}

function checkRef(
  where: string,
  target: string,
  ref: string,
  comment: string | undefined,
  minMajors: Readonly<Record<string, number>>,
): string[] {
  if (!isRemote(target)) return [];
  const action = target.split("/").slice(0, 2).join("/").toLowerCase();
  const uses = `${target}@${ref}`;
  if (ref === "main" || ref === "master") return [`${where}: GHA-02: ${uses} follows a branch; pin a release`];
  const min = Math.max(minMajors[action] ?? 0, ARTIFACT_ACTIONS.includes(action) ? ARTIFACT_FLOOR : 0);
  if (min === 0) return [];
  // The version is the ref itself, or for a SHA the `# v7.0.1` comment Dependabot and pinning tools write.
  const version = /^v(\d+(?:\.\d+){0,2})$/.exec(SHA.test(ref) ? (comment?.trim().split(/\s+/)[0] ?? "") : ref)?.[1];
  if (!version) return [`${where}: GHA-02: cannot tell the version of ${uses}; use vN, vN.N.N or a SHA with # vN.N.N`];
  const parts = version.split(".").map(Number);
  if (parts[0]! < min)
    return [`${where}: GHA-02: ${uses} (v${version}) is below the minimum major v${min} (docs/rules.md 6.1)`];
  const floor = MIN_ACTION_VERSIONS[action];
  if (floor && parts.length === 3 && parts[0] === Number(floor.split(".")[0]) && compare(parts, floor) < 0) {
    return [
      `${where}: GHA-02: ${uses} (v${version}) is below v${floor}, the first Node 24 release (docs/rules.md 6.1)`,
    ];
  }
  return [];
}

function compare(parts: number[], version: string): number {
  const other = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((parts[i] ?? 0) !== (other[i] ?? 0)) return (parts[i] ?? 0) - (other[i] ?? 0);
  return 0;
}

function isRemote(target: string): boolean {
  return !target.startsWith("./") && !target.startsWith("docker://");
}

function checkPermissions(path: string, text: string): string[] {
  const doc = parseDocument(text);
  const root = doc.contents;
  if (doc.errors.length > 0 || !isMap(root)) return [`${path}: GHA-04: not a YAML mapping, permissions not checked`];
  const problems: string[] = [];
  const top: unknown = root.get("permissions");
  if (top === undefined) problems.push(`${path}: GHA-04: no top-level permissions (use contents: read)`);
  if (top === "write-all") problems.push(`${path}: GHA-04: top-level permissions: write-all`);
  const jobs = root.get("jobs");
  for (const { key, value: job } of isMap(jobs) ? jobs.items : []) {
    if (!isMap(job)) continue;
    const name = `${path}: GHA-04: job ${isScalar(key) ? String(key.value) : String(key)}`;
    const own: unknown = job.get("permissions");
    if (own === "write-all") problems.push(`${name} has permissions: write-all`);
    if (!usesAwsCredentials(job)) continue;
    const permissions = job.has("permissions") ? own : top;
    const idToken: unknown = isMap(permissions) ? permissions.get("id-token") : permissions;
    if (idToken !== "write" && idToken !== "write-all") {
      const where = job.has("permissions") ? "its permissions" : "the workflow permissions (the job has none)";
      problems.push(`${name} uses configure-aws-credentials without id-token: write in ${where}`);
    }
  }
  return problems;
}

function usesAwsCredentials(job: YAMLMap): boolean {
  const steps = job.get("steps");
  if (!isSeq(steps)) return false;
  return steps.items.some((step) => {
    const uses = isMap(step) ? step.get("uses") : undefined;
    return typeof uses === "string" && uses.toLowerCase().startsWith("aws-actions/configure-aws-credentials@");
  });
}
