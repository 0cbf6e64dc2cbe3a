import type { ReportFigures } from '#functions/reports/domain/types.ts';
import { chartCurrencies } from '#functions/reports/render/chart.ts';
import {
  formatChange,
  formatCount,
  formatMoney,
  formatPercent,
  formatPoints,
  formatShortDate,
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

const table = (rows: readonly (readonly string[])[]): string[] => {
  const widths = rows.reduce<number[]>(
    (max, row) => row.map((cell, index) => Math.max(max[index] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    row
      .map((cell, index) =>
        index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
};

function figureLines(figures: ReportFigures): string[] {
  const { headline } = figures;
  const active = headline.campaignsActive;
  const rows: string[][] = [
    ['Figure', figures.week, figures.previousWeek, 'Change'],
    ...countRows(headline).map((row) => [
      `${row.indent === true ? '  ' : ''}${row.label}`,
      formatCount(row.figure.current),
      formatCount(row.figure.previous),
      formatChange(row.figure),
    ]),
    [
      'Approval rate',
      formatPercent(headline.approvalRate.current),
      formatPercent(headline.approvalRate.previous),
      formatPoints(headline.approvalRate),
    ],
    [
      'Campaigns active',
      formatCount(active.current),
      active.previous === null ? '—' : formatCount(active.previous),
      '',
    ],
    ...[
      ...headline.gmv.map((money) => ['GMV', money] as const),
      ...headline.commission.map((money) => ['Commission', money] as const),
    ].map(([label, money]) => [
      `${label} (${money.currency})`,
      formatMoney(money.current, money.currency),
      formatMoney(money.previous, money.currency),
      formatChange(money, money.currency),
    ]),
  ];
  return table(rows);
}

function attentionLines(figures: ReportFigures): string[] {
  return ATTENTION_ORDER.flatMap((key) => {
    const list = figures.attention[key];
    const more = list.total - list.items.length;
    return [
      `${ATTENTION_LABELS[key]}: ${formatCount(list.total)}`,
      ...list.items.map((item) => `  - ${item.title} (${item.detail})`),
      ...(more > 0 ? [`  and ${formatCount(more)} more`] : []),
    ];
  });
}

function topCreatorLines(figures: ReportFigures): string[] {
  if (figures.topCreators.length === 0) return ['No creator sales were recorded this week.'];
  return figures.topCreators.flatMap((ranking) => [
    ...table([
      ['#', 'Creator', 'Tier', 'Orders', `GMV (${ranking.currency})`, 'Change'],
      ...ranking.creators.map((creator) => [
        String(creator.rank),
        `@${creator.handle}`,
        creator.tier === null ? '—' : TIER_LABELS[creator.tier],
        formatCount(creator.orders),
        formatMoney(creator.gmv.current, ranking.currency),
        formatChange(creator.gmv, ranking.currency),
      ]),
    ]),
    '',
  ]);
}

function chartLines(figures: ReportFigures): string[] {
  const currencies = chartCurrencies(
    figures.chart,
    figures.headline.gmv.map((money) => money.currency),
  );
  return table([
    ['Week of', ...currencies.map((currency) => `GMV (${currency})`), 'Onboarded'],
    ...figures.chart.map((week) => [
      formatShortDate(week.from),
      ...currencies.map((currency) => formatMoney(week.gmv[currency] ?? 0, currency)),
      formatCount(week.onboarded),
    ]),
  ]);
}

const heading = (title: string) => ['', title, '-'.repeat(title.length)];

/** The plain-text alternative: the same figures as the HTML, in aligned columns. */
export function renderReportText(figures: ReportFigures): string {
  const intro = [reportTitle(figures), weekLine(figures)];
  const footer = [
    '',
    `Each business event is counted once, in the week of its date in ${figures.partner.timezone}.`,
    csvNote(figures),
  ];
  const lines = figures.quiet
    ? [
        ...intro,
        '',
        `A quiet week. Nothing was recorded for ${figures.partner.name} in ${figures.week}: no applications decided, no sellers authorized, no campaigns, no orders and no violations.`,
        ...heading('Needs attention'),
        ...attentionLines(figures),
        ...footer,
      ]
    : [
        ...intro,
        ...heading('Figures'),
        ...figureLines(figures),
        ...heading('Needs attention'),
        ...attentionLines(figures),
        ...heading('Top creators by GMV'),
        ...topCreatorLines(figures),
        ...heading('Last 8 weeks'),
        ...chartLines(figures),
        ...footer,
      ];
  return `${lines.join('\n')}\n`;
}
