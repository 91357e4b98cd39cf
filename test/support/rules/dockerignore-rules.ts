/**
 * docs/rules.md §1.5 .dockerignore: DI-02 (common entries), DI-03 (per stack) and
 * DI-04 (nothing the Dockerfiles COPY explicitly is ignored).
 *
 * DI-02/DI-03 are checked semantically: each required entry is represented by
 * sample paths that must be excluded, so equivalent spellings
 * (`**\/node_modules` for `node_modules`, `/.git` for `.git`) pass too.
 */
import { globalArgDefaults, parseDockerfile } from "../dockerfile/parse.js";
import { expandVars } from "../dockerfile/args.js";
import { copies, mounts, type Stack } from "./dockerfile-facts.js";
import { compileIgnore, type IgnoreMatcher } from "./dockerignore-match.js";

/** [entry as DI-02 / DI-03 name it (docs/rules.md), sample paths it must exclude] */
type Entry = [string, string[]];

const COMMON: Entry[] = [
  [".git", [".git", ".git/HEAD"]],
  ["**/.env*", [".env", ".env.production", "config/.env.local"]],
  ["Dockerfile*", ["Dockerfile", "Dockerfile.dev"]],
  ["docker-compose*.yml", ["docker-compose.yml", "docker-compose.override.yml"]],
  [".github/", [".github/workflows/ci.yml"]],
  ["**/*.pem", ["certs/server.pem", "key.pem"]],
  ["**/*.key", ["private.key", "secrets/deploy.key"]],
  [".terraform/", [".terraform/providers/x"]],
];

/** DI-02 names the infrastructure folder (`terraform/` or `infra/`): whichever name the generator uses. */
const IAC_DIRS = ["terraform/main.tf", "infra/main.tf"];

const PER_STACK: Record<Stack, Entry[]> = {
  dotnet: [
    ["**/bin/", ["bin/Debug/x.dll", "src/Api/bin/Release/x.dll"]],
    ["**/obj/", ["obj/project.assets.json", "src/Api/obj/project.assets.json"]],
    ["**/out/", ["out/x.dll", "src/Api/out/x.dll"]],
  ],
  node: [
    ["node_modules", ["node_modules/express/package.json"]],
    [".next", [".next/cache/x"]],
    ["dist", ["dist/main.js"]],
    ["coverage", ["coverage/lcov.info"]],
    ["npm-debug.log*", ["npm-debug.log", "npm-debug.log.1"]],
  ],
  rails: [
    ["/.bundle", [".bundle/config"]],
    ["/log/*", ["log/production.log"]],
    ["/tmp/*", ["tmp/cache/bootsnap/x"]],
    ["/storage/*", ["storage/development.sqlite3"]],
    ["/config/master.key", ["config/master.key"]],
    ["/config/credentials/*.key", ["config/credentials/production.key"]],
    ["/node_modules/", ["node_modules/x/package.json"]],
    ["/public/assets", ["public/assets/application.css"]],
  ],
};

export function checkDockerignore(dockerignore: string, dockerfiles: string[], stack: Stack): string[] {
  const matcher = compileIgnore(dockerignore);
  return [
    ...missingEntries("DI-02", COMMON, matcher),
    ...(IAC_DIRS.some((p) => matcher.isExcluded(p))
      ? []
      : ["DI-02: .dockerignore does not exclude the IaC directory (terraform/ or infra/)"]),
    ...missingEntries("DI-03", PER_STACK[stack], matcher),
    ...dockerfiles.flatMap((text, i) =>
      ignoredCopySources(text, matcher, dockerfiles.length > 1 ? `Dockerfile #${i + 1}` : "Dockerfile"),
    ),
  ];
}

function missingEntries(id: string, entries: Entry[], matcher: IgnoreMatcher): string[] {
  return entries.flatMap(([entry, samples]) => {
    const kept = samples.filter((s) => !matcher.isExcluded(s));
    return kept.length === 0
      ? []
      : [`${id}: .dockerignore lacks \`${entry}\` (${kept.join(", ")} would be sent to the build)`];
  });
}

/**
 * DI-04: explicit build-context sources must survive .dockerignore: COPY/ADD
 * sources (not `COPY . .`, not `--from=` stage/image copies, URLs or heredocs)
 * and `RUN --mount=type=bind,source=…` without `from=` (BuildKit applies
 * .dockerignore to those too). Wildcards are checked through a representative
 * name (`*.csproj` → `x.csproj`); a directory source is checked for the
 * directory and a file inside it.
 */
function ignoredCopySources(text: string, matcher: IgnoreMatcher, label: string): string[] {
  const df = parseDockerfile(text);
  const vars = globalArgDefaults(df);
  const sources = [
    ...copies(df.instructions)
      .filter((c) => c.from === undefined)
      .flatMap((c) =>
        c.sources.map((raw) => ({
          raw,
          line: c.ins.line,
          what: c.ins.keyword,
        })),
      ),
    ...df.instructions
      .filter((i) => i.keyword === "RUN")
      .flatMap((i) =>
        mounts(i)
          .filter((m) => m.type === "bind" && !m.from)
          .map((m) => ({
            raw: m.source ?? m.src ?? ".",
            line: i.line,
            what: "RUN --mount=type=bind",
          })),
      ),
  ];
  const out: string[] = [];
  for (const { raw, line, what } of sources) {
    const source = expandVars(raw, vars).replace(/^["']|["']$/g, "");
    if (/^https?:\/\/|^git@/.test(source) || source.includes("$")) continue;
    const path = source
      .replace(/\*\*/g, "x")
      .replace(/[*?]/g, "x")
      .replace(/\[[^\]]*\]/g, "x")
      .replace(/^\.\//, "");
    const clean = path.replace(/\/\.?$/, "");
    if (clean === "." || clean === "") continue; // whole-context copy
    const samples = source.endsWith("/") || source.endsWith("/.") ? [clean, `${clean}/x`] : [clean];
    if (samples.some((s) => matcher.isExcluded(s))) {
      out.push(`DI-04: ${label} line ${line}: ${what} source \`${raw}\` is excluded by .dockerignore`);
    }
  }
  return out;
}
