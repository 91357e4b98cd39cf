/**
 * Independent Dockerfile linting: dockerfile-utils' validator (syntax, flags,
 * casing, duplicate stage names, ...) plus shellcheck on every shell-form RUN.
 *
 * Problems look like
 *   `DU-INVALID_PORT: line 4: error: Invalid containerPort: abc`
 *   `SC2164: line 12: warning: Use 'cd ... || exit' or 'cd ... || return' in case cd fails.`
 */
import { validate, ValidationCode } from "dockerfile-utils";
import { parseDockerfile } from "../dockerfile/parse.js";
import { shellcheckRuns } from "./shellcheck-run.js";

/**
 * dockerfile-utils codes ignored as false positives for modern BuildKit syntax.
 *
 * Empty on purpose: with dockerfile-utils 0.16.3 none of the BuildKit features
 * the generator uses produce a diagnostic (checked: `# syntax=` and `# check=`
 * directives, `RUN --mount=type=cache|secret|ssh|tmpfs` incl. `env=`,
 * `RUN --network=` / `--security=`, heredocs on RUN and COPY,
 * `COPY --link/--chmod/--exclude/--parents`, `FROM --platform=$BUILDPLATFORM`,
 * `HEALTHCHECK --start-interval`). The only gap seen is `ADD --unpack`
 * (reported as UNKNOWN_ADD_FLAG); it is left visible because nothing we
 * generate uses it. Add a code here only with the case that proves it.
 */
const FALSE_POSITIVE_CODES = new Set<ValidationCode>();

/** LSP DiagnosticSeverity: 1 = Error, 2 = Warning, 3 = Information, 4 = Hint. */
const SEVERITY_NAMES: Record<number, string> = {
  1: "error",
  2: "warning",
  3: "info",
  4: "hint",
};

export async function lintDockerfile(text: string): Promise<string[]> {
  const problems = dockerfileUtilsProblems(text);
  problems.push(...(await shellcheckRuns(parseDockerfile(text))));
  return problems;
}

function dockerfileUtilsProblems(text: string): string[] {
  return validate(text)
    .filter((d) => !FALSE_POSITIVE_CODES.has(d.code as ValidationCode))
    .sort((a, b) => a.range.start.line - b.range.start.line)
    .map((d) => {
      const name = typeof d.code === "number" ? ValidationCode[d.code] : String(d.code);
      const severity = SEVERITY_NAMES[d.severity ?? 1] ?? "error";
      return `DU-${name}: line ${d.range.start.line + 1}: ${severity}: ${d.message}`;
    });
}
