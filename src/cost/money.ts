// Numbers as the estimate prints them. Amounts are rounded to cents per line and totals add the
// rounded lines, so every table adds up as printed.

export const toCents = (usd: number): number => Math.round((usd + Number.EPSILON) * 100);

export const roundUsd = (usd: number): number => toCents(usd) / 100;

/** Sum of amounts already rounded to cents, without floating-point dust. */
export const sumUsd = (amounts: readonly number[]): number => amounts.reduce((sum, a) => sum + toCents(a), 0) / 100;

let usdFormat: Intl.NumberFormat | undefined;

/**
 * "$1,234.56", as Intl.NumberFormat en-US with two fraction digits writes it, but without one in
 * the common case: creating the first loads ICU's number data, which cost every run that renders
 * DEPLOY.md's tables a tenth of its start-up (npm run bench). ICU rounds the number's shortest
 * decimal form (String(n)) half away from zero, so 1.005 is "$1.01" where toFixed says "1.00";
 * so does this. A form in exponent notation (below 1e-6 or from 1e21) still goes to Intl.
 * test/cost.test.ts holds it to Intl.NumberFormat.
 */
export const formatUsd = (usd: number): string => {
  const digits = String(Math.abs(usd));
  if (!/^\d+(\.\d+)?$/.test(digits)) {
    usdFormat ??= new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return `$${usdFormat.format(usd)}`;
  }
  const [whole = "", fraction = ""] = digits.split(".");
  const roundUp = (fraction[2] ?? "0") >= "5";
  const cents = (BigInt(`${whole}${fraction.padEnd(2, "0").slice(0, 2)}`) + (roundUp ? 1n : 0n))
    .toString()
    .padStart(3, "0");
  const sign = usd < 0 || Object.is(usd, -0) ? "-" : "";
  return `$${sign}${cents.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ",")}.${cents.slice(-2)}`;
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
