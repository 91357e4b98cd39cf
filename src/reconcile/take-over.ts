// Files a repository already has that init takes over through the merge machinery instead of
// refusing them: the repository's text stays as it is, and what the stack needs from our version
// is added at the end. The lock then records our output as the base, so the next `generate`
// three-way merges our later changes into the file as it is on disk, the additions included.

const ADDED = "# Added by create-ecs-stack: what the generated stack needs.";

const VARIABLE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** Their .env.example with every variable of ours it lacks, each with the comment above it in ours. */
export function addMissingVariables(theirs: string, ours: string): { text: string; added: string[] } {
  const known = new Set(theirs.split("\n").flatMap((line) => VARIABLE.exec(line)?.[1] ?? []));
  const blocks: string[][] = [];
  const added: string[] = [];
  let comments: string[] = [];
  for (const line of ours.split("\n")) {
    const name = VARIABLE.exec(line)?.[1];
    if (name === undefined) {
      comments = line.trim() === "" ? [] : [...comments, line];
      continue;
    }
    if (!known.has(name)) {
      blocks.push([...comments, line]);
      added.push(name);
    }
    comments = [];
  }
  return { text: appended(theirs, blocks.map((b) => b.join("\n")).join("\n\n")), added };
}

/** Their .dockerignore with every pattern of ours it lacks (ours keeps secrets and build output out of the context). */
export function addMissingLines(theirs: string, ours: string): { text: string; added: string[] } {
  const known = new Set(theirs.split("\n").map((line) => line.trim()));
  const added = [
    ...new Set(
      ours.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#") && !known.has(line.trim())),
    ),
  ];
  return { text: appended(theirs, added.join("\n")), added };
}

function appended(theirs: string, block: string): string {
  if (block === "") return theirs;
  const body = theirs.endsWith("\n") || theirs === "" ? theirs : `${theirs}\n`;
  return `${body}${body === "" ? "" : "\n"}${ADDED}\n${block}\n`;
}
