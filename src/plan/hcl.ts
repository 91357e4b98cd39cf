// The few things HCL output needs beyond a template: values printed as HCL literals, and
// `key = value` lines aligned the way `terraform fmt` aligns them, so generated files are
// already formatted without the terraform binary.

/** A string, number, boolean, null or list of them as an HCL literal (JSON syntax is HCL syntax here). */
export function hclValue(value: string | number | boolean | null | readonly (string | number)[]): string {
  if (Array.isArray(value)) return `[${value.map((v) => hclValue(v)).join(", ")}]`;
  if (typeof value === "string" && value.includes("${")) {
    throw new Error(`refusing to print "${value}" into HCL: it would be read as an interpolation`);
  }
  return JSON.stringify(value);
}

/** Lines of consecutive attributes, "=" aligned on the longest key (terraform fmt's rule). */
export function alignAttributes(entries: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  return entries.map(([key, value]) => `${key.padEnd(width)} = ${value}`);
}
