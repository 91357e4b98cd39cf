#!/usr/bin/env node
// The only place that calls process.exit. Runs the bundled CLI (dist/bundle/, built by
// `npm run build` from the compiled dist/src/ with scripts/bundle.js).
import { main } from "../dist/bundle/create-ecs-stack.js";

// `create-ecs-stack diff | head`: the reader has what it wanted and closed the pipe. The rest of
// the output has nowhere to go; that is not a failure of the command, whose exit code stands.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI,
});
process.exitCode = code;
