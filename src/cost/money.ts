// Numbers as the estimate prints them. Amounts are rounded to cents per line and totals add the
// rounded lines, so every table adds up as printed.

export const toCents = (usd: number): number => Math.round((usd + Number.EPSILON) * 100);

export const roundUsd = (usd: number): number => toCents(usd) / 100;

/** Sum of amounts already rounded to cents, without floating-point dust. */
export const sumUsd = (amounts: readonly number[]): number => amounts.reduce((sum, a) => sum + toCents(a), 0) / 100;

// One formatter for every amount: toLocaleString with options builds a new Intl.NumberFormat at
// each call (ECMA-402, Number.prototype.toLocaleString), which cost a run's DEPLOY.md tables more
// than a tenth of its start-up (npm run bench). Same locale and options, so the same text.
let usdFormat: Intl.NumberFormat | undefined;

/** "$1,234.56" */
export const formatUsd = (usd: number): string => {
  usdFormat ??= new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `$${usdFormat.format(usd)}`;
};

/** A unit price as the table states it, at least to the cent: "$0.04048", "$0.50". */
export const formatPrice = (usd: number): string => {
  const decimals = (String(usd).split(".")[1] ?? "").length;
  return `$${decimals < 2 ? usd.toFixed(2) : String(usd)}`;
};

/** A quantity without trailing zeros: 0.5, 2, 260.7. */
export const formatQuantity = (n: number, decimals = 2): string => String(Number(n.toFixed(decimals)));

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatQuantity(n)} ${n === 1 ? one : many}`;
