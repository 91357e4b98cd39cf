// What the .NET image runs, read as a deployer would: the .dll MSBuild really produces, and a
// runtime image that can open a SQL Server connection. (No .NET SDK is reachable here, so these
// are checks of the generated Dockerfile, not of a built image.)
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigValue } from "../src/config/load.js";
import { detectedInput, detectProject } from "../src/detect/detect.js";
import { createStack } from "../src/stack.js";
import { FIXTURES_DIR } from "./support/fixtures.js";

const API = "src/Shop.Api/Shop.Api.csproj";

async function solutionWith(edit: (csproj: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ecs-stack-dotnet-"));
  await cp(join(FIXTURES_DIR, "detect", "dotnet-solution"), dir, { recursive: true });
  await writeFile(join(dir, API), edit(await readFile(join(dir, API), "utf8")));
  return dir;
}

const withProperty = (xml: string) => (csproj: string) =>
  csproj.replace("<ItemGroup>", `<PropertyGroup>\n    ${xml}\n  </PropertyGroup>\n\n  <ItemGroup>`);

function config(overrides: { assembly?: string; database?: string }) {
  return parseConfigValue(
    {
      project: "shop",
      stack: "dotnet",
      aws: { accountId: "123456789012" },
      services: [{ name: "api", path: "src/Shop.Api", entry: API, port: 8080, assembly: overrides.assembly }],
      ...(overrides.database ? { database: { engine: overrides.database } } : {}),
    },
    "test",
  );
}

describe("the assembly the image runs", () => {
  it("is the <AssemblyName> the project sets, found by detection", async () => {
    const dir = await solutionWith(withProperty("<AssemblyName>Shop.Web</AssemblyName>"));
    const input = detectedInput(await detectProject(dir), "dotnet");
    expect(input.services?.find((s) => s.entry === API)).toMatchObject({ assembly: "Shop.Web" });
  });

  it("is left to the default when AssemblyName is $(MSBuildProjectName), and named in a note when unresolvable", async () => {
    const plain = await solutionWith(withProperty("<AssemblyName>$(MSBuildProjectName)</AssemblyName>"));
    const detected = detectedInput(await detectProject(plain), "dotnet").services?.find((s) => s.entry === API);
    expect(detected?.assembly).toBeUndefined();

    const odd = await solutionWith(withProperty("<AssemblyName>$(Company).Api</AssemblyName>"));
    const d = await detectProject(odd);
    expect(d.stacks.find((s) => s.stack === "dotnet")?.notes.join("\n")).toContain(
      "sets <AssemblyName>$(Company).Api</AssemblyName>, which detection cannot resolve",
    );
  });

  it("names the ENTRYPOINT's .dll: the project file's name by default, else the configured assembly", async () => {
    const byDefault = (await createStack(config({}))).get("src/Shop.Api/Dockerfile")!;
    expect(byDefault).toContain('ENTRYPOINT ["dotnet", "Shop.Api.dll"]');
    const named = (await createStack(config({ assembly: "Shop.Web" }))).get("src/Shop.Api/Dockerfile")!;
    expect(named).toContain('ENTRYPOINT ["dotnet", "Shop.Web.dll"]');
  });

  it("refuses a .dll suffix or a path, naming the field", () => {
    const error = (() => {
      try {
        config({ assembly: "Shop.Web.dll/x" });
      } catch (e) {
        return e as { problems?: string[] };
      }
    })();
    expect(error?.problems?.join("\n")).toMatch(/^services\[0\]\.assembly: must be an assembly name/m);
    expect(() => config({ assembly: "Shop.Web.dll" })).toThrow();
  });
});

describe("the runtime image and SQL Server", () => {
  it("is the chiseled image with ICU (-extra) when the app talks to SQL Server, and plain chiseled otherwise", async () => {
    const sql = (await createStack(config({ database: "sqlserver" }))).get("src/Shop.Api/Dockerfile")!;
    expect(sql).toMatch(/^FROM mcr\.microsoft\.com\/dotnet\/aspnet:10\.0-noble-chiseled-extra AS runtime$/m);
    expect(sql).toContain("dotnet/SqlClient#2206");
    const pg = (await createStack(config({ database: "postgres" }))).get("src/Shop.Api/Dockerfile")!;
    expect(pg).toMatch(/^FROM mcr\.microsoft\.com\/dotnet\/aspnet:10\.0-noble-chiseled AS runtime$/m);
  });
});
