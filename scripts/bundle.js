// Bundles the compiled CLI (dist/src/cli/main.js, from tsc) into dist/bundle/ with esbuild; that
// bundle is what bin/create-ecs-stack.js runs and what the package ships. Measured with
// `npm run bench`: resolving and loading ~190 small modules (zod, handlebars, diff, ours) one by one
// cost more start-up than the work itself. See ARCHITECTURE.md, "Start-up".
//
// - Each command stays a chunk of its own (splitting), imported when that command runs.
// - Outside the bundle: @inquirer/prompts (init in a terminal only). No formatter is in it: the
//   output is laid out by src/format/ (ARCHITECTURE.md, "Start-up").
// - Templates are compiled by scripts/precompile-templates.js into dist/templates.cjs; their
//   sources are still read from templates/ at run time, to use a compile only while it is current.
// test/bundle.test.ts holds the bundle to the golden files.
import { build } from "esbuild";

await build({
  entryPoints: { "create-ecs-stack": "dist/src/cli/main.js" },
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["@inquirer/prompts"],
  chunkNames: "chunk-[hash]",
  legalComments: "none",
  logLevel: "warning",
});
