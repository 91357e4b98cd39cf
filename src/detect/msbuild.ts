// Just enough MSBuild and NuGet reading for detection: regular expressions over the XML, since
// project files are small and regular, and a real evaluation (conditions, imports of imports)
// would need the SDK. What this cannot resolve is reported, not guessed.
import { posix } from "node:path";
import { joinProjectPath } from "./project-files.js";

export interface MsbuildProject {
  path: string;
  sdk: string | null;
  /** Raw <TargetFramework(s)> values, before $(Property) references are resolved. */
  targetFrameworks: string[];
  outputType: string | null;
  isTestProject: boolean;
  isAspireHost: boolean;
  /** Project-relative paths of <ProjectReference> (null: the reference leaves the project). */
  references: (string | null)[];
  /** Project-relative paths of <Import Project="..."> with a literal path. */
  imports: string[];
  packages: string[];
  text: string;
}

const TEST_PACKAGES = /^(Microsoft\.NET\.Test\.Sdk|xunit(\.v3)?|NUnit|MSTest(\.TestFramework)?|TUnit)$/i;

export function parseProject(path: string, text: string): MsbuildProject {
  const dir = posix.dirname(path);
  const packages = [...text.matchAll(/<PackageReference\s+(?:[^>]*?\s)?Include="([^"]+)"/g)].map((m) => m[1]!);
  return {
    path,
    sdk: /<Project[^>]*\sSdk="([^"/]+)/.exec(text)?.[1] ?? /<Sdk\s+Name="([^"/]+)"/.exec(text)?.[1] ?? null,
    targetFrameworks: targetFrameworksIn(text),
    outputType: property(text, "OutputType"),
    isTestProject: property(text, "IsTestProject") === "true" || packages.some((p) => TEST_PACKAGES.test(p)),
    isAspireHost: property(text, "IsAspireHost") === "true" || /Aspire\.AppHost\.Sdk/.test(text),
    references: [...text.matchAll(/<ProjectReference\s+(?:[^>]*?\s)?Include="([^"]+)"/g)].map((m) =>
      joinProjectPath(dir, m[1]!),
    ),
    imports: [...text.matchAll(/<Import\s+(?:[^>]*?\s)?Project="([^"$]+)"/g)]
      .map((m) => joinProjectPath(dir, m[1]!))
      .filter((p): p is string => p !== null),
    packages,
    text,
  };
}

export function targetFrameworksIn(text: string): string[] {
  const value = property(text, "TargetFramework") ?? property(text, "TargetFrameworks");
  return value
    ? value
        .split(";")
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
}

/** The first literal value of <Name>…</Name>, ignoring conditions. */
export function property(text: string, name: string): string | null {
  return new RegExp(`<${name}(?:\\s[^>]*)?>\\s*([^<]*?)\\s*</${name}>`).exec(text)?.[1] ?? null;
}

/** "net10.0" or "net10.0-windows" -> "10.0"; anything else (netstandard2.0, net48) -> null. */
export function runtimeOf(tfm: string): string | null {
  return /^net(\d+)\.0(?:-[a-z0-9.]+)?$/i.exec(tfm)?.[1]?.concat(".0") ?? null;
}

/** Project paths listed by a .sln (Project("{…}") = "Name", "path\Name.csproj", …) or .slnx. */
export function solutionProjects(path: string, text: string): string[] {
  const dir = posix.dirname(path);
  const raw = path.endsWith(".slnx")
    ? [...text.matchAll(/<Project\s+(?:[^>]*?\s)?Path="([^"]+\.csproj)"/g)].map((m) => m[1]!)
    : [...text.matchAll(/^Project\("\{[^}]+\}"\)\s*=\s*"[^"]*",\s*"([^"]+\.csproj)"/gm)].map((m) => m[1]!);
  return raw.map((p) => joinProjectPath(dir, p)).filter((p): p is string => p !== null);
}

export interface NugetSource {
  key: string;
  url: string;
}

/** <packageSources><add key="…" value="…" /></packageSources>; `cleared` when <clear /> drops the defaults. */
export function nugetSources(text: string): { sources: NugetSource[]; cleared: boolean } {
  const block = /<packageSources>([\s\S]*?)<\/packageSources>/i.exec(text)?.[1] ?? "";
  const sources = [...block.matchAll(/<add\s+[^>]*?key="([^"]+)"[^>]*?value="([^"]+)"/gi)].map((m) => ({
    key: m[1]!,
    url: m[2]!,
  }));
  return { sources, cleared: /<clear\s*\/>/i.test(block) };
}

/** <packageSourceMapping>: the package patterns mapped to one source. */
export function sourcePatterns(text: string, key: string): string[] {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const block = new RegExp(`<packageSource\\s+key="${escaped}"\\s*>([\\s\\S]*?)</packageSource>`, "i").exec(text)?.[1];
  return block ? [...block.matchAll(/<package\s+pattern="([^"]+)"/gi)].map((m) => m[1]!) : [];
}
