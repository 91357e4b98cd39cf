// docs/DEPLOY.md's first-deploy steps for what Terraform does not create: the app's own secrets,
// which the task definitions read at task start (a task whose secret is missing never starts), and
// the Route 53 hosted zone the HTTPS certificate is validated in.
import type { Config } from "../src/config/normalise.js";
import type { EnvironmentPlan } from "../src/plan/environments.js";

interface SecretCommand {
  /** Which services read it, in which environments. */
  comment: string;
  lines: string[];
}

/**
 * One command per secret the services name, read from the terminal so no value lands in the shell
 * history. SSM parameters are SecureString (encrypted with the account's aws/ssm key); a Secrets
 * Manager secret with JSON keys gets all its keys at once.
 */
export function secretCommands(config: Config, environments: readonly EnvironmentPlan[]): SecretCommand[] {
  const region = config.aws.region;
  const readers = new Map<string, { services: Set<string>; keys: Set<string> }>();
  for (const service of config.services)
    for (const { from } of service.secrets) {
      const [store, name, key] = from.startsWith("ssm:") ? ["ssm", from.slice(4)] : from.split(":");
      const entry = readers.get(`${store}:${name}`) ?? { services: new Set(), keys: new Set() };
      entry.services.add(service.name);
      if (key) entry.keys.add(key);
      readers.set(`${store}:${name}`, entry);
    }
  const envs = environments.map((e) => e.name).join(", ");
  return [...readers].map(([ref, { services, keys }]) => {
    const [store, name] = [ref.slice(0, ref.indexOf(":")), ref.slice(ref.indexOf(":") + 1)];
    const comment = `${name}: read by ${[...services].join(", ")} in ${envs}`;
    if (store === "ssm")
      return {
        comment,
        lines: [
          `read -rsp "${name}: " value && echo`,
          `aws ssm put-parameter --region ${region} --name ${name} --type SecureString --value "$value"`,
        ],
      };
    if (keys.size === 0)
      return {
        comment,
        lines: [
          `read -rsp "${name}: " value && echo`,
          `aws secretsmanager create-secret --region ${region} --name ${name} --secret-string "$value"`,
        ],
      };
    const vars = [...keys].map((key, i) => ({ key, variable: `value${i + 1}` }));
    const object = vars.map((v) => `${JSON.stringify(v.key)}: $${v.variable}`).join(", ");
    return {
      comment,
      lines: [
        ...vars.map((v) => `read -rsp "${name} ${v.key}: " ${v.variable} && echo`),
        `aws secretsmanager create-secret --region ${region} --name ${name} --secret-string "$(jq -cn ${vars.map((v) => `--arg ${v.variable} "$${v.variable}"`).join(" ")} '{${object}}')"`,
      ],
    };
  });
}

/** The hosted zones the environments' HTTPS names live in: they must exist, and be delegated, before an apply. */
export function hostedZones(environments: readonly EnvironmentPlan[]) {
  const zones = [...new Set(environments.flatMap((e) => (e.zone ? [e.zone] : [])))];
  return zones.map((zone) => ({
    zone,
    names: environments.filter((e) => e.zone === zone).map((e) => e.domain!),
    find: `aws route53 list-hosted-zones-by-name --dns-name ${zone} --max-items 1 --query 'HostedZones[0].[Id,Name]'`,
    create: `aws route53 create-hosted-zone --name ${zone} --caller-reference "${zone}-$(date +%s)"`,
    nameServers: `aws route53 get-hosted-zone --id ZONE_ID --query DelegationSet.NameServers`,
    check: `dig +short NS ${zone}`,
  }));
}

/**
 * The connection secrets Terraform writes at apply time (the database and cache modules' credential
 * steps), with the command that rotates each; null without a database or cache.
 */
export function connectionCredentials(config: Config) {
  const rows = [
    ...(config.database.engine !== "none"
      ? [{ what: "database master password", step: "module.database.terraform_data.credentials" }]
      : []),
    ...(config.cache.engine !== "none" ? [{ what: "cache AUTH token", step: "module.cache.terraform_data.auth" }] : []),
  ];
  return rows.length === 0 ? null : { rows };
}
