import type { Attention, HeadlineFigures, ReportFigures } from '#functions/reports/domain/types.ts';
import { type Direction, formatDate } from '#functions/reports/render/format.ts';
import type { CreatorTier } from '#lib/repositories/creators.ts';
import type { Severity } from '#lib/repositories/violation-history.ts';

/** Words shared by the HTML and the text renderings, so both say the same thing. */
export const TIER_LABELS: Readonly<Record<CreatorTier, string>> = {
  top: 'Top',
  mid: 'Mid',
  'long-tail': 'Long-tail',
};

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const ATTENTION_LABELS: Readonly<Record<keyof Attention, string>> = {
  reviewsPending: 'Reviews waiting for a decision',
  reviewsPastSla: 'Reviews past their deadline',
  sellersAuthorization: 'Sellers to re-authorize (expiring within 14 days)',
  creatorsAtRisk: 'Creators restricted or close to a ban (4+ strikes in 90 days)',
  campaignsEnding: 'Campaigns ending this week',
};

export const ATTENTION_ORDER: readonly (keyof Attention)[] = [
  'reviewsPastSla',
  'reviewsPending',
  'sellersAuthorization',
  'creatorsAtRisk',
  'campaignsEnding',
];

/** One line of the "all figures" table: a count figure of the headline with its label and direction. */
export interface CountRow {
  readonly label: string;
  readonly figure: HeadlineFigures['affiliateOrders'];
  readonly direction: Direction;
  readonly indent?: boolean;
}

/** The count figures in the order the report lists them. */
export function countRows(headline: HeadlineFigures): CountRow[] {
  return [
    { label: 'Creators onboarded', figure: headline.creatorsOnboarded, direction: 'up-is-good' },
    ...(['top', 'mid', 'long-tail'] as const).map((tier) => ({
      label: `${TIER_LABELS[tier]} tier`,
      figure: headline.creatorsOnboardedByTier[tier],
      direction: 'up-is-good' as const,
      indent: true,
    })),
    { label: 'Applications decided', figure: headline.applicationsDecided, direction: 'up-is-good' },
    { label: 'Sellers authorized', figure: headline.sellersAuthorized, direction: 'up-is-good' },
    { label: 'Campaigns launched', figure: headline.campaignsLaunched, direction: 'up-is-good' },
    { label: 'Campaigns ended', figure: headline.campaignsEnded, direction: 'up-is-good' },
    { label: 'Invitations sent', figure: headline.invitationsSent, direction: 'up-is-good' },
    { label: 'Affiliate orders', figure: headline.affiliateOrders, direction: 'up-is-good' },
    { label: 'Violations', figure: headline.violationsTotal, direction: 'down-is-good' },
    ...(['critical', 'high', 'medium', 'low'] as const).map((severity) => ({
      label: `${SEVERITY_LABELS[severity]} severity`,
      figure: headline.violations[severity],
      direction: 'down-is-good' as const,
      indent: true,
    })),
  ];
}

/** `2026-W45 · 2 November – 8 November 2026 · Asia/Jakarta` */
export function weekLine(figures: ReportFigures): string {
  return `${figures.week} · ${formatDate(figures.from).replace(/ \d{4}$/, '')} – ${formatDate(figures.to)} · ${figures.partner.timezone}`;
}

/** The heading inside the email. */
export const reportTitle = (figures: ReportFigures): string =>
  `Weekly report — ${figures.partner.name} — ${figures.week}`;

/** The email's subject: `PartnerFlow weekly report — <partner name> — <ISO week>` (control characters dropped). */
export const reportSubject = (figures: ReportFigures): string =>
  `PartnerFlow weekly report — ${figures.partner.name.replace(/\p{Cc}+/gu, ' ').slice(0, 120)} — ${figures.week}`;

/** What the footer says of the CSV attachment. */
export const csvNote = (figures: ReportFigures): string =>
  figures.quiet
    ? `The attached CSV has its header only: no creator was active in ${figures.week}.`
    : `The attached CSV lists every creator with activity in ${figures.week}.`;
