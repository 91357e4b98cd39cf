/**
 * The workflow validators themselves: each passes a known-good deploy workflow and fails the defect it exists for.
 * Without these, a validator that silently checks nothing (a broken WASM import, a provider that never matches, a
 * missing shellcheck) would make every generated workflow look correct.
 */
import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { actionlint } from "./support/validators/actionlint.js";
import { ACTIONS_WITH_INPUT_DATA, validateWorkflow } from "./support/validators/workflow-language-service.js";
import { shellcheckRunSteps } from "./support/validators/workflow-shellcheck.js";
import { checkShaPinning, checkWorkflowRules, MIN_ACTION_MAJORS } from "./support/rules/workflow-rules.js";

const PATH = ".github/workflows/deploy.yml";

// SHAs and versions: src/plan/versions.ts (docs/rules.md 6.1, 2026-11-22). The run steps put expressions bare, in double quotes, in single
// quotes, in a heredoc and in a `[ ]` test, which must all shellcheck clean.
const GOOD = `name: deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: deploy-production
  cancel-in-progress: false
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - name: Configure AWS credentials
        uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: \${{ vars.AWS_DEPLOY_ROLE_ARN }}
          aws-region: us-east-1
      - name: Log in to ECR
        id: login-ecr
        uses: aws-actions/amazon-ecr-login@03f1aad4c6c7ffd436567f42f9384779290529bd # v2.1.7
      - name: Build and push
        env:
          REGISTRY: \${{ steps.login-ecr.outputs.registry }}
        run: |
          docker build -t "$REGISTRY/web:\${{ github.sha }}" .
          docker push "$REGISTRY/web:\${{ github.sha }}"
      - name: Summary
        shell: bash
        run: |
          cat >> "$GITHUB_STEP_SUMMARY" <<EOF
          Deployed \${{ github.sha }} (don't edit) to production
          EOF
          echo 'sha: \${{ github.sha }}' # the runner's \${{ github.ref }}
          if [ \${{ github.ref_name }} = main ]; then echo "on main: \${{ github.ref }}"; fi
`;

/** GOOD with one substring replaced; fails loudly when the substring is gone, so a variant can never be GOOD. */
function variant(from: string, to: string): string {
  expect(GOOD).toContain(from);
  return GOOD.replace(from, to);
}

const files = (text: string) => new Map([[PATH, text]]);

// shellcheckRunSteps itself skips (with a warning) without the binary; these tests then skip visibly too.
const installed = !(await execa("shellcheck", ["--version"], { reject: false })).failed;

describe("the good deploy workflow", () => {
  it("passes all four validators", async () => {
    expect(await actionlint(PATH, GOOD)).toEqual([]);
    expect(await validateWorkflow(PATH, GOOD)).toEqual([]);
    expect(await shellcheckRunSteps(PATH, GOOD)).toEqual([]);
    expect(checkWorkflowRules(files(GOOD))).toEqual([]);
    expect(checkShaPinning(files(GOOD))).toEqual([]);
  });
});

describe("actionlint", () => {
  it("reports broken YAML", async () => {
    const problems = await actionlint(PATH, variant("    runs-on: ubuntu-latest", "   runs-on: ubuntu-latest"));
    expect(problems.join("\n")).toMatch(/could not parse as YAML.*\[syntax-check\]/);
  });

  it("reports untrusted input pasted into a script", async () => {
    const text = variant(
      'docker push "$REGISTRY',
      'echo "${{ github.event.head_commit.message }}"\n          docker push "$REGISTRY',
    );
    // actionlint reports a finding inside a `run: |` block on the `run:` line, not on the script line.
    expect(await actionlint(PATH, text)).toEqual([
      expect.stringMatching(/:33:\d+: .*potentially untrusted.*\[expression\]$/),
    ]);
  });

  it("reports an unknown context property and a syntax error in an expression, with line:col", async () => {
    const typo = await actionlint(PATH, variant("role-to-assume: ${{ vars.", "role-to-assume: ${{ var."));
    expect(typo).toEqual([
      expect.stringMatching(/^\.github\/workflows\/deploy\.yml:25:\d+: .*"var".* \[expression\]$/),
    ]);
    const unclosed = await actionlint(
      PATH,
      variant("aws-region: us-east-1", "aws-region: ${{ github.event.inputs.region"),
    );
    expect(unclosed.join("\n")).toMatch(/:26:\d+: .*\[expression\]/);
  });
});

describe("the workflow language service", () => {
  it("reports an unknown input and the missing required input of a SHA-pinned action", async () => {
    const problems = await validateWorkflow(PATH, variant("aws-region: us-east-1", "aws-region-typo: us-east-1"));
    expect(problems).toEqual([
      `${PATH}:24:9: error: Missing required input \`aws-region\` [missing-required-inputs]`,
      `${PATH}:26:11: error: Invalid action input 'aws-region-typo'`,
    ]);
  });

  it("reports a step output of a step that does not exist, a warning that still counts", async () => {
    const problems = await validateWorkflow(PATH, variant("steps.login-ecr.outputs", "steps.login.outputs"));
    expect(problems).toEqual([expect.stringMatching(/:32:21: warning: Context access might be invalid: login$/)]);
  });

  it("judges each text afresh, though the service caches parse results by uri", async () => {
    const bad = variant("aws-region: us-east-1", "aws-region-typo: us-east-1");
    const [first, second, third] = await Promise.all([bad, GOOD, bad].map((t) => validateWorkflow(PATH, t)));
    expect([first!.length, second!.length, third!.length]).toEqual([2, 0, 2]);
  });

  it("has input data for checkout, the AWS credentials, ECR and both ECS actions", () => {
    expect(ACTIONS_WITH_INPUT_DATA).toEqual(
      expect.arrayContaining([
        "actions/checkout",
        "aws-actions/configure-aws-credentials",
        "aws-actions/amazon-ecr-login",
        "aws-actions/amazon-ecs-render-task-definition",
        "aws-actions/amazon-ecs-deploy-task-definition",
      ]),
    );
  });
});

