/**
 * Dependency-layer ordering (DF-GEN-03 / AP-24, reused by DF-NET-03 and
 * DF-RAILS-03): manifests are copied, dependencies restored, and only then is
 * the application source copied.
 */
import { chainInstructions, type Instruction } from "../dockerfile/parse.js";
import { byKeyword, copies, mounts, runText, type Ctx, type Stack } from "./dockerfile-facts.js";

/** Restore/install commands per ecosystem. Rails images may also run a JS install. */
export const INSTALL_RES = {
  dotnet: /\bdotnet\s+restore\b/,
  node: /\b(npm\s+(ci|install|i)\b|yarn\s+install\b|pnpm\s+(install|i)\b)/,
  rails: /\bbundle\s+install\b/,
  python: /\b(pip\s+install\s+-r|poetry\s+sync|uv\s+sync)\b/,
} as const;

const ANY_INSTALL_RE = new RegExp(
  Object.values(INSTALL_RES)
    .map((r) => r.source)
    .join("|"),
);

/** Files that describe dependencies (copying them early is the point of the rule). */
const MANIFEST_FILE_RE =
  /^(.*\.(cs|fs|vb)proj|.*\.slnx?|Directory\.(Build|Packages)\.(props|targets)|nuget\.config|global\.json|packages\.lock\.json|dotnet-tools\.json|package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|\.yarnrc(\.yml)?|Gemfile(\.lock)?|gems\.(rb|locked)|\.ruby-version|\.node-version|\.nvmrc|pyproject\.toml|poetry\.lock|uv\.lock|requirements[^/]*\.txt|\.python-version)$/i;
/** Directories that belong to the dependency layer: vendored gems (Rails template), Yarn releases, patches. */
const MANIFEST_DIR_RE = /^(\.\/)?(vendor|\.yarn|patches)(\/|$)/;

export function isManifestPath(source: string): boolean {
  const clean = source.replace(/\/+$/, "");
  return MANIFEST_DIR_RE.test(clean) || MANIFEST_FILE_RE.test(clean.split("/").pop() ?? "");
}

export interface OrderingProblem {
  line: number;
  message: string;
}

export function installRuns(instructions: Instruction[], re: RegExp = ANY_INSTALL_RE): Instruction[] {
  return byKeyword(instructions, "RUN").filter((ins) => re.test(runText(ins)));
}

/**
 * For each install RUN matching `re`: something must bring the manifests in first
 * (COPY of manifests or a `--mount=type=bind` of them), and no application-source
 * COPY may precede it in the same stage lineage.
 */
export function dependencyOrderProblems(ctx: Ctx, re: RegExp = ANY_INSTALL_RE): OrderingProblem[] {
  const problems: OrderingProblem[] = [];
  for (const run of installRuns(ctx.df.instructions, re)) {
    const lineage = chainInstructions(ctx.df, run.stage);
    const before = copies(lineage.slice(0, lineage.indexOf(run))).filter((c) => c.from === undefined);
    const command = (re.exec(runText(run)) ?? [""])[0].trim();
    for (const c of before) {
      const sourceFiles = c.sources.filter((s) => !isManifestPath(s));
      if (sourceFiles.length > 0 && !/^https?:\/\//.test(sourceFiles[0]!)) {
        problems.push({
          line: c.ins.line,
          message: `\`${c.ins.keyword} ${sourceFiles.join(" ")}\` copies application sources before \`${command}\` (line ${run.line}); copy dependency manifests, restore, then copy sources`,
        });
      }
    }
    const bindsManifest = mounts(run).some((m) => m.type === "bind" && isManifestPath(m.source ?? m.src ?? ""));
    if (!bindsManifest && !before.some((c) => c.sources.some(isManifestPath))) {
      problems.push({
        line: run.line,
        message: `\`${command}\` runs without its dependency manifests copied first`,
      });
    }
  }
  return problems;
}

/** The stack's own restore step must exist at all. */
export function missingInstallProblem(ctx: Ctx, stack: Stack): OrderingProblem | undefined {
  if (installRuns(ctx.df.instructions, INSTALL_RES[stack]).length > 0) return undefined;
  const what = {
    dotnet: "dotnet restore",
    node: "npm ci",
    rails: "bundle install",
    python: "pip install -r / poetry sync / uv sync",
  }[stack];
  return {
    line: ctx.final?.from.line ?? 1,
    message: `no \`${what}\` step: dependencies must be restored in their own layer`,
  };
}
