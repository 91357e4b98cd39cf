// The cost tables of docs/DEPLOY.md: the estimate `create-ecs-stack cost` prints, as Markdown rows.
import { estimateStackCost } from "../src/cost/estimate.js";
import type { CostSection } from "../src/cost/lines.js";
import { formatUsd } from "../src/cost/money.js";
import type { StackPlan } from "../src/plan/stack-plan.js";

/** A table cell: pipes would end the cell. */
const cell = (text: string) => text.replace(/\|/g, "\\|");

function sectionView(s: CostSection, title: string) {
  return {
    title,
    total: formatUsd(s.total),
    rows: s.lines.map((l) => ({
      item: cell(l.item),
      formula: cell(l.note ? `${l.formula} (${l.note})` : l.formula),
      monthly: l.monthly === null ? "n/a" : formatUsd(l.monthly),
    })),
    notes: s.notes,
  };
}

export function costView(plan: StackPlan) {
  const estimate = estimateStackCost(plan);
  return {
    total: formatUsd(estimate.total),
    priceRegion: estimate.priceRegion,
    asOf: estimate.pricesAsOf,
    regionNote:
      estimate.region === estimate.priceRegion
        ? null
        : `The stack runs in ${estimate.region}; prices there differ from ${estimate.priceRegion}'s, usually by a few percent.`,
    summary: [
      ...estimate.environments.map((e) => ({ name: e.name, total: formatUsd(e.total) })),
      { name: "shared by the environments", total: formatUsd(estimate.shared.total) },
    ],
    sections: [
      ...estimate.environments.map((e) => sectionView(e, e.name)),
      sectionView(estimate.shared, "Shared by the environments"),
    ],
    assumptions: estimate.assumptions,
    excludes: estimate.excludes,
    sources: estimate.sources,
  };
}
