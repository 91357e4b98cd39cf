// Rails: the Gemfile (rails, sidekiq, database and redis gems, bootsnap, assets), .ruby-version.
import type { ConfigInput } from "../config/schema.js";
import type { Detection, ProjectFiles } from "./detect.js";

const hasGem = (gemfile: string, name: string) => new RegExp(`^\\s*gem\\s+["']${name}["']`, "m").test(gemfile);

export async function detectRails(project: ProjectFiles): Promise<Detection | null> {
  const gemfile = await project.read("Gemfile");
  if (gemfile === null || !hasGem(gemfile, "rails")) return null;
  const findings = ["found rails in Gemfile"];
  const services: NonNullable<ConfigInput["services"]> = [{ name: "web", kind: "web" }];
  if (hasGem(gemfile, "sidekiq")) {
    services.push({ name: "worker", kind: "worker", command: ["bundle", "exec", "sidekiq"] });
    findings.push("found sidekiq in Gemfile");
  }
  const database = hasGem(gemfile, "pg") ? "postgres" : hasGem(gemfile, "mysql2") ? "mysql" : null;
  if (database) findings.push(`found the ${database} adapter in Gemfile`);
  const redis = hasGem(gemfile, "redis") || hasGem(gemfile, "sidekiq");
  if (redis) findings.push("found redis (or sidekiq, which needs it) in Gemfile");
  const ruby = (await project.read(".ruby-version"))?.trim().replace(/^ruby-/, "");
  if (ruby) findings.push(`found Ruby ${ruby} in .ruby-version`);
  const assets = hasGem(gemfile, "propshaft") || hasGem(gemfile, "sprockets-rails");
  return {
    findings,
    input: {
      stack: "rails",
      ...(ruby ? { runtimeVersion: ruby } : {}),
      services,
      ...(database ? { database: { engine: database } } : {}),
      ...(redis ? { cache: { engine: "redis" } } : {}),
      rails: { assetPrecompile: assets, bootsnap: hasGem(gemfile, "bootsnap") },
    },
  };
}
