// The world a command sees, passed in so every command runs in a test without a terminal.
export interface Output {
  write(text: string): void;
}

export interface CommandContext {
  cwd: string;
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  /** True when a person can answer prompts. */
  interactive: boolean;
}

/** Exit codes (DESIGN.md): 0 done / in sync, 1 conflicts or drift, 2 bad config or usage, 70 bug, 130 cancelled. */
export const EXIT = { ok: 0, drift: 1, usage: 2, internal: 70, cancelled: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
