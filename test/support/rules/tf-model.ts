/**
 * The generated Terraform (`infra/**\/*.tf`) as the rules see it: every file scanned by hcl-scan.ts, folders split
 * into roots (infra/global, infra/environments/<env>) and modules (folders some `module` block calls), and each
 * module folder evaluated once per call with the inputs that call passes (hcl-eval.ts). Our layout is modular:
 * `deletion_protection = var.production` only means something with the `production = true` the prod root passes,
 * so a rule looks at every (block, call) pair, an "instance", with `count` / `for_each` expanded.
 */
import { posix } from "node:path";
import { attributesOf, blocksOf, scanHcl, type HclBlock, type HclScan } from "../validators/hcl-scan.js";
import { evaluate, isObj, UNKNOWN, withBindings, type Scope, type Val } from "./hcl-eval.js";
import { attr, EMPTY } from "./tf-helpers.js";

export { attr, mentions, nested, problem, show, valueOf, type Nested } from "./tf-helpers.js";

export interface TfFile {
  path: string;
  text: string;
  scan: HclScan;
}

export interface TfBlock {
  file: TfFile;
  block: HclBlock;
  dir: string;
}

/** One evaluation of a folder: a root on its own, or a module as one `module` block calls it. */
export interface Ctx {
  dir: string;
  /** the root folder at the top of the call chain */
  root: string;
  /** "prod", "staging", "dev" under infra/environments/; undefined for infra/global */
  env?: string;
  vars: Record<string, Val>;
  /** " (via infra/environments/prod/main.tf:84 module.database)" or "" for a root */
  via: string;
  /** the `module` block of this call and the context it is evaluated in */
  call?: { block: TfBlock; ctx: Ctx };
}

export interface Instance {
  res: TfBlock;
  ctx: Ctx;
  scope: Scope;
  /** `count` or `for_each` could not be evaluated: the instance may or may not exist */
  uncertain: boolean;
  /** count.index or each.key; undefined for a single instance */
  key?: Val;
}

export const isProduction = (ctx: Ctx): boolean => ctx.env === "prod" || ctx.env === "production";

export class TfModel {
  readonly files: TfFile[] = [];
  readonly problems: string[] = [];
  readonly raw: Map<string, string>;
  private readonly ctxCache = new Map<string, Ctx[]>();
  private readonly localCache = new WeakMap<Ctx, Map<string, Val>>();

