// The suite's table: fixture x Dockerfile -> built / started / answered / seconds, printed when a file ends
// and appended to real-run-timings.md in the system temp folder for the run's record.
import { appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Timing {
  subject: string;
  artifact: string;
  built: boolean;
  started: boolean;
  answered: boolean | "no port";
  seconds: number;
}

export const timings: Timing[] = [];

export function printTimings(title: string) {
  const rows = timings.map(
    (t) =>
      `| ${t.subject} | ${t.artifact} | ${t.built ? "yes" : "NO"} | ${t.started ? "yes" : "NO"} | ${t.answered === "no port" ? "no port" : t.answered ? "yes" : "NO"} | ${t.seconds.toFixed(1)} |`,
  );
  const table = [
    `### ${title}`,
    "| subject | artifact | built | started | answered | seconds |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
  console.log(table);
  appendFileSync(join(tmpdir(), "real-run-timings.md"), `${table}\n\n`);
}
