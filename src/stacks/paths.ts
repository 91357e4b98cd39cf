// Paths inside the project, as the generated files write them (forward slashes, "." for the root).

/** "apps/api" and "index.js" make "apps/api/index.js"; the root folder "." adds nothing. */
export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== "." && p !== "").join("/") || ".";
}
