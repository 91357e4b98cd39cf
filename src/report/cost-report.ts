// How an estimate reads on a terminal: per environment, the amount first, then the item and its
// formula, so the column of amounts is easy to scan and every figure shows where it came from.
import type { CostEstimate, CostLine, CostSection } from "../cost/lines.js";
import { formatUsd } from "../cost/money.js";

const AMOUNT_WIDTH = 10;

function describeLine(l: CostLine, itemWidth: number): string[] {
  const amount = (l.monthly === null ? "n/a" : formatUsd(l.monthly)).padStart(AMOUNT_WIDTH);
  return [
    `  ${amount}  ${l.item.padEnd(itemWidth)}  ${l.formula}`,
    ...(l.note ? [`  ${"".padStart(AMOUNT_WIDTH)}  ${"".padEnd(itemWidth)}  (${l.note})`] : []),
  ];
}

function describeSection(title: string, s: CostSection, itemWidth: number): string[] {
  return [
    `${title}: ${formatUsd(s.total)} a month`,
    ...s.lines.flatMap((l) => describeLine(l, itemWidth)),
    ...s.notes.map((n) => `  - ${n}`),
    "",
  ];
}

/** `environments` already narrowed by --env; the shared section and the grand total only for the whole stack. */
export function describeEstimate(estimate: CostEstimate, whole: boolean): string {
  const sections = [...estimate.environments, ...(whole ? [estimate.shared] : [])];
  const itemWidth = Math.max(...sections.flatMap((s) => s.lines.map((l) => l.item.length)));
  const total = whole ? estimate.total : estimate.environments[0]!.total;
  const region =
    estimate.region === estimate.priceRegion
      ? ""
      : ` Your region is ${estimate.region}; its prices differ, usually by a few percent.`;
  return [
    `Monthly cost estimate for ${estimate.project}${whole ? "" : ` (${estimate.environments[0]!.name})`}: ${formatUsd(total)}`,
    `${estimate.priceRegion} on-demand prices in USD as of ${estimate.pricesAsOf}.${region}`,
    "",
    ...estimate.environments.flatMap((e) => describeSection(e.name, e, itemWidth)),
    ...(whole ? describeSection("shared by the environments", estimate.shared, itemWidth) : []),
    "Assumptions:",
    ...estimate.assumptions.map((a) => `  - ${a}`),
    "Not included:",
    ...estimate.excludes.map((a) => `  - ${a}`),
    "Prices:",
    ...estimate.sources.map((s) => `  ${s}`),
    "",
  ].join("\n");
}
