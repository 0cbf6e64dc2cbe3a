/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of a non-empty list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('No values to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** Milliseconds with one decimal. */
export const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** Kibibytes with one decimal. */
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** A US dollar amount with enough decimals to show small costs. */
export function usd(amount: number): string {
  if (amount === 0) return '$0';
  const digits = amount >= 1 ? 2 : Math.min(8, Math.max(4, 2 - Math.floor(Math.log10(amount)) + 1));
  return `$${amount.toFixed(digits)}`;
}

/** A ratio such as `1.18×`. */
export const ratio = (value: number): string => `${value.toFixed(2)}×`;

/** An integer with thousands separators. */
export const count = (value: number): string => Math.round(value).toLocaleString('en-US');
