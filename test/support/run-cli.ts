// Runs the CLI in-process with captured streams: fast, and the same code path as the bin.
import { main } from "../../src/cli/main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { cwd: string; interactive?: boolean }): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    cwd: options.cwd,
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    env: {},
    interactive: options.interactive ?? false,
  });
  return { code, stdout, stderr };
}
