// npm run bench: start-up and scaling of the BUILT CLI (bin/create-ecs-stack.js), as CI runs it.
// Times `generate` and `check` on node configs of 1, 10 and 50 services; `check` and re-`generate`
// of every fixture; the first `generate` of a fresh copy of the largest fixture (by config size)
// and `init --yes` on its app; all against `node -e ''` measured in the same rounds (every case
// once per round, so a busy machine slows them all alike), and the peak memory of a 50-service
// generate. Prints only: never fails.
//
//   node scripts/bench.js [--runs 15] [--warmup 2] [--fixtures name,name]
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "bin", "create-ecs-stack.js");
const { values } = parseArgs({
  options: { runs: { type: "string" }, warmup: { type: "string" }, fixtures: { type: "string" } },
});
const RUNS = Number(values.runs ?? process.env.BENCH_RUNS ?? 15);
const WARMUP = Number(values.warmup ?? process.env.BENCH_WARMUP ?? 2);
const SIZES = [1, 10, 50];
const FIXTURES_DIR = join(ROOT, "fixtures");
const configPath = (name) => join(FIXTURES_DIR, name, "ecs-stack.config.json");
const ALL_FIXTURES = readdirSync(FIXTURES_DIR)
  .sort()
  .filter((name) => existsSync(configPath(name)));
const FIXTURES = values.fixtures?.split(",") ?? ALL_FIXTURES;
const LARGEST = ALL_FIXTURES.reduce((a, b) => (statSync(configPath(b)).size > statSync(configPath(a)).size ? b : a));
// Targets of issues 9 and 22.
const STARTUP_BUDGET = 4; // fixture check and re-generate median vs node -e ''
const SCALING_BUDGET = 10; // 50 services vs 1 service
const RSS_BUDGET_MB = 200; // 50-service generate

const ENV = { ...process.env, CI: "true" };
const work = mkdtempSync(join(tmpdir(), "ecs-stack-bench-"));
process.on("uncaughtException", (error) => {
  console.log(`bench: could not finish (${error.message}); not a test, so exit 0.`);
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
});

function nodeConfig(n) {
  return {
    project: "bench",
    stack: "node",
    aws: { accountId: "123456789012" },
    runtimeVersion: "24",
    services: Array.from({ length: n }, (_, i) => ({
      name: `svc-${i + 1}`,
      path: `services/svc-${i + 1}`,
      framework: "express",
      entry: "index.js",
      port: 3001 + i,
    })),
  };
}

function writeProject(dir, config) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "ecs-stack.config.json"), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

function copyFixture(name, dir, { withConfig = true } = {}) {
  const app = join(FIXTURES_DIR, name, "app");
  mkdirSync(dir, { recursive: true });
  if (existsSync(app)) cpSync(app, dir, { recursive: true });
  if (withConfig) cpSync(configPath(name), join(dir, "ecs-stack.config.json"));
  return dir;
}

/** One project per run (warm-ups included), for the cases that start from an empty project. */
const perRun = (make) => Array.from({ length: RUNS + WARMUP }, (_, i) => make(i));

function run(args, { expect = 0 } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env: ENV, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== expect)
    throw new Error(`node ${args.join(" ")} exited ${result.status}, expected ${expect}\n${result.stderr}`);
  return ms;
}

const cli = (...args) => [BIN, ...args];

if (!existsSync(join(ROOT, "dist"))) {
  console.log("bench: dist/ is missing; run `npm run build` first (npm run bench does).");
  process.exit(0);
}

// Each case: a label and a function returning the milliseconds of one run (i: run index).
const cases = [{ label: "node -e ''", time: () => run(["-e", ""]) }];
const freshDirs = new Map();
for (const n of SIZES) {
  const config = nodeConfig(n);
  // generate into a fresh project every run (it writes every file); check in one that is in sync.
  freshDirs.set(
    n,
    perRun((i) => writeProject(join(work, `gen-${n}-${i}`), config)),
  );
  const synced = writeProject(join(work, `check-${n}`), config);
  run(cli("generate", "--cwd", synced));
  cases.push({
    label: `generate ${n} svc (fresh)`,
    key: `generate-${n}`,
    time: (i) => run(cli("generate", "--cwd", freshDirs.get(n)[i])),
  });
  cases.push({ label: `check ${n} svc`, key: `check-${n}`, time: () => run(cli("check", "--cwd", synced)) });
}
for (const name of FIXTURES) {
  const dir = copyFixture(name, join(work, `fixture-${name}`));
  run(cli("generate", "--cwd", dir));
  cases.push({
    label: `check ${name}`,
    key: `check-${name}`,
    fixture: true,
    time: () => run(cli("check", "--cwd", dir)),
  });
  cases.push({
    label: `re-generate ${name}`,
    key: `regenerate-${name}`,
    fixture: true,
    time: () => run(cli("generate", "--cwd", dir)),
  });
}

