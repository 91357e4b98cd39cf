import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Needs a Docker engine and minutes: its own command, `npm run test:real-run` (vitest.real-run.config.ts).
    exclude: ["test/real-run/**", "**/node_modules/**"],
    // Validators shell out to shellcheck and docker-compose; give them room on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
