/**
 * The feed strategies that keep packages in AWS (docs/rules.md section 2), as assertions over the GitHub roles and the
 * package store. Which store a call uses is what its root passes the module that declares `codeartifact`,
 * `package_bucket` or `package_image` (github-oidc); the roles judged are the GitHub roles of that same call
 * except the Terraform runners (plan, apply), whose managed policies are account-wide by design.
 * - FEED-CA-02: every role that reads CodeArtifact holds the token, endpoint, read and bearer-token permissions.
 * - s3, FEED-NUGET-06: the builds list only below the prefix and read only its objects; only main uploads, and
 *   only when packages are published; no other S3 action, no wildcard; the bucket is never public.
 * - ecr-image, FEED-NUGET-05: pull on the package repository, push only from main and only when packages are
 *   published; a pull-request role touches no other repository; tagged package images never expire.
 * See terraform-rules.ts for the format.
 */
import { isObj, type Val } from "./hcl-eval.js";
import { RUNNER_POLICIES } from "./terraform-iam-rules.js";
import { federatedRefs, roles, statementsOf, strings, type Role, type Statement } from "./tf-iam-model.js";
import { attr, problem, show, valueOf, type Ctx, type TfBlock, type TfModel } from "./tf-model.js";

const CODEARTIFACT_READ = [
  "codeartifact:GetAuthorizationToken",
  "codeartifact:GetRepositoryEndpoint",
  "codeartifact:ReadFromRepository",
  "sts:GetServiceBearerToken",
];
const S3_FEED_ACTIONS = new Set(["s3:ListBucket", "s3:GetObject", "s3:PutObject"]);
const ECR_PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const ECR_PUSH = ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"];

export function checkFeedRules(m: TfModel, out: Set<string>): void {
  const all = roles(m);
  for (const dir of new Set(m.blocks("variable").map((v) => v.dir)))
    for (const ctx of m.contexts(dir)) {
      const ci = all.filter((r) => r.i.ctx === ctx && federatedRefs(r.trust).length > 0 && !isRunner(r));
      if (isObj(ctx.vars.codeartifact ?? null)) checkCodeartifact(ctx, ci, out);
      const bucket = ctx.vars.package_bucket;
      if (isObj(bucket ?? null)) checkBucketAccess(ctx, ci, bucket as Record<string, Val>, out);
      const image = ctx.vars.package_image;
      if (isObj(image ?? null)) {
        checkImageAccess(ctx, ci, image as Record<string, Val>, out);
        checkPackageRepository(m, image as Record<string, Val>, out);
      }
    }
  checkBuckets(m, out);
}

const isRunner = (r: Role) => r.managed.some((a) => typeof a === "string" && RUNNER_POLICIES.test(a));
const allowed = (r: Role) => r.inline.filter((s) => s.effect === "Allow");
const subjects = (r: Role) =>
  (r.trust ?? [])
    .flatMap((s) => s.conditions.filter((c) => /:sub$/.test(String(c.variable))))
    .flatMap((c) => strings(c.values));
/** A role a pull-request job can assume: it runs code nobody has reviewed yet. */
const forPullRequests = (r: Role) => subjects(r).some((s) => s.endsWith(":pull_request"));
const name = (r: Role) => `aws_iam_role.${r.b.block.labels[1]}`;
/** Does the role allow every action on exactly this resource, in one statement or across several? */
const grants = (r: Role, actions: string[], resource: string) =>
  actions.every((a) =>
    allowed(r).some((s) => strings(s.actions).includes(a) && strings(s.resources).includes(resource)),
  );

/** A problem of the whole call, when no one role is to blame: "FEED-X: infra/modules/github-oidc: … (via …)". */
const callProblem = (rule: string, ctx: Ctx, message: string) => `${rule}: ${ctx.dir}: ${message}${ctx.via}`;

function checkCodeartifact(ctx: Ctx, ci: Role[], out: Set<string>): void {
  const readers = ci.filter((r) =>
    allowed(r).some((s) => strings(s.actions).some((a) => a.startsWith("codeartifact:"))),
  );
  if (readers.length === 0) out.add(callProblem("FEED-CA-02", ctx, "no GitHub role reads CodeArtifact"));
  for (const r of readers) {
    const granted = allowed(r).flatMap((s) => strings(s.actions));
    const missing = CODEARTIFACT_READ.filter((a) => !granted.includes(a));
    if (missing.length) out.add(problem("FEED-CA-02", r.b, `lacks ${missing.join(", ")}`, r.i.ctx));
  }
}

