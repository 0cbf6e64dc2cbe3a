import type { ChartWeek } from '#functions/reports/domain/types.ts';
import { formatCount, formatMoney, formatShortDate } from '#functions/reports/render/format.ts';
import { html, type SafeHtml } from '#lib/email/html.ts';

const TRACK = '#eef2f7';
const GMV_COLOR = '#2563eb';
const ONBOARDED_COLOR = '#0d9488';

/** A bar's length in whole percent of the widest one; a non-zero value always shows at least a sliver. */
export function barPercent(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(2, Math.round((value / max) * 100));
}

/**
 * One horizontal bar built from table cells (no images, no SVG): mail clients that drop CSS widths on divs
 * (Outlook's Word engine) still honour `width` on table cells. The empty cells hold a zero-size space so that
 * clients do not collapse them.
 */
function bar(percent: number, color: string, label: string): SafeHtml {
  const filled =
    percent === 0
      ? html``
      : html`<td width="${percent}%" style="background:${color};height:12px;font-size:0;line-height:0">&nbsp;</td>`;
  const rest =
    percent === 100
      ? html``
      : html`<td width="${100 - percent}%" style="height:12px;font-size:0;line-height:0">&nbsp;</td>`;
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${TRACK}"><tr>${filled}${rest}</tr></table>
<div style="font-size:11px;color:#4b5563;padding-top:2px">${label}</div>`;
}

/** The currencies the chart draws a GMV column for: the headline's order first, then any other of the 8 weeks. */
export const chartCurrencies = (
  weeks: readonly ChartWeek[],
  headlineOrder: readonly string[] = [],
): string[] => [...new Set([...headlineOrder, ...weeks.flatMap((week) => Object.keys(week.gmv)).sort()])];

/** The last 8 weeks' GMV (one column per currency) and onboardings as bars, oldest week first. */
export function renderChart(weeks: readonly ChartWeek[], headlineOrder: readonly string[] = []): SafeHtml {
  const currencies = chartCurrencies(weeks, headlineOrder);
  const maxGmv = Object.fromEntries(
    currencies.map((currency) => [currency, Math.max(0, ...weeks.map((week) => week.gmv[currency] ?? 0))]),
  );
  const maxOnboarded = Math.max(0, ...weeks.map((week) => week.onboarded));
  const columns = currencies.length + 1;
  const width = Math.floor(80 / columns);
  const head = html`<tr>
<th align="left" style="font-size:11px;color:#6b7280;font-weight:normal;padding:0 8px 6px 0">Week of</th>
${currencies.map((currency) => html`<th align="left" width="${width}%" style="font-size:11px;color:#6b7280;font-weight:normal;padding:0 8px 6px 0">GMV (${currency})</th>`)}
<th align="left" width="${width}%" style="font-size:11px;color:#6b7280;font-weight:normal;padding:0 0 6px 0">Creators onboarded</th>
</tr>`;
  const rows = weeks.map(
    (week) => html`<tr>
<td style="font-size:12px;color:#374151;padding:4px 8px 4px 0;white-space:nowrap">${formatShortDate(week.from)}</td>
${currencies.map((currency) => {
  const amount = week.gmv[currency] ?? 0;
  return html`<td style="padding:4px 8px 4px 0">${bar(barPercent(amount, maxGmv[currency] ?? 0), GMV_COLOR, formatMoney(amount, currency))}</td>`;
})}
<td style="padding:4px 0">${bar(barPercent(week.onboarded, maxOnboarded), ONBOARDED_COLOR, formatCount(week.onboarded))}</td>
</tr>`,
  );
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0">${head}${rows}</table>`;
}
