import { countFigure } from '#functions/reports/domain/figures.ts';
import type {
  AttentionList,
  CountFigure,
  MoneyFigure,
  ReportFigures,
  TopCreators,
} from '#functions/reports/domain/types.ts';
import { renderChart } from '#functions/reports/render/chart.ts';
import {
  changeTone,
  type Direction,
  formatChange,
  formatCount,
  formatMoney,
  formatPercent,
  formatPoints,
} from '#functions/reports/render/format.ts';
import {
  ATTENTION_LABELS,
  ATTENTION_ORDER,
  countRows,
  csvNote,
  reportTitle,
  TIER_LABELS,
  weekLine,
} from '#functions/reports/render/labels.ts';
import { emailLayout, html, type SafeHtml } from '#lib/email/html.ts';

const TONE_COLORS = { good: '#15803d', bad: '#b91c1c', flat: '#6b7280' } as const;
const MUTED = '#6b7280';
const BORDER = '#e5e7eb';

const sectionTitle = (title: string) =>
  html`<h2 style="font-size:16px;margin:28px 0 10px 0;color:#111827">${title}</h2>`;

function changeText(figure: CountFigure, direction: Direction = 'up-is-good', currency?: string): SafeHtml {
  const color = TONE_COLORS[changeTone(figure.change, direction)];
  return html`<span style="color:${color}">${formatChange(figure, currency)}</span>`;
}

function card(label: string, value: string, change: SafeHtml, note: string): SafeHtml {
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border:1px solid ${BORDER};border-radius:6px"><tr><td style="padding:12px 14px">
<div style="font-size:11px;color:${MUTED};text-transform:uppercase;letter-spacing:0.04em">${label}</div>
<div style="font-size:24px;font-weight:bold;color:#111827;padding:2px 0">${value}</div>
<div style="font-size:12px">${change}</div>
<div style="font-size:12px;color:${MUTED}">${note}</div>
</td></tr></table>`;
}

function moneyCard(label: string, figures: readonly MoneyFigure[]): SafeHtml {
  if (figures.length === 0)
    return card(label, '0', html`<span style="color:${MUTED}">no change</span>`, 'no orders recorded');
  const [first, ...others] = figures;
  if (first === undefined) return html``;
  const note = others.map((figure) => `${formatMoney(figure.current, figure.currency)}`).join(' · ');
  return card(
    label,
    formatMoney(first.current, first.currency),
    changeText(first, 'up-is-good', first.currency),
    note === '' ? 'vs last week' : `also ${note}`,
  );
}

function keyFigures(figures: ReportFigures): SafeHtml {
  const { headline } = figures;
  const tiers = (['top', 'mid', 'long-tail'] as const)
    .map((tier) => `${TIER_LABELS[tier]} ${formatCount(headline.creatorsOnboardedByTier[tier].current)}`)
    .join(' · ');
  const rate = headline.approvalRate;
  const decided = headline.applicationsDecided.current;
  const cells = [
    card(
      'Creators onboarded',
      formatCount(headline.creatorsOnboarded.current),
      changeText(headline.creatorsOnboarded),
      tiers,
    ),
    card(
      'Approval rate',
      formatPercent(rate.current),
      html`<span style="color:${TONE_COLORS[changeTone(rate.changePoints ?? 0)]}">${formatPoints(rate)}</span>`,
      `${formatCount(decided)} application${decided === 1 ? '' : 's'} decided`,
    ),
    card(
      'Affiliate orders',
      formatCount(headline.affiliateOrders.current),
      changeText(headline.affiliateOrders),
      'vs last week',
    ),
    moneyCard('GMV', headline.gmv),
  ];
  const pairs = [cells.slice(0, 2), cells.slice(2, 4)];
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0">${pairs.map(
    ([left, right]) =>
      html`<tr><td width="50%" valign="top" style="padding:0 6px 12px 0">${left ?? html``}</td><td width="50%" valign="top" style="padding:0 0 12px 6px">${right ?? html``}</td></tr>`,
  )}</table>`;
}

function figureRow(
  label: string,
  current: string,
  previous: string,
  change: SafeHtml,
  indent = false,
): SafeHtml {
  const padding = indent ? '6px 8px 6px 16px' : '6px 8px 6px 0';
  const color = indent ? MUTED : '#111827';
  return html`<tr>
<td style="padding:${padding};border-top:1px solid ${BORDER};font-size:13px;color:${color}">${label}</td>
<td align="right" style="padding:6px 8px;border-top:1px solid ${BORDER};font-size:13px;font-weight:bold">${current}</td>
<td align="right" style="padding:6px 8px;border-top:1px solid ${BORDER};font-size:13px;color:${MUTED}">${previous}</td>
<td align="right" style="padding:6px 0 6px 8px;border-top:1px solid ${BORDER};font-size:12px;white-space:nowrap">${change}</td>
</tr>`;
}

