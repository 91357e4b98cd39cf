// Defects of the generated output that the real-run suite has found and that are not fixed yet. Each entry
// turns its test into `it.fails`: the suite stays green while the defect is there and goes red the day it is
// fixed, so the entry is removed with the fix. Keys: "<subject>: <artifact> > <test name>".
export const KNOWN_DEFECTS: Record<string, string> = {
  // A root service with no build step gets `COPY . ./` in its runtime stage, and .dockerignore does not list
  // .npmrc, so the registry file lands in the image (it holds no token: ${FEED_TOKEN?} is read at install time).
  "sample-feed: Dockerfile > keeps no .npmrc or feed folder, and no dev dependencies":
    "runtime stage copies the whole context, .npmrc included",

  // fixtures/node-monorepo/app/frontend has a page but no root layout (app/layout.jsx): `next build` stops with
  // "page.jsx doesn't have a root layout" and `next dev` answers 500. The fixture app, not the Dockerfile.
  ...Object.fromEntries(
    [
      "builds with BuildKit, as CI does",
      "starts with the task definition's environment and answers its health path",
      "runs as a non-root user",
      "stops within a few seconds of docker stop",
      "holds no dev dependencies, registry files, feed folders or token",
    ].map((test) => [`node-monorepo: frontend/Dockerfile > ${test}`, "the fixture's Next app has no root layout"]),
  ),
  "node-monorepo: compose base > builds and starts every service": "the fixture's Next app has no root layout",
  "node-monorepo: compose base > every service is up and answering": "the fixture's Next app has no root layout",
  "node-monorepo: compose base + override > every service is up and answering":
    "the fixture's Next app has no root layout: next dev answers 500",
};

export function knownDefect(key: string): string | undefined {
  return KNOWN_DEFECTS[key];
}
