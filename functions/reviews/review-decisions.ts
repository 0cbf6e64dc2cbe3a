import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { sfn } from '#lib/clients/sfn.ts';
import { logger } from '#lib/observability.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import {
  decideReview,
  getReview,
  markLateDecision,
  type Review,
  type ReviewDecision,
  reviewKey,
  withdrawDecision,
} from '#lib/repositories/reviews.ts';
import { TASK_TOKEN_GONE_ERRORS } from '#lib/workflows/errors.ts';

export interface DecisionRequest {
  readonly reviewId: string;
  /** Whether the decider may act for the review's partner (ops: any); otherwise the review is "not found". */
  readonly mayDecideFor: (partnerId: string) => boolean;
  readonly decision: ReviewDecision;
  readonly reason: string;
  /** `<role>:<keyId>` from the API, `manager:<email>` from a signed link. */
  readonly decidedBy: string;
  readonly now: Date;
}

export type DecisionOutcome =
  | { readonly kind: 'decided'; readonly review: Review }
  /** No such review, or another partner's: the caller cannot tell which. */
  | { readonly kind: 'not-found' }
  | { readonly kind: 'already-decided'; readonly review: Review }
  /** Recorded, but the workflow no longer waited for it (the review had timed out after its reminder). */
  | { readonly kind: 'too-late'; readonly review: Review };

/**
 * What the waiting workflow task receives: onboarding's ASL reads it as `$.review`, violation handling's as
 * `$.review` (approve confirms the report) or `$.appealDecision` (approve overturns the decision).
 */
export interface DecisionOutput {
  readonly decision: ReviewDecision;
  readonly reason: string;
  readonly decidedBy: string;
  readonly reviewId: string;
}

/**
 * Decides a pending review exactly once and resumes the workflow waiting on it. A decision the workflow no
 * longer waits for stays recorded and is marked late; one that could not be delivered for a transient reason is
 * withdrawn again (so a retry can decide) and the error is rethrown.
 */
export async function decidePendingReview(request: DecisionRequest): Promise<DecisionOutcome> {
  const current = await getReview(request.reviewId);
  if (current === undefined || !request.mayDecideFor(current.partnerId)) return { kind: 'not-found' };
  if (current.status !== 'PENDING') return { kind: 'already-decided', review: current };
  const at = request.now.toISOString();
  const decided = await decideReview(request.reviewId, {
    decision: request.decision,
    reason: request.reason,
    decidedBy: request.decidedBy,
    at,
  });
  if (decided === undefined) {
    return { kind: 'already-decided', review: (await getReview(request.reviewId)) ?? current };
  }
  const { review, taskToken } = decided;
  const audit = (action: string, before: Record<string, unknown>, after: Record<string, unknown>) =>
    recordAudit({
      entityKey: reviewKey(review.reviewId).pk,
      changeId: `${action}#${at}#${request.decidedBy}`,
      action,
      actor: request.decidedBy,
      at,
      executionId: review.executionId,
      before,
      after,
    });
  const pending = { status: 'PENDING' };
  const recorded = { status: review.status, decision: request.decision, reason: request.reason };
  await audit('review.decided', pending, recorded);
  const output: DecisionOutput = {
    decision: request.decision,
    reason: request.reason,
    decidedBy: request.decidedBy,
    reviewId: review.reviewId,
  };
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  } catch (error) {
    const name = error instanceof Error ? error.name : 'UnknownError';
    if (TASK_TOKEN_GONE_ERRORS.has(name) && review.remindedAt === undefined) {
      // The first wait timed out and the reminder has not re-armed the review yet: the reminder step finds
      // this decision recorded and resumes the workflow with it, so the decision stands.
      return { kind: 'decided', review };
    }
    if (TASK_TOKEN_GONE_ERRORS.has(name)) {
      const marked = await markLateDecision(review.reviewId, name, at);
      await audit('review.decided-late', recorded, { ...recorded, lateBecause: name });
      return { kind: 'too-late', review: marked ?? review };
    }
    if (await withdrawDecision(review)) {
      await audit('review.decision-withdrawn', recorded, { ...pending, undeliveredBecause: name });
    } else {
      logger.error('A decision that could not be delivered could not be withdrawn', {
        reviewId: review.reviewId,
      });
    }
    throw error;
  }
  return { kind: 'decided', review };
}