function allFigures(figures: ReportFigures): SafeHtml {
  const { headline } = figures;
  const active = headline.campaignsActive;
  const rows = [
    ...countRows(headline).map((row) =>
      figureRow(
        row.label,
        formatCount(row.figure.current),
        formatCount(row.figure.previous),
        changeText(row.figure, row.direction),
        row.indent,
      ),
    ),
    figureRow(
      'Campaigns active',
      formatCount(active.current),
      active.previous === null ? '—' : formatCount(active.previous),
      html`<span style="color:${MUTED}">${active.previous === null ? '—' : formatChange(countFigure(active.current, active.previous))}</span>`,
    ),
    ...headline.gmv.map((money) =>
      figureRow(
        `GMV (${money.currency})`,
        formatMoney(money.current, money.currency),
        formatMoney(money.previous, money.currency),
        changeText(money, 'up-is-good', money.currency),
      ),
    ),
    ...headline.commission.map((money) =>
      figureRow(
        `Commission (${money.currency})`,
        formatMoney(money.current, money.currency),
        formatMoney(money.previous, money.currency),
        changeText(money, 'up-is-good', money.currency),
      ),
    ),
  ];
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0">
<tr><th align="left" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 8px 6px 0">Figure</th>
<th align="right" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 8px 6px">${figures.week}</th>
<th align="right" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 8px 6px">${figures.previousWeek}</th>
<th align="right" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 0 6px 8px">Change</th></tr>
${rows}</table>`;
}

function attentionBlock(label: string, list: AttentionList): SafeHtml {
  const badgeColor = list.total === 0 ? '#9ca3af' : '#b45309';
  const more = list.total - list.items.length;
  const items = list.items.map(
    (item) =>
      html`<tr><td style="padding:3px 0 3px 14px;font-size:13px;color:#111827">• <strong>${item.title}</strong> <span style="color:${MUTED}">${item.detail}</span></td></tr>`,
  );
  const moreRow =
    more > 0
      ? html`<tr><td style="padding:3px 0 3px 14px;font-size:12px;color:${MUTED}">and ${formatCount(more)} more</td></tr>`
      : html``;
  return html`<tr><td style="padding:8px 0 2px 0;border-top:1px solid ${BORDER};font-size:13px">
<span style="display:inline-block;min-width:22px;padding:1px 6px;border-radius:10px;background:${badgeColor};color:#ffffff;font-size:12px;font-weight:bold;text-align:center">${formatCount(list.total)}</span>
&nbsp;${label}</td></tr>${items}${moreRow}`;
}

function attention(figures: ReportFigures): SafeHtml {
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0">${ATTENTION_ORDER.map(
    (key) => attentionBlock(ATTENTION_LABELS[key], figures.attention[key]),
  )}</table>`;
}

function topCreatorsTable(ranking: TopCreators): SafeHtml {
  const header = html`<tr>
<th align="left" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 6px 6px 0">#</th>
<th align="left" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 6px 6px">Creator</th>
<th align="left" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 6px 6px">Tier</th>
<th align="right" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 6px 6px">Orders</th>
<th align="right" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 6px 6px">GMV (${ranking.currency})</th>
<th align="right" style="font-size:11px;color:${MUTED};font-weight:normal;padding:0 0 6px 6px">Change</th></tr>`;
  const rows = ranking.creators.map(
    (creator) => html`<tr>
<td style="padding:6px 6px 6px 0;border-top:1px solid ${BORDER};font-size:13px;color:${MUTED}">${creator.rank}</td>
<td style="padding:6px;border-top:1px solid ${BORDER};font-size:13px"><strong>@${creator.handle}</strong><br><span style="color:${MUTED};font-size:12px">${creator.displayName}</span></td>
<td style="padding:6px;border-top:1px solid ${BORDER};font-size:13px">${creator.tier === null ? '—' : TIER_LABELS[creator.tier]}</td>
<td align="right" style="padding:6px;border-top:1px solid ${BORDER};font-size:13px">${formatCount(creator.orders)}</td>
<td align="right" style="padding:6px;border-top:1px solid ${BORDER};font-size:13px;font-weight:bold">${formatMoney(creator.gmv.current, ranking.currency)}</td>
<td align="right" style="padding:6px 0 6px 6px;border-top:1px solid ${BORDER};font-size:12px;white-space:nowrap">${changeText(creator.gmv, 'up-is-good', ranking.currency)}</td>
</tr>`,
  );
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin-bottom:12px">${header}${rows}</table>`;
}

function topCreators(figures: ReportFigures): SafeHtml {
  if (figures.topCreators.length === 0) {
    return html`<p style="margin:0;font-size:13px;color:${MUTED}">No creator sales were recorded this week.</p>`;
  }
  return html`${figures.topCreators.map(topCreatorsTable)}`;
}

function quietNotice(figures: ReportFigures): SafeHtml {
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td style="padding:14px 16px;background:#f9fafb;border:1px solid ${BORDER};border-radius:6px;font-size:14px">
<strong>A quiet week.</strong> Nothing was recorded for ${figures.partner.name} in ${figures.week}: no applications decided, no sellers authorized, no campaigns, no orders and no violations.
</td></tr></table>`;
}

/** The report as an HTML email: table layout, inline CSS, no remote resources; every user string escaped. */
export function renderReportHtml(figures: ReportFigures): string {
  const intro = html`<p style="margin:0 0 18px 0;font-size:13px;color:${MUTED}">${weekLine(figures)}</p>`;
  const needsAttention = html`${sectionTitle('Needs attention')}${attention(figures)}`;
  const footer = html`<p style="margin:24px 0 0 0;font-size:12px;color:${MUTED}">Each business event is counted once, in the week of its date in ${figures.partner.timezone}. Money is shown as recorded, per currency. ${csvNote(figures)}</p>`;
  const body = figures.quiet
    ? html`${intro}${quietNotice(figures)}${needsAttention}${footer}`
    : html`${intro}${keyFigures(figures)}${sectionTitle('All figures')}${allFigures(figures)}${needsAttention}
${sectionTitle('Top creators by GMV')}${topCreators(figures)}
${sectionTitle('Last 8 weeks')}${renderChart(
  figures.chart,
  figures.headline.gmv.map((money) => money.currency),
)}${footer}`;
  return emailLayout(reportTitle(figures), body);
}
