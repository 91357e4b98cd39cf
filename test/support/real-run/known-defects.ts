// Defects of the generated output that the real-run suite has found and that are not fixed yet. Each entry
// turns its test into `it.fails`: the suite stays green while the defect is there and goes red the day it is
// fixed, so the entry is removed with the fix. Keys: "<subject>: <artifact> > <test name>".
// None is known today.
export const KNOWN_DEFECTS: Record<string, string> = {};

export function knownDefect(key: string): string | undefined {
  return KNOWN_DEFECTS[key];
}
