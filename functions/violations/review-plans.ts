import { policyInWords } from '#functions/violations/emails.ts';
import type { ViolationContext, ViolationState } from '#functions/violations/tasks/state.ts';
import type { ReviewDecision } from '#lib/repositories/reviews.ts';
import type { Violation } from '#lib/repositories/violations.ts';

/**
 * What a manager is asked, per kind of review: what approving and rejecting do (shown in the review's summary,
 * on the confirmation page and in the email), why a person decides, and what happens when nobody does.
 *
 * - A violation review: approve confirms the report (the action applies, a strike counts); reject dismisses
 *   it (high) or lifts the interim suspension (critical), with no strike.
 * - An appeal review: approve grants the appeal (overturned: status restored, strike removed, campaigns
 *   resumed); reject upholds the decision.
 */
export interface ReviewPlan {
  readonly reasons: readonly string[];
  readonly summary: Readonly<Record<string, string | number>>;
  readonly figures: readonly (readonly [string, string])[];
  readonly ifApproved: string;
  readonly ifRejected: string;
  readonly statement?: string;
  readonly evidence: readonly string[];
  readonly defaultDecision: ReviewDecision;
  readonly defaultOutcome: string;
}

const SUMMARY_TEXT_LIMIT = 500;
const clip = (text: string) =>
  text.length > SUMMARY_TEXT_LIMIT ? `${text.slice(0, SUMMARY_TEXT_LIMIT - 1)}…` : text;

function violationWords(violation: Violation, ctx: ViolationContext) {
  const critical = violation.decision?.route === 'suspend-then-review';
  const { policy } = ctx;
  const ifApproved = critical
    ? 'Confirm the report: the interim suspension becomes a ban, and a strike counts.'
    : `Confirm the report: suspend for ${policy.suspensionDays} days (a ban if this is strike ${policy.banAtStrikes}), and a strike counts.`;
  const ifRejected = critical
    ? 'Lift the interim suspension: no strike, the status is restored and paused campaigns resume.'
    : 'Dismiss the report: no strike and no action.';
  const confirmByDefault =
    (critical ? policy.criticalReviewTimeoutDecision : policy.highReviewTimeoutDecision) === 'confirm';
  return {
    ifApproved,
    ifRejected,
    defaultDecision: (confirmByDefault ? 'approve' : 'reject') as ReviewDecision,
    defaultOutcome: confirmByDefault ? ifApproved : ifRejected,
  };
}

function appealWords(ctx: ViolationContext) {
  const ifApproved =
    'Overturn the decision: the strike is removed, the status restored and paused campaigns resume.';
  const ifRejected = 'Uphold the decision: the action and the strike stand.';
  const overturnByDefault = ctx.policy.appealTimeoutDecision === 'overturn';
  return {
    ifApproved,
    ifRejected,
    defaultDecision: (overturnByDefault ? 'approve' : 'reject') as ReviewDecision,
    defaultOutcome: overturnByDefault ? ifApproved : ifRejected,
  };
}

/** The plan of a violation's review or of its appeal's review. */
export function reviewPlanFor(
  kind: 'violation' | 'appeal',
  violation: Violation,
  ctx: ViolationContext,
  state: Pick<ViolationState, 'strikes'>,
): ReviewPlan {
  const words = kind === 'appeal' ? appealWords(ctx) : violationWords(violation, ctx);
  const policy = policyInWords(violation.policy);
  const severity = violation.decision?.severity ?? violation.severity;
  const strikes = state.strikes?.inWindow ?? 0;
  const subject = `${violation.subject.type} ${ctx.subjectName}`;
  const reasons =
    kind === 'appeal'
      ? ['APPEAL']
      : [`${severity.toUpperCase()}_SEVERITY`, ...(violation.decision?.escalations ?? [])];
  const statement = kind === 'appeal' ? violation.appeal?.statement : undefined;
  return {
    ...words,
    reasons,
    summary: {
      subject,
      ...(violation.subject.type === 'creator' ? { handle: ctx.subjectName.replace(/^@/, '') } : {}),
      policy: policy.title,
      reportedSeverity: violation.severity,
      severity,
      strikesBefore: strikes,
      occurredAt: violation.occurredAt,
      ...(kind === 'appeal' && violation.confirmation !== undefined
        ? { action: violation.confirmation.action }
        : {}),
      ...(statement === undefined ? {} : { statement: clip(statement) }),
      ifApproved: words.ifApproved,
      ifRejected: words.ifRejected,
    },
    figures: [
      ['Subject', subject],
      ['Policy', policy.title],
      ['Reported severity', violation.severity],
      ['Severity with history', severity],
      [`Strikes in ${ctx.policy.strikeWindowDays} days before`, String(strikes)],
      ['Occurred', violation.occurredAt],
      ['Reported by', violation.reportedBy],
      ...(violation.confirmation === undefined
        ? []
        : [['Action taken', violation.confirmation.action] as const]),
      ['Violation', violation.violationId],
    ],
    ...(statement === undefined ? {} : { statement }),
    evidence: violation.evidence.map((item) => item.value),
  };
}
