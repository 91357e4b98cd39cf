import { defineConfig } from "vitest/config";

// The real-run suite (test/real-run/): builds and runs the generated Dockerfiles and compose files on a real
// engine (scripts/real-run/engine.sh, base-images.sh). Containers share the host network, so files run one
// after another and never in parallel: two apps on one port would collide.
export default defineConfig({
  test: {
    include: ["test/real-run/**/*.test.ts"],
    fileParallelism: false,
    sequence: { concurrent: false },
    // A first image build installs dependencies from the registry on a 2-core machine, and the
    // Terraform roots are validated and planned in one hook.
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
