import type { Severity } from '#lib/repositories/violation-history.ts';

/**
 * The violation policy: how a report's severity and the subject's recent history become an action. Plain data
 * and pure functions (no AWS): the workflow's steps and the unit tests call the same code.
 */

/** TikTok Shop's own limit: e-commerce access ends at the sixth confirmed violation in 90 days. */
export const TIKTOK_BAN_STRIKES = 6;

export type ReviewTimeoutDecision = 'confirm' | 'dismiss';
export type AppealTimeoutDecision = 'uphold' | 'overturn';

export interface ViolationPolicy {
  /** Strikes count confirmed violations in this many days, rolling. */
  readonly strikeWindowDays: number;
  /** The nth strike in the window turns a low into a medium (3: "the third strike is handled as medium"). */
  readonly lowEscalatesAtStrike: number;
  /** The nth medium in the window turns a medium into a high (3: "the third medium is handled as high"). */
  readonly mediumEscalatesAtCount: number;
  /** This many confirmed strikes in the window ban the subject (at most TikTok's six). */
  readonly banAtStrikes: number;
  readonly restrictionDays: number;
  readonly suspensionDays: number;
  /** A manager decides a high or critical report within this many hours (the SLA) ... */
  readonly reviewSlaHours: number;
  /** ... then the escalation contacts are told, and this many hours more pass before the default applies. */
  readonly escalationHours: number;
  /** Past both windows: a high report is confirmed (suspension) or dismissed. */
  readonly highReviewTimeoutDecision: ReviewTimeoutDecision;
  /** Past both windows: a critical report is confirmed (ban) or its interim suspension lifted. */
  readonly criticalReviewTimeoutDecision: ReviewTimeoutDecision;
  /** The subject may appeal within this many days of the decision. */
  readonly appealWindowDays: number;
  /** Past both windows of an appeal review: the action is upheld or overturned. */
  readonly appealTimeoutDecision: AppealTimeoutDecision;
  /** Who is emailed when a review misses its SLA; empty means the partner's managers. */
  readonly escalationEmails: readonly string[];
  /** A creator with this many strikes in the window shows in the weekly report as close to a ban. */
  readonly atRiskStrikes: number;
}

export const DEFAULT_VIOLATION_POLICY: ViolationPolicy = {
  strikeWindowDays: 90,
  lowEscalatesAtStrike: 3,
  mediumEscalatesAtCount: 3,
  banAtStrikes: TIKTOK_BAN_STRIKES,
  restrictionDays: 7,
  suspensionDays: 30,
  reviewSlaHours: 24,
  escalationHours: 24,
  highReviewTimeoutDecision: 'confirm',
  criticalReviewTimeoutDecision: 'confirm',
  appealWindowDays: 30,
  appealTimeoutDecision: 'uphold',
  escalationEmails: [],
  atRiskStrikes: 4,
};

/** What a confirmed violation does to its subject. */
export type ViolationAction = 'WARNING' | 'RESTRICTION' | 'SUSPENSION' | 'BAN';

/**
 * How the workflow proceeds: `auto` confirms at once (low, medium); `review` asks a manager first (high);
 * `suspend-then-review` suspends at once and then asks a manager to confirm (ban) or lift (critical).
 */
export type DecisionRoute = 'auto' | 'review' | 'suspend-then-review';

/** Why the effective severity or the action differs from what was reported. */
export type EscalationReason = 'REPEATED_LOW' | 'REPEATED_MEDIUM';

/** One confirmed violation as it counts: its effective severity and when it was confirmed. */
export interface Strike {
  readonly violationId: string;
  readonly severity: Severity;
  readonly at: string;
}

export interface ViolationDecision {
  readonly reportedSeverity: Severity;
  /** After escalation by repeat count. */
  readonly severity: Severity;
  readonly escalations: readonly EscalationReason[];
  readonly route: DecisionRoute;
  /** What confirming the violation does, before the ban threshold is applied (at confirmation). */
  readonly proposedAction: ViolationAction;
  /** Confirmed strikes in the window before this one. */
  readonly strikesBefore: number;
  readonly mediumStrikesBefore: number;
}

const DAY_MS = 86_400_000;

/** The strikes that count at `now`: confirmed within the rolling window, other violations only. */
export function strikesInWindow(
  strikes: readonly Strike[],
  policy: Pick<ViolationPolicy, 'strikeWindowDays'>,
  now: Date,
  excludeViolationId?: string,
): Strike[] {
  const since = now.getTime() - policy.strikeWindowDays * DAY_MS;
  return strikes.filter(
    (strike) => strike.violationId !== excludeViolationId && Date.parse(strike.at) > since,
  );
}

