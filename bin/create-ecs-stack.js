#!/usr/bin/env node
// The only place that calls process.exit. Runs the compiled CLI from dist/.
import { main } from "../dist/src/cli/main.js";

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI,
});
process.exitCode = code;
