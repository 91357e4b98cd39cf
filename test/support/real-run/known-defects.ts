// Defects of the generated output that the real-run suite has found and that are not fixed yet. Each entry
// turns its test into `it.fails`: the suite stays green while the defect is there and goes red the day it is
// fixed, so the entry is removed with the fix. Keys: "<subject>: <artifact> > <test name>".
export const KNOWN_DEFECTS: Record<string, string> = {
  // A root service with no build step gets `COPY . ./` in its runtime stage, and .dockerignore does not list
  // .npmrc, so the registry file lands in the image (it holds no token: ${FEED_TOKEN?} is read at install time).
  "sample-feed: Dockerfile > keeps no .npmrc or feed folder, and no dev dependencies":
    "runtime stage copies the whole context, .npmrc included",
};

export function knownDefect(key: string): string | undefined {
  return KNOWN_DEFECTS[key];
}
