#!/usr/bin/env node
// The only place that calls process.exit. Runs the bundled CLI (dist/bundle/, built by
// `npm run build` from the compiled dist/src/ with scripts/bundle.js).
import { main } from "../dist/bundle/create-ecs-stack.js";

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI,
});
process.exitCode = code;
