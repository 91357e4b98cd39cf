// Every image the generated files pin, in one table, with where the tag was checked and when.
// An upgrade is one reviewed diff here plus the golden files it changes.

export const IMAGES = {
  // mcr.microsoft.com/dotnet: sdk and aspnet tags per major; .NET 10 images are Ubuntu 24.04 (noble),
  // and chiseled runtime images have no shell and run as the non-root "app" user (UID 1654).
  // Source: dotnet/dotnet-docker README.aspnet.md and documentation/ubuntu-chiseled.md, checked 2026-11-22.
  dotnetSdk: (major: string) => `mcr.microsoft.com/dotnet/sdk:${major}`,
  dotnetAspnet: (major: string) => `mcr.microsoft.com/dotnet/aspnet:${major}-noble-chiseled`,
  // Worker services (Microsoft.NET.Sdk.Worker) need the runtime without ASP.NET Core.
  dotnetRuntime: (major: string) => `mcr.microsoft.com/dotnet/runtime:${major}-noble-chiseled`,
  // Docker Official Image "node": LTS majors 22/24/26 with -slim (Debian). Checked 2026-11-22.
  node: (major: string) => `node:${major}-slim`,
  // Docker Official Image "ruby": <version>-slim, as in Rails' own Dockerfile template. Checked 2026-11-22.
  ruby: "docker.io/library/ruby:$RUBY_VERSION-slim",
  // Local development containers; majors match what Terraform provisions (RDS / ElastiCache).
  postgres: (major: string) => `postgres:${major}`,
  mysql: (version: string) => `mysql:${version}`,
  // SQL Server 2022 for Linux; the tools live in /opt/mssql-tools18 since CU14.
  sqlserver: (version: string) => `mcr.microsoft.com/mssql/server:${version}-latest`,
  redis: (major: string) => `redis:${major}`,
  valkey: (major: string) => `valkey/valkey:${major}`,
} as const;
