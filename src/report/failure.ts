// How a failed run reads on stderr. Kept apart from report.ts, which loads the diff library:
// every command's start-up loads this.
import type { UserError } from "../errors.js";

/** Bad input: the message, then each problem on its own line (naming the field and the fix). */
export const describeUserError = (error: UserError): string =>
  `${error.message}\n${error.problems.map((p) => `  - ${p}\n`).join("")}`;

export const describeCancelled = (error: Error): string => `${error.message}\n`;

export const describeBug = (version: string, detail: string): string =>
  `create-ecs-stack ${version} failed unexpectedly. This is a bug; please report it with the text below.\n${detail}\n`;