function checkBucketAccess(ctx: Ctx, ci: Role[], bucket: Record<string, Val>, out: Set<string>): void {
  const { arn, prefix, publish } = bucket;
  const objects = `${String(arn)}/${String(prefix)}/*`;
  for (const r of ci) {
    const add = (msg: string, s?: Statement) =>
      out.add(problem("FEED-NUGET-06", s?.at ?? r.b, s ? `${name(r)}: ${msg}` : msg, r.i.ctx, s?.line));
    for (const s of allowed(r)) {
      const actions = strings(s.actions).filter((a) => a.startsWith("s3:") || a === "*");
      for (const a of actions.filter((x) => !S3_FEED_ACTIONS.has(x)))
        add(`${a} on the package bucket; the feed needs s3:ListBucket, s3:GetObject and (main) s3:PutObject`, s);
      const resources = strings(s.resources);
      if (actions.some((a) => a === "s3:GetObject" || a === "s3:PutObject") && resources.some((x) => x !== objects))
        add(`object actions on ${show(s.resources)}; only ${objects}`, s);
      if (actions.includes("s3:ListBucket")) {
        const scoped = s.conditions.some(
          (c) =>
            c.test === "StringLike" &&
            c.variable === "s3:prefix" &&
            JSON.stringify(c.values) === JSON.stringify([`${String(prefix)}/*`]),
        );
        if (resources.some((x) => x !== arn) || !scoped)
          add(
            `s3:ListBucket on ${show(s.resources)} must be on ${String(arn)} with s3:prefix StringLike "${String(prefix)}/*"`,
            s,
          );
      }
      if (actions.includes("s3:PutObject") && (forPullRequests(r) || publish !== true))
        add(
          forPullRequests(r) ? "a pull request could overwrite packages" : "uploads, but no packages are published",
          s,
        );
    }
    if (!grants(r, ["s3:ListBucket"], String(arn)) || !grants(r, ["s3:GetObject"], objects))
      add(`cannot sync ${objects}`);
  }
  if (publish === true && !ci.some((r) => !forPullRequests(r) && grants(r, ["s3:PutObject"], objects)))
    out.add(callProblem("FEED-NUGET-06", ctx, `no role of main uploads to ${objects}`));
}

function checkImageAccess(ctx: Ctx, ci: Role[], image: Record<string, Val>, out: Set<string>): void {
  const arn = String(image.repository_arn);
  for (const r of ci) {
    const add = (msg: string, s?: Statement) =>
      out.add(problem("FEED-NUGET-05", s?.at ?? r.b, s ? `${name(r)}: ${msg}` : msg, r.i.ctx, s?.line));
    for (const s of allowed(r)) {
      const actions = strings(s.actions).filter((a) => a.startsWith("ecr:") && a !== "ecr:GetAuthorizationToken");
      if (actions.length === 0) continue;
      const onPackages = strings(s.resources).includes(arn);
      for (const a of actions.filter((x) => onPackages && ![...ECR_PULL, ...ECR_PUSH].includes(x)))
        add(`${a} on the package repository; only pull and (main) push`, s);
      if (forPullRequests(r) && actions.some((a) => ECR_PUSH.includes(a) || a.includes("*")))
        add(`a pull request could push ${show(s.resources)}`, s);
      else if (forPullRequests(r) && strings(s.resources).some((x) => x !== arn))
        add(`pulls ${show(s.resources)}; a pull-request build pulls only ${arn}`, s);
      if (onPackages && image.publish !== true && actions.some((a) => ECR_PUSH.includes(a)))
        add("pushes the package image, but no packages are published", s);
    }
    if (!grants(r, ECR_PULL, arn)) add(`cannot pull ${arn}`);
    if (forPullRequests(r) && !allowed(r).some((s) => strings(s.actions).includes("ecr:GetAuthorizationToken")))
      add("cannot log in to ECR (ecr:GetAuthorizationToken)");
  }
  if (image.publish === true && !ci.some((r) => !forPullRequests(r) && grants(r, [...ECR_PULL, ...ECR_PUSH], arn)))
    out.add(callProblem("FEED-NUGET-05", ctx, `no role of main pushes ${arn}`));
}

