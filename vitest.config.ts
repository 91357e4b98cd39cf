import { defineConfig } from "vitest/config";

// Two projects. `fast` runs from src/ through vitest's transform: no build, no child process, no program
// outside node_modules; `npm run test:fast` runs it alone, the inner loop while editing. `slow` holds the
// files that need one of those: the build (dist/, bin/: bin, bundle, pack, plop, templates-precompiled), a
// validator that runs a program (docker-compose, shellcheck, terraform, actionlint's workflow checks), bash
// running generated scripts, git, or tmux. `npm test` builds and runs both. A new file is fast unless listed
// here; test/test-projects.test.ts fails when a fast file reaches for the build or a child process.
export const SLOW_FILES = [
  "test/bin.test.ts",
  "test/bundle.test.ts",
  "test/ci-test-job.test.ts",
  "test/deploy-after-terraform.test.ts",
  "test/deploy-migrate.test.ts",
  "test/deploy-rerun.test.ts",
  "test/deploy-schedule.test.ts",
  "test/development-user-compose.test.ts",
  "test/docs.test.ts",
  "test/init-own-files.test.ts",
  "test/interactive.test.ts",
  "test/output-validity.test.ts",
  "test/output-workflows.test.ts",
  "test/pack.test.ts",
  "test/plop.test.ts",
  "test/rails-development.test.ts",
  "test/regenerate.test.ts",
  "test/releases.test.ts",
  "test/start-environment-steps.test.ts",
  "test/templates-precompiled.test.ts",
  "test/terraform-fmt.test.ts",
  "test/validators-infra.test.ts",
  "test/validators-workflows.test.ts",
  "test/validators.test.ts",
];

export default defineConfig({
  test: {
    // Validators shell out to shellcheck and docker-compose; give them room on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Both cores: vitest's default leaves one to its main process (availableParallelism - 1), which on a
    // 2-core machine runs every file one after another while the main process mostly waits.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          include: ["test/**/*.test.ts"],
          // Needs a Docker engine and minutes: its own command, `npm run test:real-run` (vitest.real-run.config.ts).
          exclude: ["test/real-run/**", "**/node_modules/**", ...SLOW_FILES],
          // Files share a worker's modules, so test/support/generated.ts generates each fixture once per
          // worker rather than once per file that reads it (and each file skips re-importing src/).
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: "slow", include: SLOW_FILES },
      },
    ],
  },
});