// The first generate of the largest fixture, and init --yes on its app with no config yet (the
// account is the one answer without a default).
const freshLargest = perRun((i) => copyFixture(LARGEST, join(work, `fresh-${LARGEST}-${i}`)));
cases.push({
  label: `generate ${LARGEST} (fresh)`,
  key: "generate-fresh-fixture",
  time: (i) => run(cli("generate", "--cwd", freshLargest[i])),
});
const initLargest = perRun((i) => copyFixture(LARGEST, join(work, `init-${LARGEST}-${i}`), { withConfig: false }));
cases.push({
  label: `init --yes ${LARGEST}`,
  key: "init-fixture",
  time: (i) => run(cli("--yes", "--aws-account-id", "123456789012", "--cwd", initLargest[i])),
});

const samples = new Map(cases.map((c) => [c.label, []]));
for (let i = 0; i < RUNS + WARMUP; i++) {
  for (const c of cases) {
    const ms = c.time(i);
    if (i >= WARMUP) samples.get(c.label).push(ms);
  }
}

const quantile = (sorted, q) => {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
};
const stats = new Map(
  [...samples].map(([label, xs]) => {
    const s = [...xs].sort((a, b) => a - b);
    return [
      label,
      { median: quantile(s, 0.5), p10: quantile(s, 0.1), p90: quantile(s, 0.9), min: s[0], max: s.at(-1) },
    ];
  }),
);
const baseline = stats.get("node -e ''").median;
const byKey = (key) => stats.get(cases.find((c) => c.key === key).label);

// Peak RSS of a 50-service generate (fresh project): /usr/bin/time when present, else the CLI's
// own process.resourceUsage() read in a wrapper that runs the bin in the same process.
function peakRssKb(dir) {
  if (existsSync("/usr/bin/time")) {
    const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, BIN, "generate", "--cwd", dir], {
      env: ENV,
      encoding: "utf8",
    });
    const kb = Number(r.stderr.trim().split("\n").at(-1));
    if (Number.isFinite(kb) && kb > 0) return { kb, how: "/usr/bin/time -f %M" };
  }
  const wrapper = `process.argv = [process.argv[0], ${JSON.stringify(BIN)}, "generate", "--cwd", ${JSON.stringify(dir)}];
process.on("exit", () => process.stderr.write("\\nmaxRSS " + process.resourceUsage().maxRSS + "\\n"));
await import(${JSON.stringify(pathToFileURL(BIN).href)});`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", wrapper], { env: ENV, encoding: "utf8" });
  return { kb: Number(/maxRSS (\d+)/.exec(r.stderr)?.[1]), how: "process.resourceUsage().maxRSS" };
}
const rssRuns = Array.from({ length: 5 }, (_, i) => peakRssKb(writeProject(join(work, `rss-${i}`), nodeConfig(50))));
const rssMb = rssRuns.map((r) => r.kb / 1024).sort((a, b) => a - b);

// Report.
const f = (ms) => ms.toFixed(0).padStart(5);
const verdict = (ok) => (ok ? "ok" : "OVER BUDGET");
console.log(
  `create-ecs-stack bench: node ${process.version}, ${cpus().length} CPU, ${RUNS} runs after ${WARMUP} warm-ups, ms`,
);
const x = (ms) => (ms / baseline).toFixed(2).padStart(6);
const width = Math.max(...cases.map((c) => c.label.length)) + 1;
console.log(`${"case".padEnd(width)} median   p10   p90   min   max  x node -e'': median   p10   p90`);
for (const c of cases) {
  const s = stats.get(c.label);
  console.log(
    `${c.label.padEnd(width)} ${f(s.median)} ${f(s.p10)} ${f(s.p90)} ${f(s.min)} ${f(s.max)}              ${x(s.median)} ${x(s.p10)} ${x(s.p90)}`,
  );
}
console.log("");
for (const command of ["generate", "check"]) {
  const ratio = byKey(`${command}-50`).median / byKey(`${command}-1`).median;
  console.log(
    `${command} 50 svc / 1 svc: ${ratio.toFixed(2)}x (budget ${SCALING_BUDGET}x) ${verdict(ratio < SCALING_BUDGET)}`,
  );
}
const fixtureCases = cases.filter((c) => c.fixture);
const over = fixtureCases.filter((c) => stats.get(c.label).median / baseline >= STARTUP_BUDGET);
const worst = fixtureCases.reduce((a, b) => (stats.get(b.label).median > stats.get(a.label).median ? b : a));
console.log(
  `fixture check and re-generate / node -e '': ${fixtureCases.length - over.length} of ${fixtureCases.length} medians under ${STARTUP_BUDGET}x, slowest ${worst.label} ${(stats.get(worst.label).median / baseline).toFixed(2)}x ${verdict(over.length === 0)}`,
);
for (const c of over) console.log(`  over: ${c.label} ${(stats.get(c.label).median / baseline).toFixed(2)}x`);
const peak = rssMb.at(-1);
console.log(
  `peak RSS, generate 50 svc: median ${quantile(rssMb, 0.5).toFixed(1)} MB, max ${peak.toFixed(1)} MB of ${rssMb.length} runs (${rssRuns[0].how}; budget ${RSS_BUDGET_MB} MB) ${verdict(peak < RSS_BUDGET_MB)}`,
);

rmSync(work, { recursive: true, force: true });
