import type {
  Attention,
  ChartWeek,
  CountFigure,
  CreatorRow,
  GaugeFigure,
  HeadlineFigures,
  MoneyFigure,
  RateFigure,
  ReportPartner,
  TopCreator,
  TopCreators,
  WeeklyReport,
} from '#functions/reports/domain/types.ts';
import { datesOf, weeksBefore, weeksEndingWith } from '#functions/reports/domain/weeks.ts';
import {
  CREATOR_TIERS,
  counterValue,
  moneyByCurrency,
  onboardedCounter,
  REPORT_COUNTERS,
  SEVERITIES,
  violationCounter,
} from '#lib/metrics/report-counters.ts';
import type { CreatorStatus, CreatorTier } from '#lib/repositories/creators.ts';

export const CHART_WEEKS = 8;
export const TOP_CREATORS = 10;

type Counters = Readonly<Record<string, number>>;

/** A creator's counters for one week (its metrics item). */
export interface CreatorWeek {
  readonly creatorId: string;
  readonly counters: Counters;
}

/** What the report shows of a creator's profile. */
export interface CreatorProfile {
  readonly creatorId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly tier?: CreatorTier;
  readonly status: CreatorStatus;
}

/** Everything the report is computed from; the loader (functions/reports/data/) reads it, nothing here does I/O. */
export interface ReportInputs {
  readonly partner: ReportPartner;
  readonly week: string;
  readonly generatedAt: string;
  /** Counters of the chart's weeks (the week and the 7 before it), by week; a missing week had no events. */
  readonly weeklyCounters: Readonly<Record<string, Counters>>;
  /** The creators with events in the week. */
  readonly creators: readonly CreatorWeek[];
  /** Last week's items of (at least) the top creators, for their change. */
  readonly previousCreators: readonly CreatorWeek[];
  readonly profiles: Readonly<Record<string, CreatorProfile>>;
  readonly attention: Attention;
  readonly campaignsActive: GaugeFigure;
}

const roundTo = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** A count against last week's; the percentage (one decimal) only when last week was not zero. */
export function countFigure(current: number, previous: number): CountFigure {
  return {
    current,
    previous,
    change: current - previous,
    changePercent: previous === 0 ? null : roundTo(((current - previous) / Math.abs(previous)) * 100, 1),
  };
}

/** Approved / decided in percent with one decimal; null when nothing was decided. */
export function approvalRate(counters: Counters): number | null {
  const decided = counterValue(counters, REPORT_COUNTERS.creatorsDecided);
  if (decided === 0) return null;
  return roundTo((counterValue(counters, REPORT_COUNTERS.creatorsApproved) / decided) * 100, 1);
}

const onboardedIn = (counters: Counters) =>
  CREATOR_TIERS.reduce((sum, tier) => sum + counterValue(counters, onboardedCounter(tier)), 0);

/**
 * Currencies in the order the report shows them: first the one most creators sold in this week (the partner's
 * main market, since amounts in different currencies cannot be compared), then by code.
 */
export function currencyOrder(creators: readonly CreatorWeek[], currencies: Iterable<string>): string[] {
  const reach = new Map<string, number>();
  for (const creator of creators) {
    for (const [currency, amount] of Object.entries(moneyByCurrency(creator.counters, 'gmv'))) {
      if (amount > 0) reach.set(currency, (reach.get(currency) ?? 0) + 1);
    }
  }
  return [...new Set(currencies)].sort(
    (a, b) => (reach.get(b) ?? 0) - (reach.get(a) ?? 0) || a.localeCompare(b),
  );
}

function moneyFigures(
  current: Counters,
  previous: Counters,
  prefix: 'gmv' | 'commission',
  creators: readonly CreatorWeek[],
): MoneyFigure[] {
  const now = moneyByCurrency(current, prefix);
  const before = moneyByCurrency(previous, prefix);
  return currencyOrder(creators, [...Object.keys(now), ...Object.keys(before)]).map((currency) => ({
    currency,
    ...countFigure(now[currency] ?? 0, before[currency] ?? 0),
  }));
}

function headline(
  current: Counters,
  previous: Counters,
  campaignsActive: GaugeFigure,
  creators: readonly CreatorWeek[],
): HeadlineFigures {
  const count = (name: string) => countFigure(counterValue(current, name), counterValue(previous, name));
  const rateNow = approvalRate(current);
  const rateBefore = approvalRate(previous);
  const violations = Object.fromEntries(
    SEVERITIES.map((severity) => [severity, count(violationCounter(severity))]),
  ) as HeadlineFigures['violations'];
  const allViolations = (counters: Counters) =>
    SEVERITIES.reduce((sum, severity) => sum + counterValue(counters, violationCounter(severity)), 0);
  const rate: RateFigure = {
    current: rateNow,
    previous: rateBefore,
    changePoints: rateNow === null || rateBefore === null ? null : roundTo(rateNow - rateBefore, 1),
  };
  return {
    creatorsOnboarded: countFigure(onboardedIn(current), onboardedIn(previous)),
    creatorsOnboardedByTier: Object.fromEntries(
      CREATOR_TIERS.map((tier) => [tier, count(onboardedCounter(tier))]),
    ) as HeadlineFigures['creatorsOnboardedByTier'],
    applicationsDecided: count(REPORT_COUNTERS.creatorsDecided),
    approvalRate: rate,
    sellersAuthorized: count(REPORT_COUNTERS.sellersAuthorized),
    campaignsLaunched: count(REPORT_COUNTERS.campaignsLaunched),
    campaignsActive,
    campaignsEnded: count(REPORT_COUNTERS.campaignsEnded),
    invitationsSent: count(REPORT_COUNTERS.invitationsSent),
    affiliateOrders: count(REPORT_COUNTERS.ordersAffiliate),
    gmv: moneyFigures(current, previous, 'gmv', creators),
    commission: moneyFigures(current, previous, 'commission', creators),
    violations,
    violationsTotal: countFigure(allViolations(current), allViolations(previous)),
  };
}

