import { auditViolation } from '#functions/violations/audit.ts';
import { confirmedAction, strikesInWindow } from '#functions/violations/domain/policy.ts';
import { strikesOf, withStrike } from '#functions/violations/domain/standing.ts';
import { recordHistory, requireViolation, withReviewDecision } from '#functions/violations/records.ts';
import {
  type ConfirmationResult,
  contextOf,
  decisionOf,
  type ViolationState,
} from '#functions/violations/tasks/state.ts';
import { changeStanding } from '#lib/repositories/subject-standing.ts';
import { changeViolation, type Violation } from '#lib/repositories/violations.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

const DAY_MS = 86_400_000;

/** What the workflow carries on: the stored confirmation, and the seconds left of its appeal window. */
function confirmationResult(violation: Violation, now: Date): ConfirmationResult {
  const confirmation = violation.confirmation;
  if (confirmation === undefined) throw new Error(`Violation ${violation.violationId} is not confirmed`);
  return {
    action: confirmation.action,
    strikesInWindow: confirmation.strikesInWindow,
    banThresholdReached: confirmation.banThresholdReached,
    appealDeadline: confirmation.appealDeadline,
    appealWindowSeconds: Math.max(
      1,
      Math.ceil((Date.parse(confirmation.appealDeadline) - now.getTime()) / 1000),
    ),
  };
}

/**
 * ConfirmViolation: the violation stands (automatically for low and medium, by a manager or the policy's default
 * for high and critical). Its strike counts once in the subject's standing; the action is the proposed one, or
 * a ban when the strikes in the window reach the threshold; the appeal window opens.
 */
export async function confirmViolation(
  state: ViolationState,
  context: TaskContext,
): Promise<ConfirmationResult> {
  const ctx = contextOf(state);
  const decision = decisionOf(state);
  const review = state.review;
  const now = new Date();
  const at = now.toISOString();
  const existing = await requireViolation(state.violationId);
  if (existing.confirmation !== undefined) return confirmationResult(existing, now);
  const standing = await changeStanding(
    ctx.subject,
    { partnerId: state.partnerId, subjectName: ctx.subjectName },
    (current) => withStrike(current, state.violationId, { severity: decision.severity, at }, ctx.policy, now),
    at,
  );
  const strikes = strikesInWindow(strikesOf(standing), ctx.policy, now).length;
  const { action, banThresholdReached } = confirmedAction(ctx.policy, decision.proposedAction, strikes);
  const confirmedBy = review?.decidedBy ?? 'system:ConfirmViolation';
  const confirmation = {
    action,
    banThresholdReached,
    strikesInWindow: strikes,
    confirmedAt: at,
    confirmedBy,
    appealDeadline: new Date(now.getTime() + ctx.policy.appealWindowDays * DAY_MS).toISOString(),
  };
  const outcome = await changeViolation(
    state.violationId,
    (current) =>
      current.confirmation !== undefined
        ? undefined
        : {
            set: {
              status: 'CONFIRMED',
              confirmation,
              ...(review === undefined ? {} : withReviewDecision(current, review, at)),
            },
          },
    at,
  );
  const confirmed = outcome?.after ?? existing;
  await recordHistory(confirmed, 'CONFIRMED');
  await auditViolation({
    violationId: state.violationId,
    step: 'ConfirmViolation',
    action: 'violation.confirmed',
    actor: confirmedBy,
    at,
    executionId: context.executionId,
    before: { status: outcome?.before.status ?? existing.status },
    after: {
      status: 'CONFIRMED',
      action: confirmed.confirmation?.action,
      strikesInWindow: confirmed.confirmation?.strikesInWindow,
      banThresholdReached: confirmed.confirmation?.banThresholdReached,
      appealDeadline: confirmed.confirmation?.appealDeadline,
      ...(review === undefined ? {} : { reviewId: review.reviewId, reason: review.reason }),
    },
  });
  return confirmationResult(confirmed, now);
}
