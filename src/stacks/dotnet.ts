// .NET (ASP.NET Core): what the tool generates for a .NET app, and why.
import { NAMELESS_HOME, type StackProfile } from "./profile.js";

/**
 * Chiseled images have no ICU and run in invariant-globalization mode; the -extra variant adds
 * ICU and tzdata. Source: dotnet/dotnet-docker documentation/ubuntu-chiseled.md, checked 2026-12-03.
 */
export type DotnetChiseled = "noble-chiseled" | "noble-chiseled-extra";

// mcr.microsoft.com/dotnet: sdk and aspnet tags per major; .NET 10 images are Ubuntu 24.04 (noble),
// and chiseled runtime images have no shell and run as the non-root "app" user (UID 1654).
// Source: dotnet/dotnet-docker README.aspnet.md and documentation/ubuntu-chiseled.md, checked 2026-11-22.
export const DOTNET_IMAGES = {
  sdk: (major: string) => `mcr.microsoft.com/dotnet/sdk:${major}`,
  aspnet: (major: string, variant: DotnetChiseled) => `mcr.microsoft.com/dotnet/aspnet:${major}-${variant}`,
  // Worker services (Microsoft.NET.Sdk.Worker) need the runtime without ASP.NET Core.
  runtime: (major: string, variant: DotnetChiseled) => `mcr.microsoft.com/dotnet/runtime:${major}-${variant}`,
} as const;

/**
 * Restore a package with the given nuget.config (nuget.org plus the package folder, so it
 * restores the packages packed before it, whatever nuget.config its own repository carries), then
 * pack it into the folder. The Dockerfile's packages stage and CI's pack steps run the same pair.
 */
export function dotnetPackCommands(target: string, configFile: string, output: string): [string, string] {
  return [
    `dotnet restore ${target} --configfile ${configFile}`,
    `dotnet pack ${target} --no-restore -c Release -o ${output}`,
  ];
}

const unique = (items: string[]) => [...new Set(items)];

export const DOTNET: StackProfile = {
  label: ".NET (ASP.NET Core)",
  defaults: {
    // .NET 10 is the LTS; 8 and 9 reached end of support on 2026-11-10 (docs/rules.md section 0).
    runtimeVersion: "10.0",
    supportedVersions: /^(8|9|10)\.0$/,
    supportedVersionsHint: '"10.0" (LTS), or "8.0" / "9.0" (end of support)',
    endOfLife: { "8.0": "2026-11-10", "9.0": "2026-11-10" },
    // ASP.NET Core images listen on 8080 since .NET 8 (docs/rules.md DF-NET-05).
    port: 8080,
    healthCheckPath: "/healthz",
    // EF Core migrations need a bundle or the app's own command; neither is in the image by default.
    migrateCommand: null,
    framework: null,
    packageManager: null,
    pythonOptions: null,
    railsOptions: null,
  },
  service: { kind: "project-file", extension: ".csproj", example: "src/Api/Api.csproj" },
  // ASP.NET Core's own variable for the ports Kestrel binds (learn.microsoft.com/aspnet/core/fundamentals/servers/kestrel/endpoints).
  portVariable: "ASPNETCORE_HTTP_PORTS",
  // `ConnectionStrings__Default` is configuration key ConnectionStrings:Default, which
  // GetConnectionString("Default") reads (learn.microsoft.com/aspnet/core/fundamentals/configuration).
  connection: {
    databaseVariable: "ConnectionStrings__Default",
    cacheVariable: "ConnectionStrings__Cache",
    form: "connection-string",
    secretKey: "connection_string",
    postgresScheme: "postgres",
    mysqlScheme: "mysql",
    postgresSslMode: "require",
  },
  // Chiseled .NET images have no shell and no curl, so the load balancer's check is the one.
  healthCheck: null,
  // Each service's project file; detection adds the files its restore reads (Directory.Build.props, …).
  restoreFiles: (services) => unique(services.map((s) => s.entry).filter((e): e is string => e !== null)),
  development: {
    output: "bin/, obj/",
    plan: ({ service }) => ({
      target: "build",
      buildArgs: [],
      entrypoint: null,
      command: service.devCommand ?? ["dotnet", "watch", "--project", service.entry!, "run", "--no-launch-profile"],
      volumes: [".:/src"],
      environment: [
        { key: "ASPNETCORE_ENVIRONMENT", value: "Development" },
        { key: "DOTNET_USE_POLLING_FILE_WATCHER", value: "true" },
        NAMELESS_HOME,
      ],
    }),
  },
  testJob: ({ runtimeVersion, testCommand, restoreConfigFile }) => ({
    image: DOTNET_IMAGES.sdk(runtimeVersion),
    env: [{ key: "DOTNET_CLI_TELEMETRY_OPTOUT", value: "1" }],
    steps: [
      // A nuget.config away from the root (feed.configFile) is not one NuGet finds by itself.
      {
        name: "Restore",
        run: restoreConfigFile ? `dotnet restore --configfile ${restoreConfigFile}` : "dotnet restore",
      },
      { name: "Test", run: testCommand ?? "dotnet test --no-restore" },
    ],
    backingServices: false,
    workingDirectory: null,
  }),
  feed: {
    strategies: {
      none: "nuget.org only: the build never sees a private source",
      source: "build the internal packages from sibling repositories in the image build (named build contexts)",
      codeartifact:
        "an AWS CodeArtifact NuGet repository, with a token the CI role fetches (optional upstream to nuget.org)",
      "github-packages": "GitHub Packages (NuGet), read with the workflow's GITHUB_TOKEN",
      s3: ".nupkg files in an S3 bucket, synced by CI (with a read-only role) into a local folder source",
      "ci-artifacts": "packages built by a workflow job and handed to the image build as an artifact (a local folder)",
      "ecr-image": ".nupkg files shipped in an image in ECR and copied in with COPY --from",
    },
    unavailableReason: "it does not apply",
    publicRegistry: "nuget.org",
    source: "packed-siblings",
    registryFile: { name: "nuget.config", format: "nuget", forFolders: true },
    credential: "feed-token",
    // NuGet reads the v3 service index below the repository's endpoint (docs/rules.md FEED-NUGET-07).
    codeartifact: { format: "nuget", url: (endpoint) => `${endpoint}v3/index.json` },
    // nuget.pkg.github.com/OWNER/index.json (docs/rules.md FEED-NUGET-08).
    githubPackages: { host: "nuget.pkg.github.com", url: (host, owner) => `https://${host}/${owner}/index.json` },
    pack: {
      fromAppCheckout: true,
      command: ({ target, configFile, output }) => dotnetPackCommands(`../${target}`, configFile!, output).join(" && "),
    },
    folderConsumption: (registryFile, folder) =>
      `\`${registryFile}\` lists nuget.org and the folder source \`${folder}\`, with source mapping so the internal package ids come only from the folder`,
    npmScope: false,
    packagePatterns: true,
    packProject: true,
  },
};
