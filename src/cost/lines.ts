// The shape of an estimate: sections of priced lines, each with the formula that made it.
import { roundUsd, sumUsd } from "./money.js";

export interface CostLine {
  item: string;
  /** How the amount was computed, with the unit prices. */
  formula: string;
  /** USD a month, rounded to cents; null when the price table has no figure (the formula links the page). */
  monthly: number | null;
  /** What else the reader should know about this line (the cost at the autoscaling maximum, say). */
  note: string | null;
}

export interface CostSection {
  name: string;
  lines: CostLine[];
  /** Sum of the priced lines. */
  total: number;
  /** Trade-offs worth knowing: the other NAT modes, the schedule's saving. */
  notes: string[];
}

export interface CostEstimate {
  project: string;
  currency: "USD";
  priceRegion: string;
  /** The config's region; prices there may differ from the table's. */
  region: string;
  pricesAsOf: string;
  hoursPerMonth: number;
  environments: CostSection[];
  /** Account-wide resources every environment uses: ECR, the secrets the services name. */
  shared: CostSection;
  total: number;
  assumptions: string[];
  excludes: string[];
  sources: string[];
}

export function line(item: string, formula: string, monthly: number | null, note: string | null = null): CostLine {
  return { item, formula, monthly: monthly === null ? null : roundUsd(monthly), note };
}

export function section(name: string, lines: CostLine[], notes: string[] = []): CostSection {
  return { name, lines, total: sumUsd(lines.flatMap((l) => (l.monthly === null ? [] : [l.monthly]))), notes };
}