/** The package repository, wherever it is created: tagged images never expire (an app pins one). */
function checkPackageRepository(m: TfModel, image: Record<string, Val>, out: Set<string>): void {
  const repoName = /:repository\/(.+)$/.exec(String(image.repository_arn))?.[1];
  for (const b of m.blocks("resource", "aws_ecr_repository"))
    for (const i of m.instances(b).filter((x) => valueOf(b.block.body, "name", x.scope) === repoName)) {
      const me = `aws_ecr_repository.${b.block.labels[1]}`;
      const policies = m
        .blocks("resource", "aws_ecr_lifecycle_policy")
        .filter(
          (p) => p.dir === b.dir && ["repository", "for_each"].some((a) => attr(p.block.body, a)?.expr.includes(me)),
        );
      for (const p of policies)
        for (const pi of m.instances(p).filter((x) => x.ctx === i.ctx)) {
          const policy = valueOf(p.block.body, "policy", pi.scope);
          const rules =
            isObj(policy ?? null) && Array.isArray((policy as Record<string, Val>).rules)
              ? ((policy as Record<string, Val>).rules as Val[])
              : [];
          for (const rule of rules) {
            const tagStatus =
              isObj(rule) && isObj(rule.selection ?? null)
                ? (rule.selection as Record<string, Val>).tagStatus
                : undefined;
            if (isObj(rule) && isObj(rule.action ?? null) && tagStatus !== "untagged")
              out.add(
                problem(
                  "FEED-NUGET-05",
                  p,
                  `${repoName}: a rule expires ${show(tagStatus)} images; an app pins a tag`,
                  pi.ctx,
                ),
              );
          }
        }
    }
}

/** Every bucket the Terraform creates: never public, TLS only, encrypted, versioned (docs/rules.md FEED-NUGET-06). */
function checkBuckets(m: TfModel, out: Set<string>): void {
  for (const b of m.blocks("resource", "aws_s3_bucket"))
    for (const i of m.instances(b)) {
      const add = (msg: string, at: TfBlock = b) => out.add(problem("FEED-NUGET-06", at, msg, i.ctx));
      const me = `aws_s3_bucket.${b.block.labels[1]}`;
      const related = (type: string) =>
        m
          .blocks("resource", type)
          .filter(
            (x) =>
              x.dir === b.dir &&
              new RegExp(`\\b${me.replace(".", "\\.")}\\b`).test(attr(x.block.body, "bucket")?.expr ?? ""),
          )
          .flatMap((x) => m.instances(x).filter((xi) => xi.ctx === i.ctx));
      if (attr(b.block.body, "acl")) add("sets an ACL; ownership is BucketOwnerEnforced, ACLs off");
      for (const acl of related("aws_s3_bucket_acl")) add("has an aws_s3_bucket_acl; ACLs stay off", acl.res);
      const blocks = related("aws_s3_bucket_public_access_block");
      const open = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].filter(
        (a) => !blocks.some((x) => valueOf(x.res.block.body, a, x.scope) === true),
      );
      if (open.length) add(`public access block leaves ${open.join(", ")} off`);
      const owned = related("aws_s3_bucket_ownership_controls").some((x) =>
        x.res.block.body.some(
          (item) =>
            item.kind === "block" &&
            item.type === "rule" &&
            valueOf(item.body, "object_ownership", x.scope) === "BucketOwnerEnforced",
        ),
      );
      if (!owned) add('no ownership controls with object_ownership = "BucketOwnerEnforced"');
      if (related("aws_s3_bucket_server_side_encryption_configuration").length === 0) add("no default encryption");
      const versioned = related("aws_s3_bucket_versioning").some((x) =>
        x.res.block.body.some(
          (item) =>
            item.kind === "block" &&
            item.type === "versioning_configuration" &&
            valueOf(item.body, "status", x.scope) === "Enabled",
        ),
      );
      if (!versioned) add("versioning is not Enabled");
      const statements = related("aws_s3_bucket_policy").flatMap(
        (x) => statementsOf(m, valueOf(x.res.block.body, "policy", x.scope), x.ctx, x.res) ?? [],
      );
      for (const s of statements.filter((x) => x.effect === "Allow"))
        if (s.principals.some((p) => p.type === "*" || strings(p.ids).includes("*")))
          add(`bucket policy allows ${show(s.actions)} to everyone`, s.at);
      const tlsOnly = statements.some(
        (s) =>
          s.effect === "Deny" &&
          s.conditions.some(
            (c) =>
              c.test === "Bool" && c.variable === "aws:SecureTransport" && JSON.stringify(c.values) === '["false"]',
          ),
      );
      if (!tlsOnly) add("no bucket policy denies requests without TLS (aws:SecureTransport false)");
    }
}
