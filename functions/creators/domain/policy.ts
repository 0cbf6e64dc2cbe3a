/**
 * Creator onboarding policy: TikTok Shop's affiliate floor plus the partner's own thresholds.
 * Pure: no AWS, no clock — every input, including `today`, is passed in.
 */

export type Tier = 'top' | 'mid' | 'long-tail';

export type RejectionReason = 'UNDER_AGE' | 'TOO_FEW_FOLLOWERS' | 'OPEN_CRITICAL_VIOLATION';
export type ReviewReason = 'LOW_ENGAGEMENT' | 'PRIOR_VIOLATION' | 'REGION_NOT_SERVED';

export interface CreatorFigures {
  readonly followers: number;
  readonly avgViews: number;
  readonly engagementRate: number;
  /** USD, whole cents are irrelevant to tiering. */
  readonly gmv30d: number;
  readonly birthDate: string;
  readonly region: string;
}

export interface ViolationSummary {
  readonly openCritical: number;
  /** Earlier violations of medium severity or higher, whatever their state. */
  readonly mediumOrHigher: number;
}

export interface OnboardingPolicy {
  readonly topFollowers: number;
  readonly topGmv30d: number;
  readonly midFollowers: number;
  readonly midGmv30d: number;
  readonly pilotBelowFollowers: number;
  readonly pilotDays: number;
  readonly reviewEngagementBelow: number;
  /** ISO 3166 alpha-2 codes; undefined means every region. */
  readonly servedRegions: readonly string[] | undefined;
  readonly reviewTimeoutHours: number;
  readonly reminderTimeoutHours: number;
}

/** TikTok Shop's affiliate rules: no partner setting can go below these. */
export const TIKTOK_FLOOR = { minimumAge: 18, minimumFollowers: 1_000, pilotBelowFollowers: 5_000 } as const;

export const DEFAULT_ONBOARDING_POLICY: OnboardingPolicy = {
  topFollowers: 1_000_000,
  topGmv30d: 100_000,
  midFollowers: 100_000,
  midGmv30d: 10_000,
  pilotBelowFollowers: TIKTOK_FLOOR.pilotBelowFollowers,
  pilotDays: 30,
  reviewEngagementBelow: 0.01,
  servedRegions: undefined,
  reviewTimeoutHours: 72,
  reminderTimeoutHours: 24,
};

export interface ApprovalTerms {
  readonly tier: Tier;
  /** Set for creators below the pilot threshold: they start as long-tail on a 30-day pilot. */
  readonly pilotEndsAt?: string;
}

export type OnboardingDecision =
  | { readonly kind: 'reject'; readonly reasons: readonly RejectionReason[] }
  | ({ readonly kind: 'review'; readonly reasons: readonly ReviewReason[] } & ApprovalTerms)
  | ({ readonly kind: 'approve'; readonly reasons: readonly 'PILOT'[] } & ApprovalTerms);

/** Whole years between a `YYYY-MM-DD` birth date and `today` (a birthday counts on its day). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  if (
    by === undefined ||
    bm === undefined ||
    bd === undefined ||
    ty === undefined ||
    tm === undefined ||
    td === undefined
  ) {
    throw new Error(`Dates must be YYYY-MM-DD: ${birthDate}, ${today}`);
  }
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

/** The tier a creator's reach and sales earn, by the partner's thresholds. */
export function tierFor(
  figures: Pick<CreatorFigures, 'followers' | 'gmv30d'>,
  policy: OnboardingPolicy,
): Tier {
  if (figures.followers >= policy.topFollowers || figures.gmv30d >= policy.topGmv30d) return 'top';
  if (figures.followers >= policy.midFollowers || figures.gmv30d >= policy.midGmv30d) return 'mid';
  return 'long-tail';
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString();
}

/**
 * Decides an application: rejection beats review beats approval; every reason that applies is listed.
 * `today` is the UTC date of the decision (YYYY-MM-DD).
 */
export function decideOnboarding(
  figures: CreatorFigures,
  violations: ViolationSummary,
  policy: OnboardingPolicy,
  today: string,
): OnboardingDecision {
  const rejections: RejectionReason[] = [];
  if (ageOn(figures.birthDate, today) < TIKTOK_FLOOR.minimumAge) rejections.push('UNDER_AGE');
  if (figures.followers < TIKTOK_FLOOR.minimumFollowers) rejections.push('TOO_FEW_FOLLOWERS');
  if (violations.openCritical > 0) rejections.push('OPEN_CRITICAL_VIOLATION');
  if (rejections.length > 0) return { kind: 'reject', reasons: rejections };

  const terms = approvalTerms(figures, policy, today);
  const reviews: ReviewReason[] = [];
  if (figures.engagementRate < policy.reviewEngagementBelow) reviews.push('LOW_ENGAGEMENT');
  if (violations.mediumOrHigher > 0) reviews.push('PRIOR_VIOLATION');
  if (policy.servedRegions !== undefined && !policy.servedRegions.includes(figures.region)) {
    reviews.push('REGION_NOT_SERVED');
  }
  if (reviews.length > 0) return { kind: 'review', ...terms, reasons: reviews };
  return { kind: 'approve', ...terms, reasons: terms.pilotEndsAt === undefined ? [] : ['PILOT'] };
}

/** The tier and pilot a creator is approved on, whether automatically or by a manager. */
export function approvalTerms(
  figures: Pick<CreatorFigures, 'followers' | 'gmv30d'>,
  policy: OnboardingPolicy,
  today: string,
): ApprovalTerms {
  const pilotBelow = Math.max(policy.pilotBelowFollowers, TIKTOK_FLOOR.pilotBelowFollowers);
  if (figures.followers < pilotBelow)
    return { tier: 'long-tail', pilotEndsAt: addDays(today, policy.pilotDays) };
  return { tier: tierFor(figures, policy) };
}
