import type { CreatorStatus, CreatorTier } from '#lib/repositories/creators.ts';
import type { Severity } from '#lib/repositories/violation-history.ts';

/** A count this week against last week; `changePercent` is null when last week was zero. */
export interface CountFigure {
  readonly current: number;
  readonly previous: number;
  readonly change: number;
  readonly changePercent: number | null;
}

/** A money amount (integer minor units) in one currency, this week against last week. */
export interface MoneyFigure extends CountFigure {
  readonly currency: string;
}

/** A percentage (one decimal) this week against last week; null when there was nothing to rate. */
export interface RateFigure {
  readonly current: number | null;
  readonly previous: number | null;
  /** Percentage points. */
  readonly changePoints: number | null;
}

/** A level read when the report was built (not a count of events); `previous` is last week's report's value. */
export interface GaugeFigure {
  readonly current: number;
  readonly previous: number | null;
}

export interface HeadlineFigures {
  readonly creatorsOnboarded: CountFigure;
  readonly creatorsOnboardedByTier: Readonly<Record<CreatorTier, CountFigure>>;
  readonly applicationsDecided: CountFigure;
  /** Approved / decided applications, in percent. */
  readonly approvalRate: RateFigure;
  readonly sellersAuthorized: CountFigure;
  readonly campaignsLaunched: CountFigure;
  readonly campaignsActive: GaugeFigure;
  readonly campaignsEnded: CountFigure;
  readonly invitationsSent: CountFigure;
  readonly affiliateOrders: CountFigure;
  /** One entry per currency seen in either week, sorted by code. */
  readonly gmv: readonly MoneyFigure[];
  readonly commission: readonly MoneyFigure[];
  readonly violations: Readonly<Record<Severity, CountFigure>>;
  readonly violationsTotal: CountFigure;
}

export interface AttentionItem {
  readonly id: string;
  /** User-supplied text (a handle, a shop name): escaped wherever it is rendered. */
  readonly title: string;
  readonly detail: string;
  readonly dueAt?: string;
}

/** A "needs attention" list: the total, and the first items (at most ATTENTION_ITEMS_SHOWN). */
export interface AttentionList {
  readonly total: number;
  readonly items: readonly AttentionItem[];
}

export interface Attention {
  readonly reviewsPending: AttentionList;
  readonly reviewsPastSla: AttentionList;
  /** Authorization expiring within 14 days, or to be renewed (issue 4). */
  readonly sellersAuthorization: AttentionList;
  /** Restricted, or 4+ strikes in 90 days (issue 6). */
  readonly creatorsAtRisk: AttentionList;
  /** Campaigns ending in the week that starts with the report (issues 4-5). */
  readonly campaignsEnding: AttentionList;
}

export interface TopCreator {
  readonly rank: number;
  readonly creatorId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly tier: CreatorTier | null;
  readonly orders: number;
  /** GMV this week, minor units; `previous`/`change` against last week. */
  readonly gmv: CountFigure;
}

export interface TopCreators {
  readonly currency: string;
  readonly creators: readonly TopCreator[];
}

export interface ChartWeek {
  readonly week: string;
  /** Monday of the week. */
  readonly from: string;
  readonly onboarded: number;
  /** GMV per currency, minor units. */
  readonly gmv: Readonly<Record<string, number>>;
}

export interface ReportPartner {
  readonly partnerId: string;
  readonly name: string;
  readonly timezone: string;
}

/** Everything the email shows, and exactly what `GET /v1/reports/{partnerId}/{week}` answers. */
export interface ReportFigures {
  readonly partner: ReportPartner;
  readonly week: string;
  readonly previousWeek: string;
  /** Monday and Sunday of the week, in the partner's time zone. */
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  /** True when the week recorded no activity at all: the email is a short "quiet week" note. */
  readonly quiet: boolean;
  readonly headline: HeadlineFigures;
  readonly attention: Attention;
  readonly topCreators: readonly TopCreators[];
  /** The last 8 weeks, oldest first, ending with `week`. */
  readonly chart: readonly ChartWeek[];
}

/** One CSV row: a creator with activity in the week (onboarded, decided, or selling). */
export interface CreatorRow {
  readonly creatorId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly tier: CreatorTier | null;
  readonly status: CreatorStatus | null;
  readonly onboarded: boolean;
  readonly orders: number;
  readonly gmv: Readonly<Record<string, number>>;
  readonly commission: Readonly<Record<string, number>>;
}

export interface WeeklyReport {
  readonly figures: ReportFigures;
  readonly creatorRows: readonly CreatorRow[];
}
