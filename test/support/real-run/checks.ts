// The real-run assertions, each a function that throws with the evidence when the image or container is wrong,
// so the seeded-mistake tests can show every one of them failing.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Engine } from "./engine.js";
import { dockerOk } from "./docker.js";
import { findInImage, imagePaths, imageUser } from "./image-contents.js";
import { execIn, isRunning, stopTimed, waitForHttp, type Running } from "./run.js";

/** A clean stop is SIGTERM handled at once; "a few seconds" leaves room for a loaded 2-core machine. */
export const STOP_SECONDS = 5;

export async function checkAnswers(engine: Engine, running: Running, port: number, path: string) {
  return waitForHttp(engine, running, port, path);
}

export async function checkHealthCommand(engine: Engine, name: string, command: string[]) {
  const result = await execIn(engine, name, command);
  if (result.exitCode !== 0)
    throw new Error(
      `the task definition's health check ${JSON.stringify(command)} exited ${result.exitCode}: ${result.output}`,
    );
}

export async function checkNonRoot(engine: Engine, image: string, name: string) {
  const user = await imageUser(engine, image);
  const uid = (await execIn(engine, name, ["id", "-u"])).output.trim();
  if (user === "" || user === "root" || user === "0" || uid === "0")
    throw new Error(`${image} runs as root (Config.User "${user}", id -u ${uid})`);
}

export async function checkStopsFast(engine: Engine, name: string) {
  const seconds = await stopTimed(engine, name);
  if (seconds > STOP_SECONDS)
    throw new Error(`docker stop took ${seconds.toFixed(1)} s: the app does not exit on SIGTERM`);
  return seconds;
}

export async function checkStaysUp(engine: Engine, running: Running, seconds = 4) {
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  if (!(await isRunning(engine, running.name)))
    throw new Error(`${running.name} exited within ${seconds} s:\n${await running.logs()}`);
}

/** The project's package.json files: the root and its workspaces (or the service folders given). */
function manifests(projectDir: string, folders: string[]): { dependencies?: object; devDependencies?: object }[] {
  return ["", ...folders]
    .map((folder) => join(projectDir, folder, "package.json"))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, "utf8")));
}

async function workingDir(engine: Engine, image: string): Promise<string> {
  return (await dockerOk(engine, ["image", "inspect", "-f", "{{.Config.WorkingDir}}", image]))
    .trim()
    .replace(/^\//, "");
}

/** No dev-only dependency (dev in some package.json, production in none) in any node_modules of the app. */
export async function checkNoDevDependencies(engine: Engine, image: string, projectDir: string, folders: string[]) {
  const all = manifests(projectDir, folders);
  const prod = new Set(all.flatMap((m) => Object.keys(m.dependencies ?? {})));
  const devOnly = [...new Set(all.flatMap((m) => Object.keys(m.devDependencies ?? {})))].filter((d) => !prod.has(d));
  const root = await workingDir(engine, image);
  const paths = await imagePaths(engine, image);
  const found = [...paths].filter(
    (p) => p.startsWith(`${root}/`) && devOnly.some((d) => p.endsWith(`node_modules/${d}`)),
  );
  if (found.length > 0) throw new Error(`dev dependencies in ${image}: ${found.join(", ")}`);
  return devOnly;
}

/** No registry file (.npmrc, .yarnrc*) and no .feed folder under the app's folder. */
export async function checkNoRegistryFiles(engine: Engine, image: string) {
  const root = await workingDir(engine, image);
  const paths = await imagePaths(engine, image);
  const found = [...paths].filter(
    (p) =>
      p.startsWith(`${root}/`) && !p.includes("/node_modules/") && /(^|\/)(\.npmrc|\.yarnrc(\.yml)?|\.feed)$/.test(p),
  );
  if (found.length > 0) throw new Error(`registry files or feed folders in ${image}: ${found.join(", ")}`);
}

export async function checkNoToken(engine: Engine, image: string, token: string) {
  const found = await findInImage(engine, image, token);
  if (found.length > 0) throw new Error(`the token is in ${image}: ${found.join(", ")}`);
}
