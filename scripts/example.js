// npm run example: copies a fixture's small app into ./example (fresh each time) and runs
// `create-ecs-stack init --yes` there, as a user would in their own repository.
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

const fixture = process.argv[2] ?? "node-monorepo";
const target = "example";
rmSync(target, { recursive: true, force: true });
cpSync(`fixtures/${fixture}/app`, target, { recursive: true });
// The one answer a repository cannot hold: the AWS account. 123456789012 is AWS's documentation
// example; a real project passes its own (aws sts get-caller-identity --query Account --output text).
writeFileSync(`${target}/answers.json`, `${JSON.stringify({ aws: { accountId: "123456789012" } })}\n`);
const args = ["bin/create-ecs-stack.js", "init", "--yes", "--config", "answers.json", "--cwd", target];
const run = spawnSync(process.execPath, args, {
  stdio: "inherit",
});
if (run.status === 0)
  console.log(
    `\nThe ${fixture} example stack is in ./${target}. Try: node bin/create-ecs-stack.js check --cwd ${target}`,
  );
process.exitCode = run.status ?? 1;
