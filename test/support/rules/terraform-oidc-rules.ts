/**
 * docs/rules.md 5.12 TF-OIDC-01 as an assertion on every role whose trust names a federated principal: the GitHub OIDC
 * provider, audience sts.amazonaws.com, and a specific subject per allowed job. TF-OIDC-02 (what those roles may
 * do) is in terraform-iam-rules.ts; whether the jobs present those subjects is in workflow-consistency.ts.
 */
import { isPartial, PARTIAL_MARK, Ref } from "./hcl-eval.js";
import { federatedRefs, strings, type Role, type Statement } from "./tf-iam-model.js";
import { problem, show } from "./tf-model.js";

const GITHUB = "token.actions.githubusercontent.com";
/**
 * A specific GitHub subject; the owner/repo part may be an unknown root variable (see TF-OIDC-01 below), or the
 * form with immutable ids, "owner@OWNER_ID/repo@REPO_ID" (docs.github.com, OpenID Connect, "Immutable subject claims").
 */
const SUBJECT =
  /^repo:([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+|[A-Za-z0-9_.-]+@\d+\/[A-Za-z0-9_.-]+@\d+|\$\{\?\}):(ref:refs\/heads\/[A-Za-z0-9_./-]+|environment:[A-Za-z0-9_.-]+|pull_request)$/;

const allowed = (s: Statement) => s.effect === "Allow";

export function checkGithubRoles(all: Role[], out: Set<string>): void {
  // TF-OIDC-01: a role GitHub Actions assumes trusts the token.actions provider, audience sts.amazonaws.com, and a
  // specific subject: repo:OWNER/REPO:(ref:refs/heads/X|environment:X|pull_request), never "*" or repo:X/*. Values
  // are evaluated with what the roots pass ("repo:${var.repository}:environment:${var.environment}" becomes
  // "repo:storefront/storefront:environment:prod"). When the repository comes from a root variable without default
  // it stays "${?}" and is accepted only under StringEquals, where a "*" in it would be a literal, not a wildcard.
  for (const role of all) {
    for (const s of (role.trust ?? []).filter((x) => allowed(x) && x.principals.some((p) => p.type === "Federated"))) {
      const add = (msg: string) => out.add(problem("TF-OIDC-01", s.at, msg, role.i.ctx, s.line));
      if (!strings(s.actions).includes("sts:AssumeRoleWithWebIdentity"))
        add("trust lacks sts:AssumeRoleWithWebIdentity");
      for (const id of federatedRefs([s]))
        if (
          !(id instanceof Ref && /^(data\.)?aws_iam_openid_connect_provider\.[\w-]+\.arn$/.test(id.path)) &&
          !(typeof id === "string" && id.endsWith(`:oidc-provider/${GITHUB}`))
        )
          add(`federated principal ${show(id)} is not the GitHub OIDC provider`);
      const cond = (claim: string) => s.conditions.filter((c) => c.variable === `${GITHUB}:${claim}`);
      for (const c of s.conditions)
        if (typeof c.test !== "string" || /^For(All|Any)Values:/.test(c.test))
          add(`condition test ${show(c.test)} is not allowed`);
      const aud = cond("aud");
      if (
        aud.length !== 1 ||
        aud[0]!.test !== "StringEquals" ||
        JSON.stringify(aud[0]!.values) !== '["sts.amazonaws.com"]'
      )
        add(`aud condition is ${show(aud.map((c) => [c.test, c.values]))}, must be StringEquals ["sts.amazonaws.com"]`);
      const sub = cond("sub");
      if (sub.length === 0) add("no sub condition: any repository could assume the role");
      for (const c of sub) {
        if (c.test !== "StringEquals" && c.test !== "StringLike") add(`sub condition test is ${show(c.test)}`);
        const values = Array.isArray(c.values) ? c.values : [c.values];
        if (values.length === 0) add("sub condition has no values");
        for (const v of values) {
          const ok =
            typeof v === "string" &&
            SUBJECT.test(v) &&
            !(c.test === "StringLike" && /[*?]/.test(v.replace(PARTIAL_MARK, "")));
          const partialUnderLike = isPartial(v) && c.test !== "StringEquals";
          if (!ok || partialUnderLike)
            add(`sub ${show(v)} is not one specific repo:OWNER/REPO:(ref|environment|pull_request) subject`);
        }
      }
    }
  }
}
