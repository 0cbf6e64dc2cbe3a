import type { CountFigure, RateFigure } from '#functions/reports/domain/types.ts';

/** How the report writes numbers: en-US grouping, money with its currency, changes with an explicit sign. */
const counts = new Intl.NumberFormat('en-US');
const moneyFormats = new Map<string, Intl.NumberFormat>();
const MINUS = '\u2212';

/** Minor units (hundredths, as PartnerFlow stores every currency) as `$1,234.50` / `IDR 1,234,000.00`. */
export function formatMoney(amountMinor: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    moneyFormats.set(currency, format);
  }
  return format.format(amountMinor / 100).replace('-', MINUS);
}

export const formatCount = (value: number): string => counts.format(value).replace('-', MINUS);

const signed = (value: number, text: string) =>
  value > 0 ? `+${text}` : value < 0 ? `${MINUS}${text}` : text;

/** `+3 (+33.3%)`, `−2 (−10.0%)`, `+5 (new)`, `no change`; money changes are written as money. */
export function formatChange(figure: CountFigure, currency?: string): string {
  if (figure.change === 0) return 'no change';
  const magnitude = Math.abs(figure.change);
  const amount = currency === undefined ? formatCount(magnitude) : formatMoney(magnitude, currency);
  const percent =
    figure.changePercent === null
      ? 'new'
      : signed(figure.changePercent, `${Math.abs(figure.changePercent).toFixed(1)}%`);
  return `${signed(figure.change, amount)} (${percent})`;
}

export const formatPercent = (value: number | null): string =>
  value === null ? '—' : `${value.toFixed(1)}%`;

/** `+4.2 pts`, `−1.0 pts`, `no change`, or `—` when either week had nothing to rate. */
export function formatPoints(rate: RateFigure): string {
  if (rate.changePoints === null) return '—';
  if (rate.changePoints === 0) return 'no change';
  return `${signed(rate.changePoints, Math.abs(rate.changePoints).toFixed(1))} pts`;
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** `2 November 2026` for a calendar date. */
export const formatDate = (date: string): string => longDate.format(new Date(`${date}T00:00:00.000Z`));
/** `2 Nov` for a calendar date (the chart's axis). */
export const formatShortDate = (date: string): string => shortDate.format(new Date(`${date}T00:00:00.000Z`));

/** Whether a change is good news: more of most things is, more violations is not. */
export type Direction = 'up-is-good' | 'down-is-good';

export function changeTone(change: number, direction: Direction = 'up-is-good'): 'good' | 'bad' | 'flat' {
  if (change === 0) return 'flat';
  return change > 0 === (direction === 'up-is-good') ? 'good' : 'bad';
}
