// The test copy of a generated Dockerfile: the few changes this machine's BuildKit needs, each one named so the
// suite can print it (CONTRIBUTING.md lists them with the reasons). Everything else is built as generated.

export interface TestCopy {
  text: string;
  changes: string[];
}

/**
 * 1. `# syntax=...` is dropped: the frontend image it names cannot be pulled here; the engine's built-in
 *    Dockerfile frontend builds the same instructions.
 * 2. `--mount=type=secret,id=ID,env=NAME`: the `env=` option came with Dockerfile frontend 1.10
 *    (https://docs.docker.com/reference/dockerfile/#run---mounttypesecret); the built-in frontend of
 *    BuildKit 0.13 (dockerd 26) lacks it. The copy mounts the secret as a file and exports
 *    NAME="$(cat /run/secrets/ID)" for the same RUN, which is what `env=` does.
 * 3. `FROM name:tag@sha256:...` loses its digest: the base is a stand-in made here under the same tag
 *    (scripts/real-run/base-images.sh), and a local image has no registry digest to match.
 */
export function dockerfileTestCopy(text: string): TestCopy {
  const changes: string[] = [];
  let out = text.replace(/^# syntax=.*\n/m, (line) => {
    changes.push(`dropped "${line.trim()}"`);
    return "";
  });
  out = rewriteSecretEnv(out, changes);
  out = out.replace(/^(FROM \S+?)@sha256:[0-9a-f]{64}/gm, (from, image: string) => {
    changes.push(`dropped the digest of "${image.slice(5)}"`);
    return image;
  });
  return { text: out, changes };
}

/** Each RUN instruction (with its continuation lines) whose secret mounts use env=. */
function rewriteSecretEnv(text: string, changes: string[]): string {
  return text.replace(/^RUN (?:.*\\\n)*.*$/gm, (run) => {
    const exports: string[] = [];
    let rewritten = run.replace(/--mount=type=secret,([^\s]*)/g, (mount, options: string) => {
      const parts = options.split(",");
      const id = parts.find((p) => p.startsWith("id="))?.slice(3);
      const env = parts.find((p) => p.startsWith("env="))?.slice(4);
      if (!id || !env) return mount;
      exports.push(`export ${env}="$(cat /run/secrets/${id})"`);
      return `--mount=type=secret,${parts.filter((p) => !p.startsWith("env=")).join(",")}`;
    });
    if (exports.length === 0) return run;
    // The command starts on the first line that is not a --mount option.
    const runLines = rewritten.split("\n");
    const first = runLines.findIndex((line, i) => !(i === 0 ? line.slice(4) : line).trim().startsWith("--mount="));
    const indent = /^\s*/.exec(runLines[first] ?? "")?.[0] ?? "";
    runLines[first] = `${indent}${exports.join(" && ")} && \\\n${runLines[first]}`;
    rewritten = runLines.join("\n");
    changes.push(`secret mount env= replaced by ${exports.join("; ")}`);
    return rewritten;
  });
}
