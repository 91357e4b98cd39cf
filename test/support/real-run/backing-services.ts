// What a task reaches through its connection secrets, for a single image run: the RDS database and the
// ElastiCache cache become the postgres:17 and redis:8 stand-ins on 127.0.0.1, and the secrets that carry
// their URLs (DATABASE_URL, REDIS_URL: the names the task definitions give them) get URLs that reach them.
// An app whose health path checks its stores then answers as it would on Fargate.
import type { Engine } from "./engine.js";
import { docker, dockerOk } from "./docker.js";

export interface Backing {
  env: Record<string, string>;
  stop: () => Promise<void>;
}

const PASSWORD = "real-run-password";

interface StandIn {
  secret: string;
  name: string;
  args: string[];
  ready: string[];
  url: string;
}

const STAND_INS: StandIn[] = [
  {
    secret: "DATABASE_URL",
    name: "real-run-image-db",
    args: ["-e", "POSTGRES_USER=app", "-e", `POSTGRES_PASSWORD=${PASSWORD}`, "-e", "POSTGRES_DB=app", "postgres:17"],
    ready: ["pg_isready", "-h", "127.0.0.1", "-U", "app", "-d", "app"],
    url: `postgres://app:${PASSWORD}@127.0.0.1:5432/app`,
  },
  {
    secret: "REDIS_URL",
    name: "real-run-image-cache",
    args: ["redis:8"],
    ready: ["redis-cli", "-h", "127.0.0.1", "ping"],
    url: "redis://127.0.0.1:6379/0",
  },
];

/** Starts the stand-ins `env`'s secrets name, waits until they answer, and returns `env` pointed at them. */
export async function startBackingServices(engine: Engine, env: Record<string, string>): Promise<Backing> {
  const started: string[] = [];
  const out = { ...env };
  for (const standIn of STAND_INS.filter((s) => s.secret in env)) {
    await docker(engine, ["rm", "-f", standIn.name]);
    await dockerOk(engine, [
      "run",
      "-d",
      "--pull",
      "never",
      "--network",
      "host",
      "--name",
      standIn.name,
      ...standIn.args,
    ]);
    started.push(standIn.name);
    await waitReady(engine, standIn);
    out[standIn.secret] = standIn.url;
  }
  return {
    env: out,
    stop: async () => {
      for (const name of started) await docker(engine, ["rm", "-f", name]);
    },
  };
}

async function waitReady(engine: Engine, standIn: StandIn): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await docker(engine, ["exec", standIn.name, ...standIn.ready])).exitCode === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  const logs = await docker(engine, ["logs", "--tail", "30", standIn.name]);
  throw new Error(`${standIn.name} did not answer within 60 s:\n${String(logs.all)}`);
}
