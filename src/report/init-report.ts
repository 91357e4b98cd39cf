// How init words what it found, what it will write and what it still needs.
import type { Config } from "../config/normalise.js";
import type { Finding } from "../detect/detect.js";
import { developmentHostPorts } from "../plan/development.js";
import { profileOf } from "../stacks/index.js";
import type { Change } from "../reconcile/reconcile.js";
import { describeChanges } from "./report.js";

/** What the list shows of an open question (init's Ask). */
export interface OpenQuestion {
  key: string;
  why: string;
  flag: string;
  default?: string;
  personOnly?: boolean;
}

export function describeDetection(findings: Finding[], notes: string[]): string {
  return [...findings.map((f) => `found ${f.what} in ${f.file}`), ...notes.map((n) => `note: ${n}`)]
    .map((line) => `${line}\n`)
    .join("");
}

/** One line per open question: what it is, what was proposed, and the flag that answers it. */
export function describeOpenQuestions(asks: OpenQuestion[]): string[] {
  return asks.map((a) => {
    const proposed =
      a.default === undefined
        ? ""
        : ` (${a.personOnly ? "a guess" : "default"}: ${a.default === "" ? "none" : `"${a.default}"`})`;
    return `${a.key}: ${a.why}${proposed}; pass ${a.flag}`;
  });
}

export function describeSummary(config: Config): string {
  const width = Math.max(...config.services.map((s) => s.name.length));
  const hostPorts = developmentHostPorts(config);
  const services = config.services.map((s) => {
    // Where the service is: its project file (.NET), else its folder.
    const where = s.entry && profileOf(config.stack).service.kind === "project-file" ? s.entry : s.path;
    const hostPort = hostPorts.get(s.name);
    const details = [
      s.kind,
      s.port === null ? null : hostPort === s.port ? `port ${s.port}` : `port ${s.port} (locally ${hostPort})`,
      s.framework,
      where === "." ? null : where,
      s.command?.join(" "),
    ];
    return `${s.name.padEnd(width)}  ${details.filter(Boolean).join(", ")}`;
  });
  const backing = (b: { engine: string; version: string | null }) =>
    b.engine === "none" ? "none" : `${b.engine} ${b.version}`;
  const rows: [string, string | string[]][] = [
    ["project", config.project],
    ["stack", `${config.stack} ${config.runtimeVersion}`],
    ["services", services],
    ["database", backing(config.database)],
    ["cache", backing(config.cache)],
    ["AWS", `account ${config.aws.accountId ?? "(not set)"}, region ${config.aws.region}`],
    ["GitHub", config.github.repository ?? "(not set: Terraform asks for it)"],
    ["feed", describeFeed(config.feed)],
  ];
  return `\nSummary:\n${rows
    .map(([label, value]) =>
      (Array.isArray(value) ? value : [value]).map((v, i) => `  ${(i === 0 ? label : "").padEnd(10)}${v}\n`).join(""),
    )
    .join("")}`;
}

/** "codeartifact (domain acme, repository internal)": the strategy and the settings it was given. */
function describeFeed(feed: Config["feed"]): string {
  const settings = Object.entries(feed)
    .filter(
      ([key, value]) =>
        key !== "strategy" && value !== null && value !== false && !(Array.isArray(value) && value.length === 0),
    )
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(", ") : String(value)}`);
  return settings.length > 0 ? `${feed.strategy} (${settings.join("; ")})` : feed.strategy;
}

/** The files a run would write, the config file first. */
export const CONFIRM_WRITE = "Write these files?";

export const describeInitDone = (configFile: string): string =>
  `Wrote ${configFile}. Edit it and run \`create-ecs-stack generate\` to update the files.\n`;

export function describePlannedFiles(changes: Change[], configFile: string): string {
  const written = changes.filter((c) => c.action === "create" || c.action === "update").length + 1;
  return `\nFiles (${written} to write, and the tool's lock and copies in .ecs-stack/):\n  ${"would create".padEnd(26)} ${configFile}\n${describeChanges(changes, true)}\n`;
}
