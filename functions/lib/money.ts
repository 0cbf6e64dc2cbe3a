import type { Money } from '#lib/repositories/creators.ts';

/**
 * Converts an amount in currency units (at most two decimals, as the API accepts it) to integer minor units.
 * It goes through the decimal text rather than `amount * 100`, so 19.99 is 1999 and never 1998.9999999.
 */
export function toMinorUnits(amount: number): number {
  if (!Number.isFinite(amount)) throw new RangeError('An amount must be a finite number');
  const [whole = '0', fraction = ''] = Math.abs(amount).toFixed(2).split('.');
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(minor)) throw new RangeError('An amount is too large to count in minor units');
  return amount < 0 ? -minor : minor;
}

/** Writes minor units as the decimal string the API answers with: 12345 → "123.45", -5 → "-0.05". */
export function formatMinorUnits(amountMinor: number): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError('Minor units must be a safe integer');
  const sign = amountMinor < 0 ? '-' : '';
  const absolute = Math.abs(amountMinor);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/** Money as the API shows it: `{"amount": "123.45", "currency": "USD"}`. */
export function moneyView(money: Money): { amount: string; currency: string } {
  return { amount: formatMinorUnits(money.amountMinor), currency: money.currency };
}