/**
 * The top creators by GMV in each currency (at most `limit`, GMV above zero), highest first; ties go to more
 * orders, then to the creator id, so the order is stable from one build to the next. Currencies come in
 * `currencyOrder`.
 */
export function rankTopCreators(
  creators: readonly CreatorWeek[],
  limit = TOP_CREATORS,
): { currency: string; creators: { creatorId: string; gmv: number; orders: number }[] }[] {
  const currencies = new Set(
    creators.flatMap((creator) => Object.keys(moneyByCurrency(creator.counters, 'gmv'))),
  );
  return currencyOrder(creators, currencies).map((currency) => ({
    currency,
    creators: creators
      .map((creator) => ({
        creatorId: creator.creatorId,
        gmv: moneyByCurrency(creator.counters, 'gmv')[currency] ?? 0,
        orders: counterValue(creator.counters, REPORT_COUNTERS.ordersAffiliate),
      }))
      .filter((creator) => creator.gmv > 0)
      .sort((a, b) => b.gmv - a.gmv || b.orders - a.orders || a.creatorId.localeCompare(b.creatorId))
      .slice(0, limit),
  }));
}

/** The ids of every top creator (all currencies): whose last week the loader reads for the change. */
export const topCreatorIds = (creators: readonly CreatorWeek[]): string[] => [
  ...new Set(rankTopCreators(creators).flatMap((ranking) => ranking.creators.map((each) => each.creatorId))),
];

function topCreators(inputs: ReportInputs): TopCreators[] {
  const previous = new Map(inputs.previousCreators.map((creator) => [creator.creatorId, creator.counters]));
  return rankTopCreators(inputs.creators).map((ranking) => ({
    currency: ranking.currency,
    creators: ranking.creators.map((creator, index): TopCreator => {
      const profile = inputs.profiles[creator.creatorId];
      const before = moneyByCurrency(previous.get(creator.creatorId) ?? {}, 'gmv')[ranking.currency] ?? 0;
      return {
        rank: index + 1,
        creatorId: creator.creatorId,
        handle: profile?.handle ?? creator.creatorId,
        displayName: profile?.displayName ?? '',
        tier: profile?.tier ?? null,
        orders: creator.orders,
        gmv: countFigure(creator.gmv, before),
      };
    }),
  }));
}

function creatorRows(inputs: ReportInputs): CreatorRow[] {
  return inputs.creators
    .map((creator): CreatorRow => {
      const profile = inputs.profiles[creator.creatorId];
      return {
        creatorId: creator.creatorId,
        handle: profile?.handle ?? creator.creatorId,
        displayName: profile?.displayName ?? '',
        tier: profile?.tier ?? null,
        status: profile?.status ?? null,
        onboarded: onboardedIn(creator.counters) > 0,
        orders: counterValue(creator.counters, REPORT_COUNTERS.ordersAffiliate),
        gmv: moneyByCurrency(creator.counters, 'gmv'),
        commission: moneyByCurrency(creator.counters, 'commission'),
      };
    })
    .sort(
      (a, b) =>
        b.orders - a.orders || a.handle.localeCompare(b.handle) || a.creatorId.localeCompare(b.creatorId),
    );
}

function chart(inputs: ReportInputs): ChartWeek[] {
  return weeksEndingWith(inputs.week, CHART_WEEKS).map((week) => {
    const counters = inputs.weeklyCounters[week] ?? {};
    return {
      week,
      from: datesOf(week).from,
      onboarded: onboardedIn(counters),
      gmv: moneyByCurrency(counters, 'gmv'),
    };
  });
}

const hasActivity = (counters: Counters) => Object.values(counters).some((value) => value !== 0);

/**
 * Builds the week's report from its inputs: every figure against last week, the approval rate, the top creators
 * by GMV per currency, the 8-week chart, the CSV rows. Pure: the same inputs always give the same report.
 */
export function buildWeeklyReport(inputs: ReportInputs): WeeklyReport {
  const previousWeek = weeksBefore(inputs.week, 1);
  const current = inputs.weeklyCounters[inputs.week] ?? {};
  const previous = inputs.weeklyCounters[previousWeek] ?? {};
  const rows = creatorRows(inputs);
  const { from, to } = datesOf(inputs.week);
  return {
    figures: {
      partner: inputs.partner,
      week: inputs.week,
      previousWeek,
      from,
      to,
      generatedAt: inputs.generatedAt,
      quiet: !hasActivity(current) && rows.length === 0,
      headline: headline(current, previous, inputs.campaignsActive, inputs.creators),
      attention: inputs.attention,
      topCreators: topCreators(inputs),
      chart: chart(inputs),
    },
    creatorRows: rows,
  };
}