const ACTION_OF: Readonly<Record<Severity, ViolationAction>> = {
  low: 'WARNING',
  medium: 'RESTRICTION',
  high: 'SUSPENSION',
  critical: 'BAN',
};

const ROUTE_OF: Readonly<Record<Severity, DecisionRoute>> = {
  low: 'auto',
  medium: 'auto',
  high: 'review',
  critical: 'suspend-then-review',
};

/** Confirmed strikes in the window before this violation: all of them, and those of effective severity medium. */
export interface PriorStrikes {
  readonly inWindow: number;
  readonly mediumInWindow: number;
}

/** Counts the strikes that bear on a new violation. */
export function priorStrikesOf(strikes: readonly Strike[]): PriorStrikes {
  return {
    inWindow: strikes.length,
    mediumInWindow: strikes.filter((strike) => strike.severity === 'medium').length,
  };
}

/**
 * Decides the effective severity and the route of a report from the strikes already counted in the window:
 * the `lowEscalatesAtStrike`-th strike turns a low into a medium, and the `mediumEscalatesAtCount`-th medium
 * (escalated lows included) turns a medium into a high, in that order, so a repeated low may become a high.
 */
export function decideViolation(
  policy: ViolationPolicy,
  reportedSeverity: Severity,
  prior: PriorStrikes,
): ViolationDecision {
  const escalations: EscalationReason[] = [];
  let severity = reportedSeverity;
  if (severity === 'low' && prior.inWindow + 1 >= policy.lowEscalatesAtStrike) {
    severity = 'medium';
    escalations.push('REPEATED_LOW');
  }
  if (severity === 'medium' && prior.mediumInWindow + 1 >= policy.mediumEscalatesAtCount) {
    severity = 'high';
    escalations.push('REPEATED_MEDIUM');
  }
  return {
    reportedSeverity,
    severity,
    escalations,
    route: ROUTE_OF[severity],
    proposedAction: ACTION_OF[severity],
    strikesBefore: prior.inWindow,
    mediumStrikesBefore: prior.mediumInWindow,
  };
}

/**
 * The action a confirmation applies: the proposed one, or a ban once the strikes in the window (this one
 * included) reach the ban threshold.
 */
export function confirmedAction(
  policy: Pick<ViolationPolicy, 'banAtStrikes'>,
  proposed: ViolationAction,
  strikesIncludingThis: number,
): { readonly action: ViolationAction; readonly banThresholdReached: boolean } {
  const banThresholdReached = strikesIncludingThis >= policy.banAtStrikes;
  return { action: banThresholdReached ? 'BAN' : proposed, banThresholdReached };
}

/** The subject statuses an action sets; a warning changes no status. */
export type EnforcementStatus = 'RESTRICTED' | 'SUSPENDED' | 'BANNED';

export const ENFORCEMENT_STATUSES: readonly EnforcementStatus[] = ['RESTRICTED', 'SUSPENDED', 'BANNED'];

const STATUS_OF: Readonly<Record<ViolationAction, EnforcementStatus | undefined>> = {
  WARNING: undefined,
  RESTRICTION: 'RESTRICTED',
  SUSPENSION: 'SUSPENDED',
  BAN: 'BANNED',
};

/** What an action puts in force and until when (a ban has no end); undefined for a warning. */
export function enforcementFor(
  policy: Pick<ViolationPolicy, 'restrictionDays' | 'suspensionDays'>,
  action: ViolationAction,
  startsAt: Date,
): { readonly status: EnforcementStatus; readonly endsAt?: string } | undefined {
  const status = STATUS_OF[action];
  if (status === undefined) return undefined;
  const days =
    status === 'RESTRICTED' ? policy.restrictionDays : status === 'SUSPENDED' ? policy.suspensionDays : 0;
  return days === 0
    ? { status }
    : { status, endsAt: new Date(startsAt.getTime() + days * DAY_MS).toISOString() };
}

const STRENGTH: Readonly<Record<EnforcementStatus, number>> = { RESTRICTED: 1, SUSPENDED: 2, BANNED: 3 };

/** The strongest of several enforcements in force (a ban over a suspension over a restriction). */
export function strongestStatus(statuses: readonly EnforcementStatus[]): EnforcementStatus | undefined {
  return statuses.reduce<EnforcementStatus | undefined>(
    (strongest, status) =>
      strongest === undefined || STRENGTH[status] > STRENGTH[strongest] ? status : strongest,
    undefined,
  );
}

/**
 * Whether an enforcement pauses the subject's campaigns: every suspension and ban does, and a seller's
 * restriction (its campaigns pause); a restricted creator keeps its campaigns but cannot be invited to new ones.
 */
export function pausesCampaigns(subjectType: 'creator' | 'seller', status: EnforcementStatus): boolean {
  return status !== 'RESTRICTED' || subjectType === 'seller';
}
