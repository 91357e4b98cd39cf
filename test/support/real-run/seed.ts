// Builds and starts a deliberately broken copy of a generated Dockerfile (one edit), so a test can show that a
// real-run check catches that mistake.
import { buildImage } from "./build.js";
import type { BuildSpec } from "./build-specs.js";
import type { Engine } from "./engine.js";
import { runContainer, type Running } from "./run.js";
import type { Subject } from "./subjects.js";
import { containerRun, type ContainerRun } from "./task-definition.js";

export interface Seeded {
  tag: string;
  running: Running;
  run: ContainerRun;
}

/** Replaces `from` (which must occur) in the test copy; a seeded mistake that does not apply is a broken test. */
export function replacing(from: string | RegExp, to: string) {
  return (text: string) => {
    const out = text.replace(from, to);
    if (out === text) throw new Error(`seeded mistake: ${String(from)} not found in:\n${text}`);
    return out;
  };
}

export async function buildAndStartSeeded(
  engine: Engine,
  subject: Subject,
  spec: BuildSpec,
  label: string,
  edit: (text: string) => string,
  secrets: Record<string, string> = {},
): Promise<Seeded> {
  // A secret is not part of BuildKit's cache key: with a new token, a cached step would still hold the old one.
  const noCache = Object.keys(secrets).length > 0;
  const tag = `real-run/seeded-${label}:test`;
  const result = await buildImage(engine, subject.dir, spec, { tag, edit, secrets, noCache });
  if (!result.ok) throw new Error(`seeded build ${label} failed:\n${result.output.slice(-2000)}`);
  const run = await containerRun(subject.dir, spec.name);
  const running = await runContainer(engine, tag, `real-run-seeded-${label}`, run.env);
  return { tag, running, run };
}
