// npm run example: copies a fixture's small app into ./example (fresh each time) and runs
// `create-ecs-stack init --yes` there, as a user would in their own repository.
import { cpSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";

const fixture = process.argv[2] ?? "node-monorepo";
const target = "example";
rmSync(target, { recursive: true, force: true });
cpSync(`fixtures/${fixture}/app`, target, { recursive: true });
const run = spawnSync(process.execPath, ["bin/create-ecs-stack.js", "init", "--yes", "--cwd", target], {
  stdio: "inherit",
});
if (run.status === 0)
  console.log(
    `\nThe ${fixture} example stack is in ./${target}. Try: node bin/create-ecs-stack.js check --cwd ${target}`,
  );
process.exitCode = run.status ?? 1;
