// Just enough of IAM's policy evaluation to ask what a generated role may do: an explicit Deny wins,
// then any Allow whose action, resource and conditions match; else the request is implicitly denied.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// Values Terraform only knows at apply time (a partition, an account id, another resource's ARN)
// stay as written: `${...}` text matches anything, and a reference matches the same reference.
import { Ref, type Val } from "./rules/hcl-values.js";
import type { Role, Statement } from "./rules/tf-iam-model.js";

export interface Request {
  action: string;
  resource: string;
  /** Condition keys of the request, such as iam:PermissionsBoundary; a Ref stands for a resource's ARN. */
  context?: Record<string, string | Ref>;
}

export type Decision = "allow" | "explicit deny" | "implicit deny";

/**
 * The AWS managed policies the generated roles attach, as far as IAM actions go. PowerUserAccess
 * allows everything but IAM, Organizations and Account, plus a few IAM actions; ReadOnlyAccess's
 * IAM part is Get and List. Source: AWS Managed Policy Reference, PowerUserAccess and
 * ReadOnlyAccess (docs.aws.amazon.com/aws-managed-policy/latest/reference/), checked 2026-12-03.
 */
const MANAGED: Record<string, (action: string) => boolean> = {
  PowerUserAccess: (action) =>
    !/^(iam|organizations|account):/.test(action) ||
    ["iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles"].includes(action),
  // Its SSM, Secrets Manager and KMS parts too: ssm Describe/Get/List (GetParameter with decryption
  // included), Secrets Manager's metadata only (no GetSecretValue), KMS Describe/Get/List (no Decrypt).
  ReadOnlyAccess: (action) =>
    /^iam:(Get|List)/.test(action) ||
    /^ssm:(Describe|Get|List)/.test(action) ||
    /^secretsmanager:(DescribeSecret|GetResourcePolicy|List)/.test(action) ||
    /^kms:(Describe|Get|List)/.test(action),
};

const text = (v: Val): string => (typeof v === "string" ? v : v instanceof Ref ? v.path : JSON.stringify(v));
const list = (v: Val): Val[] => (Array.isArray(v) ? v : [v]);

/** IAM wildcards (`*`, `?`), with unresolved `${...}` parts matching anything. */
function like(pattern: string, value: string): boolean {
  const source = pattern
    .split(/(\$\{[^}]*\})/)
    .map((part) =>
      part.startsWith("${")
        ? ".*"
        : part
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replaceAll("*", ".*")
            .replaceAll("?", "."),
    )
    .join("");
  return new RegExp(`^${source}$`, "i").test(value);
}

function conditionsHold(s: Statement, context: Record<string, string | Ref>): boolean {
  return s.conditions.every((c) => {
    const key = text(c.variable);
    const actual = context[key];
    if (actual === undefined) return false;
    const wanted = list(c.values);
    if (actual instanceof Ref) return wanted.some((v) => v instanceof Ref && v.path === actual.path);
    const test = text(c.test);
    return wanted.some((v) =>
      /Like$/.test(test) ? like(text(v), actual) : typeof v === "string" && (v === actual || like(v, actual)),
    );
  });
}

function actionMatches(s: Statement, action: string): boolean {
  const actions = list(s.actions).map(text);
  const notActions = list(s.notActions).map(text).filter(Boolean);
  return notActions.length > 0 ? !notActions.some((a) => like(a, action)) : actions.some((a) => like(a, action));
}

function applies(s: Statement, req: Request): boolean {
  return (
    actionMatches(s, req.action) &&
    list(s.resources).some((r) => like(text(r), req.resource)) &&
    conditionsHold(s, req.context ?? {})
  );
}

export function evaluate(role: Role, req: Request): Decision {
  if (role.inline.some((s) => s.effect === "Deny" && applies(s, req))) return "explicit deny";
  if (role.inline.some((s) => s.effect === "Allow" && applies(s, req))) return "allow";
  const managed = role.managed.map((arn) => text(arn).split("/").at(-1)!);
  for (const name of managed) {
    const allows = MANAGED[name];
    if (!allows) throw new Error(`no model of the managed policy ${name}`);
    if (allows(req.action)) return "allow";
  }
  return "implicit deny";
}

/** Claims of a GitHub Actions OIDC token, by name (sub, aud, ref, ...). */
export type GitHubClaims = Record<string, string>;

/**
 * Whether the role's trust policy lets a GitHub Actions token with these claims assume it. STS
 * offers each claim as the condition key `token.actions.githubusercontent.com:<claim>`; a claim
 * the token lacks fails every condition on it.
 */
export function trusts(role: Role, claims: GitHubClaims): boolean {
  const context = Object.fromEntries(
    Object.entries(claims).map(([claim, value]) => [`token.actions.githubusercontent.com:${claim}`, value]),
  );
  const matches = (s: Statement) =>
    s.principals.some((p) => text(p.type) === "Federated") &&
    actionMatches(s, "sts:AssumeRoleWithWebIdentity") &&
    conditionsHold(s, context);
  const trust = role.trust ?? [];
  if (trust.some((s) => s.effect === "Deny" && matches(s))) return false;
  return trust.some((s) => s.effect === "Allow" && matches(s));
}