  constructor(files: Map<string, string>) {
    this.raw = files;
    for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      if (!path.startsWith("infra/") || !path.endsWith(".tf")) continue;
      try {
        this.files.push({ path, text, scan: scanHcl(text) });
      } catch (error) {
        this.problems.push(`TF-PARSE: ${path}: ${(error as Error).message}`);
      }
    }
  }

  blocks(kind: string, type?: string): TfBlock[] {
    return this.files.flatMap((file) =>
      blocksOf(file.scan.body, kind)
        .filter((block) => type === undefined || block.labels[0] === type)
        .map((block) => ({ file, block, dir: posix.dirname(file.path) })),
    );
  }

  dirs(): string[] {
    return [...new Set(this.files.map((f) => posix.dirname(f.path)))];
  }

  /** `module` blocks with a local source, and the folder each calls */
  moduleCalls(): { block: TfBlock; target: string }[] {
    return this.blocks("module").flatMap((b) => {
      const source = evaluate(attr(b.block.body, "source")?.expr ?? "null", EMPTY);
      if (typeof source !== "string" || !/^\.\.?\//.test(source)) return [];
      return [{ block: b, target: posix.normalize(posix.join(b.dir, source)) }];
    });
  }

  roots(): string[] {
    const called = new Set(this.moduleCalls().map((c) => c.target));
    return this.dirs().filter((d) => !called.has(d));
  }

  contexts(dir: string, seen: string[] = []): Ctx[] {
    const cached = this.ctxCache.get(dir);
    if (cached) return cached;
    if (seen.includes(dir)) return [];
    const calls = this.moduleCalls().filter((c) => c.target === dir);
    let out: Ctx[];
    if (calls.length === 0) {
      const env = /^infra\/environments\/([^/]+)$/.exec(dir)?.[1];
      out = [{ dir, root: dir, env, vars: this.defaults(dir), via: "" }];
    } else {
      out = calls.flatMap(({ block }) =>
        this.contexts(block.dir, [...seen, dir]).map((caller): Ctx => {
          const scope = this.scope(caller);
          const vars = this.defaults(dir);
          for (const a of attributesOf(block.block.body)) if (a.name in vars) vars[a.name] = evaluate(a.expr, scope);
          const where = `${block.file.path}:${block.block.line} module.${block.block.labels[0]}`;
          return {
            dir,
            root: caller.root,
            env: caller.env,
            vars,
            via: ` (via ${where})`,
            call: { block, ctx: caller },
          };
        }),
      );
    }
    this.ctxCache.set(dir, out);
    return out;
  }

  /** declared variables of a folder with their defaults (UNKNOWN without one) */
  private defaults(dir: string): Record<string, Val> {
    const vars: Record<string, Val> = {};
    for (const b of this.blocks("variable").filter((v) => v.dir === dir)) {
      const def = attr(b.block.body, "default");
      vars[b.block.labels[0]!] = def ? evaluate(def.expr, EMPTY) : UNKNOWN;
    }
    return vars;
  }

  scope(ctx: Ctx): Scope {
    const locals = this.blocks("locals")
      .filter((b) => b.dir === ctx.dir)
      .flatMap((b) => attributesOf(b.block.body));
    let memo = this.localCache.get(ctx);
    if (!memo) this.localCache.set(ctx, (memo = new Map()));
    const cache = memo;
    const scope: Scope = {
      lookup: (root, name) => {
        if (root === "var") return name === undefined ? undefined : name in ctx.vars ? ctx.vars[name] : undefined;
        if (root === "path") return { module: ctx.dir, root: ctx.root, cwd: ctx.root };
        if (root !== "local" || name === undefined) return undefined;
        if (cache.has(name)) return cache.get(name);
        const def = locals.find((l) => l.name === name);
        if (!def) return undefined;
        cache.set(name, UNKNOWN); // a cycle evaluates to UNKNOWN
        const v = evaluate(def.expr, scope);
        cache.set(name, v);
        return v;
      },
      readFile: (path) => this.raw.get(posix.normalize(path)),
    };
    return scope;
  }

  /** every (block, context) pair, `count` / `for_each` expanded; count 0 and empty for_each give none */
  instances(res: TfBlock): Instance[] {
    return this.contexts(res.dir).flatMap((ctx): Instance[] => {
      const scope = this.scope(ctx);
      const count = attr(res.block.body, "count");
      const forEach = attr(res.block.body, "for_each");
      if (count) {
        const n = evaluate(count.expr, scope);
        if (typeof n !== "number")
          return [{ res, ctx, scope: withBindings(scope, { count: { index: UNKNOWN } }), uncertain: true }];
        return Array.from({ length: n }, (_, index) => ({
          res,
          ctx,
          scope: withBindings(scope, { count: { index } }),
          uncertain: false,
          key: index,
        }));
      }
      if (forEach) {
        const v = evaluate(forEach.expr, scope);
        const entries: [Val, Val][] | undefined = Array.isArray(v)
          ? v.map((x) => [x, x])
          : isObj(v)
            ? Object.entries(v)
            : undefined;
        if (!entries)
          return [
            { res, ctx, scope: withBindings(scope, { each: { key: UNKNOWN, value: UNKNOWN } }), uncertain: true },
          ];
        return entries.map(([key, value]) => ({
          res,
          ctx,
          scope: withBindings(scope, { each: { key, value } }),
          uncertain: false,
          key,
        }));
      }
      return [{ res, ctx, scope, uncertain: false }];
    });
  }
}