describe("shellcheck on run steps", () => {
  it.runIf(installed)("reports an unquoted variable at its workflow line and column, by job/step", async () => {
    const problems = await shellcheckRunSteps(
      PATH,
      variant('docker push "$REGISTRY/web:${{ github.sha }}"', "docker push $REGISTRY/web:${{ github.sha }}"),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^\.github\/workflows\/deploy\.yml:35:23: deploy\/Build and push: SC2086 info: /),
    ]);
  });

  it.runIf(installed)("checks `shell: sh` as POSIX sh and skips pwsh", async () => {
    const sh = await shellcheckRunSteps(
      PATH,
      variant("shell: bash", "shell: sh").replace("if [ ", "if [[ ").replace("main ];", "main ]];"),
    );
    expect(sh.join("\n")).toMatch(/deploy\/Summary: SC3010 /); // [[ ]] is undefined in POSIX sh
    expect(await shellcheckRunSteps(PATH, variant("shell: bash", "shell: pwsh").replace("if [ ", "if [[ "))).toEqual(
      [],
    );
  });
});

describe("workflow rules", () => {
  it("has the docs/rules.md 6.1 minimum majors", () => {
    expect(MIN_ACTION_MAJORS["aws-actions/configure-aws-credentials"]).toBe(6);
    expect(MIN_ACTION_MAJORS["actions/upload-artifact"]).toBe(6);
  });

  it("forbids AWS access keys, even unused", () => {
    const text = variant("aws-region: us-east-1", "aws-region: us-east-1\n          aws-access-key-id: x");
    expect(checkWorkflowRules(files(text))).toEqual([`${PATH}:27: GHA-05: AWS access keys; use OIDC role-to-assume`]);
    const env = variant(
      "REGISTRY: ${{",
      "AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n          REGISTRY: ${{",
    );
    expect(checkWorkflowRules(files(env))).toHaveLength(1);
  });

  it("requires id-token: write where configure-aws-credentials runs", () => {
    expect(checkWorkflowRules(files(variant("      id-token: write\n", "")))).toEqual([
      `${PATH}: GHA-04: job deploy uses configure-aws-credentials without id-token: write in its permissions`,
    ]);
    const inherited = variant("    permissions:\n      contents: read\n      id-token: write\n", "");
    expect(checkWorkflowRules(files(inherited))).toEqual([
      `${PATH}: GHA-04: job deploy uses configure-aws-credentials without id-token: write in the workflow permissions` +
        " (the job has none)",
    ]);
    const workflowLevel = inherited.replace(
      "permissions:\n  contents: read\n",
      "permissions:\n  contents: read\n  id-token: write\n",
    );
    expect(checkWorkflowRules(files(workflowLevel))).toEqual([]);
  });

  it("requires top-level permissions", () => {
    const problems = checkWorkflowRules(files(variant("permissions:\n  contents: read\nconcurrency", "concurrency")));
    expect(problems).toEqual([`${PATH}: GHA-04: no top-level permissions (use contents: read)`]);
  });

  it("enforces minimum majors on tags and on the version comment of SHA pins", () => {
    const tag = variant("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "actions/checkout@v3");
    expect(checkWorkflowRules(files(tag))).toEqual([
      `${PATH}:19: GHA-02: actions/checkout@v3 (v3) is below the minimum major v5 (docs/rules.md 6.1)`,
    ]);
    expect(checkShaPinning(files(tag))).toEqual([expect.stringContaining(`${PATH}:19: GHA-01: actions/checkout@v3`)]);
    const sha = variant("# v6.2.3", "# v4.1.0");
    expect(checkWorkflowRules(files(sha))).toEqual([
      expect.stringMatching(/:23: GHA-02: .*\(v4\.1\.0\) is below the minimum major v6/),
    ]);
    const patch = variant("# v2.1.7", "# v2.0.1");
    expect(checkWorkflowRules(files(patch))).toEqual([
      expect.stringMatching(/:29: GHA-02: .* below v2\.0\.2, the first Node 24/),
    ]);
    const bare = variant(" # v2.1.7", "");
    expect(checkWorkflowRules(files(bare))).toEqual([expect.stringMatching(/:29: GHA-02: cannot tell the version/)]);
  });

  it("forbids branch refs and artifact actions below v4 whatever the table says", () => {
    const main = variant("# v7.0.1", "# v7.0.1\n      - uses: someone/tool@main");
    expect(checkWorkflowRules(files(main))).toEqual([
      `${PATH}:20: GHA-02: someone/tool@main follows a branch; pin a release`,
    ]);
    const artifact = variant(
      "persist-credentials: false",
      "persist-credentials: false\n      - uses: actions/upload-artifact@v3\n        with: { name: x, path: x }",
    );
    expect(checkWorkflowRules(files(artifact), {})).toEqual([
      expect.stringMatching(/:22: GHA-02: actions\/upload-artifact@v3 .* minimum major v4/),
    ]);
  });
});
