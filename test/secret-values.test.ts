// Plans read no secret value (issue 18, item 4): the pull-request plan role is denied every secret
// read (test/ci-roles.test.ts), so no generated root may hold a resource or data source whose
// refresh returns one. docs/rules.md TF-SEC-01: never a secret in Terraform state.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, fixtureNames, readTree } from "./support/fixtures.js";

/**
 * Types whose read calls secretsmanager:GetSecretValue or ssm:GetParameter with decryption
 * (the AWS provider's resource_secretsmanager_secret_version.go reads the version with
 * GetSecretValue; resource_ssm_parameter.go and the data sources read with WithDecryption).
 */
const READS_A_SECRET_VALUE = [
  'resource "aws_secretsmanager_secret_version"',
  'data "aws_secretsmanager_secret_version"',
  'resource "aws_ssm_parameter"',
  'data "aws_ssm_parameter"',
  'data "aws_ssm_parameters_by_path"',
  'ephemeral "aws_secretsmanager_secret_version"',
];

/** Every block of a fixture's Terraform that reads a secret value, as "path: kind \"name\"". */
async function secretReaders(fixture: string): Promise<string[]> {
  const tree = await readTree(join(FIXTURES_DIR, fixture, "expected"));
  return [...tree]
    .filter(([path]) => path.startsWith("infra/") && path.endsWith(".tf"))
    .flatMap(([path, body]) =>
      READS_A_SECRET_VALUE.flatMap((kind) =>
        [...body.matchAll(new RegExp(`^${kind} "(\\w+)"`, "gm"))].map((m) => `${path}: ${kind} "${m[1]}"`),
      ),
    );
}

describe.each(fixtureNames())("%s: Terraform reads no secret value at plan time", (fixture) => {
  it("has no resource or data source whose refresh returns a secret value", async () => {
    expect(await secretReaders(fixture)).toEqual([]);
  });
});
