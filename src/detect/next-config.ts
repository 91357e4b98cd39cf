// Next.js: whether next.config asks for the standalone output. The image differs: the standalone
// server carries only the files it traced, while `next start` needs the production dependencies.
// https://nextjs.org/docs/app/api-reference/config/next-config-js/output
import type { Finding, ProjectFiles } from "./project-files.js";
import { found } from "./project-files.js";

// The file names Next.js loads its config from, in its own order (next/dist/shared/lib/constants CONFIG_FILES).
const CONFIG_FILES = ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.mts", "next.config.cjs"];

// `output: "standalone"` as written in an object literal; a config computed at run time (an
// environment variable, a function of the phase) is not read, and counts as not standalone, the
// image that works either way.
const STANDALONE = /\boutput\s*:\s*["'`]standalone["'`]/;

export interface NextOutput {
  standalone: boolean;
  /** The config file read, or null when the app has none. */
  file: string | null;
}

export async function nextOutput(project: ProjectFiles, dir: string): Promise<NextOutput> {
  for (const name of CONFIG_FILES) {
    const file = dir === "." ? name : `${dir}/${name}`;
    const text = await project.read(file);
    if (text !== null) return { standalone: STANDALONE.test(withoutComments(text)), file };
  }
  return { standalone: false, file: null };
}

/** The finding and, without standalone, the note init prints about the image it will build. */
export function describeNextOutput(name: string, output: NextOutput, findings: Finding[], notes: string[]): void {
  if (output.standalone) {
    findings.push(found(`output: "standalone" for "${name}"`, output.file!));
    return;
  }
  const where = output.file ? `${output.file} does not set` : "there is no next.config with";
  notes.push(
    `"${name}": ${where} output: "standalone", so its image runs next start over all production dependencies; standalone output traces only the files the server needs, usually a several times smaller image (set it, then "standalone": true on the service)`,
  );
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}
