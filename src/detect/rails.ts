// Rails: the Ruby version (.ruby-version, the Gemfile's `ruby`, Gemfile.lock), the Rails version,
// the background workers (Sidekiq, Solid Queue) and schedulers, the database and Redis gems, the
// assets pipeline, bootsnap, bin/docker-entrypoint and an existing Dockerfile.
import type { ConfigInput } from "../config/schema.js";
import { feedHint, type FeedHint } from "./feed-hints.js";
import { found, projectNameFrom, type Finding, type ProjectFiles, type StackDetection } from "./project-files.js";

type Service = NonNullable<ConfigInput["services"]>[number];

const gemPattern = (name: string) => new RegExp(`^\\s*gem\\s+["']${name.replace(/[.-]/g, "\\$&")}["']`, "m");
const hasGem = (gemfile: string, name: string) => gemPattern(name).test(gemfile);

export async function detectRails(project: ProjectFiles): Promise<StackDetection | null> {
  const gemfile = await project.read("Gemfile");
  if (gemfile === null || !hasGem(gemfile, "rails")) return null;
  const lock = (await project.read("Gemfile.lock")) ?? "";
  const findings: Finding[] = [];
  const notes: string[] = [];
  const rails = /^ {4}rails \(([\d.]+)\)/m.exec(lock)?.[1];
  findings.push(rails ? found(`Rails ${rails}`, "Gemfile.lock") : found("the rails gem", "Gemfile"));

  const services: Service[] = [{ name: "web", kind: "web" }];
  await backgroundServices(project, gemfile, services, findings, notes);
  const database = hasGem(gemfile, "pg")
    ? "postgres"
    : hasGem(gemfile, "mysql2") || hasGem(gemfile, "trilogy")
      ? "mysql"
      : null;
  if (database) findings.push(found(`the ${database} adapter gem`, "Gemfile"));
  else if (hasGem(gemfile, "sqlite3"))
    notes.push(
      "the app uses SQLite, which keeps data on the task's disk and Fargate discards it: switch to pg or mysql2 to get an RDS database",
    );
  const redis = hasGem(gemfile, "redis") || hasGem(gemfile, "sidekiq");
  if (hasGem(gemfile, "redis")) findings.push(found("the redis gem", "Gemfile"));

  const ruby = await rubyVersion(project, gemfile, lock, findings);
  const gemfileReads = await filesTheGemfileReads(project, gemfile, findings);
  const assetPrecompile = await assetsPipeline(project, gemfile, findings, notes);
  const bootsnap = hasGem(gemfile, "bootsnap");
  if (bootsnap) findings.push(found("bootsnap (precompiled in the image)", "Gemfile"));
  if ((await project.read("bin/docker-entrypoint")) !== null)
    findings.push(found("the entrypoint that prepares the database", "bin/docker-entrypoint"));
  else
    notes.push(
      "bin/docker-entrypoint is missing: the generated Dockerfile runs it (Rails 7.1+ creates it; `bin/rails app:update` adds it)",
    );
  const routes = await project.read("config/routes.rb");
  if (routes !== null && !/rails\/health#show|["']\/?up["']/.test(routes))
    notes.push(
      'config/routes.rb has no /up health route: add `get "up" => "rails/health#show"` or set the web service\'s healthCheckPath',
    );
  const app = /^\s*module\s+([A-Z]\w*)/m.exec((await project.read("config/application.rb")) ?? "")?.[1];
  if (app) findings.push(found(`the application module ${app}`, "config/application.rb"));

  return {
    stack: "rails",
    findings,
    notes,
    feedHints: gemSources(gemfile, findings),
    candidates: [],
    input: {
      ...(app ? { project: projectNameFrom(app) } : {}),
      stack: "rails",
      ...(ruby ? { runtimeVersion: ruby } : {}),
      ...(gemfileReads.length > 0 ? { restoreFiles: ["Gemfile", "Gemfile.lock", ...gemfileReads] } : {}),
      services,
      ...(database ? { database: { engine: database } } : {}),
      // Valkey: ElastiCache runs no Redis newer than 7.1, and Valkey speaks the same protocol.
      ...(redis ? { cache: { engine: "valkey" } } : {}),
      rails: { assetPrecompile, bootsnap },
    },
  };
}

/**
 * Sidekiq runs as a worker. sidekiq-cron and sidekiq-scheduler enqueue their jobs from inside
 * every Sidekiq process (coordinated through Redis), so they need no service of their own;
 * clockwork does: it is its own process, the scheduler.
 */
async function backgroundServices(
  project: ProjectFiles,
  gemfile: string,
  services: Service[],
  findings: Finding[],
  notes: string[],
): Promise<void> {
  if (hasGem(gemfile, "sidekiq")) {
    services.push({ name: "worker", kind: "worker", command: ["bundle", "exec", "sidekiq"] });
    findings.push(found("sidekiq (a worker service running bundle exec sidekiq; it needs Redis)", "Gemfile"));
  } else if (hasGem(gemfile, "solid_queue") && (await project.read("bin/jobs")) !== null) {
    services.push({ name: "worker", kind: "worker", command: ["./bin/jobs"] });
    findings.push(found("solid_queue (a worker service running bin/jobs)", "Gemfile"));
  }
  for (const gem of ["sidekiq-cron", "sidekiq-scheduler"].filter((g) => hasGem(gemfile, g)))
    findings.push(
      found(`${gem} (its schedules run inside the Sidekiq worker; no scheduler service needed)`, "Gemfile"),
    );
  if (hasGem(gemfile, "clockwork")) {
    const clock =
      ["config/clock.rb", "clock.rb", "lib/clock.rb"].find((f) => project.files.includes(f)) ?? "config/clock.rb";
    services.push({ name: "scheduler", kind: "scheduler", command: ["bundle", "exec", "clockwork", clock] });
    findings.push(found(`clockwork (a scheduler service running ${clock})`, "Gemfile"));
  }
  if (hasGem(gemfile, "whenever"))
    notes.push(
      "whenever writes a crontab, which Fargate tasks do not run: move the schedules to a scheduler service or EventBridge",
    );
}

async function rubyVersion(
  project: ProjectFiles,
  gemfile: string,
  lock: string,
  findings: Finding[],
): Promise<string | null> {
  const file = (await project.read(".ruby-version"))?.trim().replace(/^ruby-/, "");
  if (file) {
    findings.push(found(`Ruby ${file}`, ".ruby-version"));
    return file;
  }
  const declared = /^\s*ruby\s+["']([\d.]+)["']/m.exec(gemfile)?.[1];
  if (declared) {
    findings.push(found(`Ruby ${declared}`, "Gemfile"));
    return declared;
  }
  const locked = /^RUBY VERSION\s*\n\s*ruby ([\d.]+)/m.exec(lock)?.[1];
  if (locked) findings.push(found(`Ruby ${locked}`, "Gemfile.lock"));
  return locked ?? null;
}

/**
 * Files Bundler reads while it evaluates the Gemfile, which the image's gem layer must copy before
 * `bundle install`: `ruby file:` (what `rails new` writes since Rails 7.2, rails/rails#51031),
 * `eval_gemfile` and the `*.gemspec` a `gemspec` line loads. https://bundler.io/man/gemfile.5.html
 */
async function filesTheGemfileReads(project: ProjectFiles, gemfile: string, findings: Finding[]): Promise<string[]> {
  const named = [
    ...[...gemfile.matchAll(/^\s*ruby\s+file:\s*["']([^"']+)["']/gm)].map((m) => m[1]!),
    ...[...gemfile.matchAll(/^\s*eval_gemfile\s*\(?\s*["']([^"']+)["']/gm)].map((m) => m[1]!),
    ...(/^\s*gemspec\b/m.test(gemfile) ? project.files.filter((f) => /^[^/]+\.gemspec$/.test(f)) : []),
  ];
  const reads: string[] = [];
  for (const file of named.map((f) => f.replace(/^\.\//, "")))
    if ((await project.read(file)) !== null && !reads.includes(file)) reads.push(file);
  if (reads.length > 0)
    findings.push(found(`the files it reads before bundle install: ${reads.join(", ")}`, "Gemfile"));
  return reads;
}

/** Precompile assets when a pipeline is there and the app is not API-only. */
async function assetsPipeline(
  project: ProjectFiles,
  gemfile: string,
  findings: Finding[],
  notes: string[],
): Promise<boolean> {
  if (/^\s*config\.api_only\s*=\s*true/m.test((await project.read("config/application.rb")) ?? "")) {
    findings.push(found("an API-only app (no assets to precompile)", "config/application.rb"));
    return false;
  }
  const pipeline = ["propshaft", "sprockets-rails", "sprockets"].find((g) => hasGem(gemfile, g));
  if (pipeline) findings.push(found(`the ${pipeline} assets pipeline`, "Gemfile"));
  for (const gem of ["jsbundling-rails", "cssbundling-rails"].filter((g) => hasGem(gemfile, g)))
    notes.push(
      `${gem} builds assets with Node during assets:precompile; the generated Rails image has no Node, so add it to the build stage`,
    );
  return pipeline !== undefined;
}

/** `source "…"` other than rubygems.org, and path gems from sibling folders. */
function gemSources(gemfile: string, findings: Finding[]): FeedHint[] {
  const hints: FeedHint[] = [];
  for (const m of gemfile.matchAll(/^\s*source\s+["']([^"']+)["']/gm)) {
    const hint = feedHint(m[1]!, m[1]!, "Gemfile");
    if (!hint) continue;
    findings.push(found(`the private gem source ${m[1]}`, "Gemfile"));
    hints.push(hint);
  }
  for (const m of gemfile.matchAll(/^\s*gem\s+["']([^"']+)["'][^\n]*\bpath:\s*["'](\.\.\/[^"']+)["']/gm)) {
    findings.push(found(`the gem ${m[1]} from the sibling folder ${m[2]}`, "Gemfile"));
    hints.push(feedHint(m[1]!, m[2]!, "Gemfile")!);
  }
  return hints;
}
