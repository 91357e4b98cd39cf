// Secret references per environment (issue 18, item 5): `{env}` in `secrets[].from` and
// per-environment overrides give each environment its own secret, so a staging task cannot read
// prod's secret_key_base. A reference shared by several environments still works, with a warning
// (docs/rules.md TF-SEC-01: one environment's compromise must not reach another's secrets); an
// unknown placeholder is bad input: exit 2, the field named, nothing written.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareFixture, readTree } from "./support/fixtures.js";
import { runCli } from "./support/run-cli.js";

const SHARED = "secretsmanager:storefront/rails:secret_key_base";
const PER_ENV = "secretsmanager:storefront/{env}/rails:secret_key_base";
const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-2:123456789012:secret:${name}`;

/** rails-sidekiq (staging and prod; web and worker both read SECRET_KEY_BASE), its config edited. */
async function railsWith(edit: (config: any) => void) {
  const dir = await prepareFixture("rails-sidekiq");
  const path = join(dir, "ecs-stack.config.json");
  const config = JSON.parse(await readFile(path, "utf8"));
  edit(config);
  await writeFile(path, JSON.stringify(config, null, 2));
  return dir;
}

const setSecretFrom = (from: string) => (c: any) => {
  for (const s of c.services) s.secrets = s.secrets.map((x: any) => ({ ...x, from }));
};

const read = (dir: string, path: string) => readFile(join(dir, path), "utf8");

describe("secret references per environment", () => {
  it("a reference shared by staging and prod is generated as before, with a warning in generate and check", async () => {
    const dir = await railsWith(setSecretFrom(SHARED));
    const generated = await runCli(["generate"], { cwd: dir });
    expect(generated.code).toBe(0);
    const warning = `warning: services[0].secrets[0].from: "${SHARED}" is the same secret in staging, prod`;
    expect(generated.stderr).toContain(warning);
    expect(generated.stderr).toContain(
      'put {env} in the name (e.g. "secretsmanager:storefront/{env}/rails:secret_key_base")',
    );
    expect(generated.stderr).toContain("services[1].secrets[0].from");
    expect(await read(dir, "infra/task-definitions/prod/web.json")).toContain(
      arnOf("storefront/rails:secret_key_base::"),
    );
    const checked = await runCli(["check"], { cwd: dir });
    expect(checked.code).toBe(0);
    expect(checked.stderr).toContain(warning);
  });

  it("{env} gives each environment's tasks and execution roles only that environment's secret, without a warning", async () => {
    const dir = await railsWith(setSecretFrom(PER_ENV));
    const generated = await runCli(["generate"], { cwd: dir });
    expect(generated.code).toBe(0);
    expect(generated.stderr).not.toContain("is the same secret");
    for (const env of ["staging", "prod"]) {
      const other = env === "prod" ? "staging" : "prod";
      for (const service of ["web", "worker"]) {
        const taskDefinition = await read(dir, `infra/task-definitions/${env}/${service}.json`);
        expect(taskDefinition).toContain(arnOf(`storefront/${env}/rails:secret_key_base::`));
        expect(taskDefinition).not.toContain(`storefront/${other}/`);
      }
      const root = await read(dir, `infra/environments/${env}/main.tf`);
      expect(root).toContain(arnOf(`storefront/${env}/rails-??????`));
      expect(root).not.toContain(`storefront/${other}/`);
      expect(root).not.toContain("{env}");
    }
    // One secret per environment in the estimate.
    const cost = JSON.parse((await runCli(["cost", "--json"], { cwd: dir })).stdout);
    expect(JSON.stringify(cost)).toContain("storefront/staging/rails, storefront/prod/rails");
  });

  it("an environment's override replaces the service's reference of the same name there, and only there", async () => {
    const dir = await railsWith((c) => {
      setSecretFrom(SHARED)(c);
      c.environments.prod = {
        ...c.environments.prod,
        services: {
          web: { secrets: [{ name: "SECRET_KEY_BASE", from: "secretsmanager:storefront-prod/rails:secret_key_base" }] },
        },
      };
    });
    const generated = await runCli(["generate"], { cwd: dir });
    expect(generated.code).toBe(0);
    expect(await read(dir, "infra/task-definitions/prod/web.json")).toContain(
      arnOf("storefront-prod/rails:secret_key_base::"),
    );
    expect(await read(dir, "infra/task-definitions/staging/web.json")).toContain(arnOf(SHARED.slice(15) + "::"));
    // web's base reference is used by staging alone now; worker's is still shared.
    expect(generated.stderr).not.toContain("services[0].secrets[0].from");
    expect(generated.stderr).toContain("services[1].secrets[0].from");
  });

  const bad: [string, (c: any) => void, string][] = [
    [
      "a placeholder other than {env}",
      setSecretFrom("secretsmanager:storefront/{stage}/rails:secret_key_base"),
      'services[0].secrets[0].from: "{stage}" is not a placeholder; the only one is {env}',
    ],
    [
      "an unclosed brace",
      setSecretFrom("secretsmanager:storefront/{env/rails:secret_key_base"),
      'services[0].secrets[0].from: "{" is not a placeholder; the only one is {env}',
    ],
    [
      "a bad placeholder in an environment's override",
      (c) =>
        (c.environments.prod.services = {
          worker: { secrets: [{ name: "SECRET_KEY_BASE", from: "ssm:/storefront/{ENV}/secret_key_base" }] },
        }),
      'environments.prod.services.worker.secrets[0].from: "{ENV}" is not a placeholder',
    ],
  ];
  it.each(bad)("%s exits 2 naming the field, and writes nothing", async (_, edit, message) => {
    const dir = await railsWith(edit);
    const before = await readTree(dir);
    const result = await runCli(["generate"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect([...(await readTree(dir)).keys()]).toEqual([...before.keys()]);
  });
});
