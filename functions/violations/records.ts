import { loadSubject } from '#functions/violations/subjects.ts';
import type { ReviewResult } from '#functions/violations/tasks/state.ts';
import {
  type ViolationState as HistoryState,
  putHandleViolation,
} from '#lib/repositories/violation-history.ts';
import { getViolation, type Violation, type ViolationReviewRecord } from '#lib/repositories/violations.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';

/** The violation a step works on; its absence is a business error (the API always stores it first). */
export async function requireViolation(violationId: string): Promise<Violation> {
  const violation = await getViolation(violationId);
  if (violation === undefined) {
    throw new BusinessRuleError('ViolationMissing', `Violation ${violationId} is not in the table`);
  }
  return violation;
}

/**
 * Writes the violation into the handle's history, which creator onboarding screens against (creators only: a
 * seller has no handle). The history keeps the effective severity and the state an auditor would name.
 */
export async function recordHistory(
  violation: Pick<Violation, 'violationId' | 'subject' | 'occurredAt' | 'severity' | 'decision'>,
  state: HistoryState,
): Promise<void> {
  if (violation.subject.type !== 'creator') return;
  const subject = await loadSubject(violation.subject);
  if (subject?.handle === undefined) return;
  await putHandleViolation({
    handle: subject.handle,
    violationId: violation.violationId,
    severity: violation.decision?.severity ?? violation.severity,
    state,
    occurredAt: violation.occurredAt,
  });
}

/**
 * The violation's review record with the decision the workflow received, as fields for a change's `set`; nothing
 * when no review was opened (a low or medium report). A decision the policy's default made says so.
 */
export function withReviewDecision(
  current: Pick<Violation, 'review'>,
  review: ReviewResult,
  decidedAt: string,
): { readonly review?: ViolationReviewRecord } {
  if (current.review === undefined) return {};
  return {
    review: {
      ...current.review,
      decision: review.decision,
      decidedBy: review.decidedBy,
      decidedAt,
      ...(review.defaulted === true ? { defaulted: true } : {}),
    },
  };
}
