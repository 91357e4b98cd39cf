// One pair of error types and one handler (in src/cli/main.ts). A UserError is something the
// user can fix: it prints as sentences, never a stack trace, and exits 2. Anything else that
// escapes is a bug: exit 70 with the stack and where to report it.

export class UserError extends Error {
  /** Each problem on its own line: "field: what is wrong; how to fix it". */
  readonly problems: string[];

  constructor(summary: string, problems: string[] = []) {
    super(summary);
    this.name = "UserError";
    this.problems = problems;
  }
}

/** Ctrl-C at a prompt: exit 130, nothing written. */
export class CancelledError extends Error {
  constructor() {
    super("Cancelled; nothing was written.");
    this.name = "CancelledError";
  }
}
