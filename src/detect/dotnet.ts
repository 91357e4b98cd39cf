// .NET: project files, the target framework (csproj or Directory.Build.props), web or worker SDK,
// and database packages.
import { basename, dirname } from "node:path";
import type { ConfigInput } from "../config/schema.js";
import type { Detection, ProjectFiles } from "./detect.js";
import { projectNameFrom } from "./detect.js";

const RESTORE_INPUTS =
  /(^|\/)(Directory\.Build\.props|Directory\.Packages\.props|nuget\.config|NuGet\.Config|global\.json)$/;

export async function detectDotnet(project: ProjectFiles): Promise<Detection | null> {
  const csprojs = project.files.filter((f) => f.endsWith(".csproj"));
  if (csprojs.length === 0) return null;
  const findings: string[] = [];
  const services: NonNullable<ConfigInput["services"]> = [];
  let targetMajor: string | null = null;
  let database: "postgres" | "mysql" | "sqlserver" | null = null;

  for (const path of [...project.files.filter((f) => f.endsWith("Directory.Build.props")), ...csprojs]) {
    const text = (await project.read(path)) ?? "";
    const tfm = /<TargetFramework>net(\d+)\.0<\/TargetFramework>/.exec(text)?.[1];
    if (tfm) {
      targetMajor = `${tfm}.0`;
      findings.push(`found target framework net${tfm}.0 in ${path}`);
    }
    if (!path.endsWith(".csproj")) continue;
    const sdk = /<Project\s+Sdk="([^"]+)"/.exec(text)?.[1] ?? "";
    const name = projectNameFrom(basename(path, ".csproj").replace(/\./g, "-"));
    if (sdk === "Microsoft.NET.Sdk.Web") {
      services.push({ name, kind: "web", path: dirname(path), entry: path });
      findings.push(`found web project ${path}`);
    } else if (sdk === "Microsoft.NET.Sdk.Worker") {
      services.push({ name, kind: "worker", path: dirname(path), entry: path });
      findings.push(`found worker project ${path}`);
    }
    const db = /Npgsql/.test(text)
      ? "postgres"
      : /MySql|MySqlConnector/.test(text)
        ? "mysql"
        : /SqlClient|SqlServer/.test(text)
          ? "sqlserver"
          : null;
    if (db && !database) {
      database = db;
      findings.push(`found a ${db} driver in ${path}`);
    }
  }
  if (services.length === 0) return null;
  return {
    findings,
    input: {
      stack: "dotnet",
      ...(targetMajor ? { runtimeVersion: targetMajor } : {}),
      restoreFiles: project.files.filter((f) => RESTORE_INPUTS.test(f) || f.endsWith(".csproj")),
      services,
      ...(database ? { database: { engine: database } } : {}),
    },
  };
}
