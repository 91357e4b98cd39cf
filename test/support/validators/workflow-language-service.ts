/**
 * GitHub's own workflow validator (@actions/languageservice 0.3.61, the engine of the VS Code "GitHub Actions"
 * extension) on one workflow file, fully offline.
 *
 * Problems look like `.github/workflows/deploy.yml:20:11: error: Invalid action input 'aws-region-typo'`. Every
 * diagnostic counts, whatever its severity: warnings such as "Context access might be invalid: NOPE" (an `env.NOPE`
 * nothing defines) or a short-SHA `uses:` ref are real defects in generated output.
 *
 * What it checks: the workflow schema (keys, types, allowed values, `on:` events, cron syntax, permissions scopes),
 * expressions (syntax, functions, contexts allowed at that key, `steps.<id>` / `needs.<job>` / `env.X` that do not
 * exist), `uses:` format, concurrency deadlocks, and, through the metadata provider below, the `with:` inputs of
 * actions: unknown inputs, missing required inputs and deprecated inputs
 * (see validate-action-reference.js in the package).
 *
 * Offline: the extension fetches action.yml from the GitHub API through `actionsMetadataProvider`; nothing in the
 * package itself touches the network (no fetch/http in its dist). We answer from test/data/action-inputs.json.
 * `secrets.*` and `vars.*` are open contexts without a `contextProviderConfig`, so any name is accepted there.
 */
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import type { ActionsMetadataProvider } from "@actions/languageservice";
// A dependency of @actions/languageservice (hoisted to node_modules); its TextDocument is the type `validate` takes.
import { TextDocument } from "vscode-languageserver-textdocument";

type ActionMetadata = NonNullable<Awaited<ReturnType<ActionsMetadataProvider["fetchActionMetadata"]>>>;

interface InputData {
  required?: boolean;
  default?: string;
  deprecationMessage?: string;
}

interface ActionInputsFile {
  _source: Record<string, string>;
  actions: Record<string, { ref: string; inputs: Record<string, InputData> }>;
}

const DATA_FILE = new URL("../../data/action-inputs.json", import.meta.url);
const data = JSON.parse(readFileSync(DATA_FILE, "utf8")) as ActionInputsFile;

/** Actions whose `with:` inputs are checked (`owner/name`, lower case). */
export const ACTIONS_WITH_INPUT_DATA: readonly string[] = Object.keys(data.actions).map((k) => k.toLowerCase());

/** LSP DiagnosticSeverity: 1 = Error, 2 = Warning, 3 = Information, 4 = Hint. Parser errors carry none. */
const SEVERITY_NAMES: Record<number, string> = { 1: "error", 2: "warning", 3: "info", 4: "hint" };

/**
 * @actions/workflow-parser 0.3.61 imports its schema as `import WorkflowSchema from "../workflow-v1.0.min.json"`
 * without `with { type: "json" }`, and @actions/languageservice its descriptions the same way. Node rejects that
 * (ERR_IMPORT_ATTRIBUTE_MISSING; open upstream bug https://github.com/actions/languageservices/issues/387) and vitest
 * leaves node_modules to Node. A module load hook adds the attribute to JSON under node_modules/@actions/ only, and
 * the service is imported lazily, after the hook. (`test.server.deps.inline: [/@actions\//]` in vitest.config.ts
 * would also do, but only under vitest.)
 */
const JSON_ATTRIBUTE_HOOK = `export async function load(url, context, nextLoad) {
  if (url.includes("/node_modules/@actions/") && url.endsWith(".json") && !context.importAttributes?.type) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  }
  return nextLoad(url, context);
}`;

let languageService: Promise<typeof import("@actions/languageservice")> | undefined;

function loadLanguageService() {
  languageService ??= (async () => {
    register(`data:text/javascript,${encodeURIComponent(JSON_ATTRIBUTE_HOOK)}`);
    return import("@actions/languageservice");
  })();
  return languageService;
}

let queue: Promise<unknown> = Promise.resolve();

/** One validation at a time: the service keeps global state (the caches and the logger below). */
export function validateWorkflow(path: string, text: string): Promise<string[]> {
  const result = queue.then(() => validateNow(path, text));
  queue = result.catch(() => undefined);
  return result;
}

async function validateNow(path: string, text: string): Promise<string[]> {
  const { validate, registerLogger } = await loadLanguageService();
  const { clearCacheEntry } = await import("@actions/languageservice/utils/workflow-cache");
  // The uri decides workflow vs action.yml validation (isActionDocument looks at the file name).
  const uri = pathToFileURL(path).href;
  // Parse results are cached by uri, not content (the editor clears an entry when a document changes), so a second
  // text at the same path, e.g. the next scenario's deploy.yml, would be judged by the first one's diagnostics.
  clearCacheEntry(uri);
  // validate() catches its own exceptions, logs "Unhandled error while validating" and returns []: a pass. Count it.
  const internalErrors: string[] = [];
  const collect = (message: string) => internalErrors.push(`${path}: language service failed: ${message}`);
  registerLogger({ error: collect, warn: collect, info: () => {}, log: () => {} });
  try {
    const doc = TextDocument.create(uri, "yaml", 1, text);
    const diagnostics = await validate(doc, { actionsMetadataProvider: offlineMetadataProvider });
    return [...internalErrors, ...diagnostics.sort(byPosition).map((d) => format(path, d))];
  } finally {
    clearCacheEntry(uri);
  }
}

type Diagnostic = Awaited<ReturnType<typeof import("@actions/languageservice").validate>>[number];

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function format(path: string, d: Diagnostic): string {
  const where = `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
  const severity = SEVERITY_NAMES[d.severity ?? 1] ?? "error";
  const code = d.code === undefined ? "" : ` [${d.code}]`;
  return `${where}: ${severity}: ${d.message}${code}`;
}

/**
 * Metadata by `owner/name[/path]`, whatever the ref: generated workflows pin 40-hex SHAs, which no table is keyed by,
 * and the input list changes far less often than the major.
 *
 * An action missing from the data file gets metadata without `inputs`, which the service treats as "nothing to check"
 * (validateActionInputs returns early). Returning `undefined` instead would make it report
 * "Unable to resolve action ..., repository or version not found" for every docker/* or hashicorp/* step, which is a
 * statement about our data file, not about the workflow. ACTIONS_WITH_INPUT_DATA says which actions are covered.
 */
const offlineMetadataProvider: ActionsMetadataProvider = {
  async fetchActionMetadata(action) {
    const key = [action.owner, action.name, action.path].filter(Boolean).join("/").toLowerCase();
    const entry = Object.entries(data.actions).find(([name]) => name.toLowerCase() === key)?.[1];
    const metadata: ActionMetadata = { name: key, description: "" };
    if (!entry) return metadata;
    metadata.inputs = Object.fromEntries(
      Object.entries(entry.inputs).map(([name, input]) => [name, { description: "", ...input }]),
    );
    return metadata;
  },
};
