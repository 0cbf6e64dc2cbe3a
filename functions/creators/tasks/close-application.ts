import type { OnboardingState } from '#functions/creators/tasks/state.ts';
import { reviewIdFor } from '#functions/creators/tasks/state.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { creatorKey, releaseHandle, transitionCreator } from '#lib/repositories/creators.ts';
import { expireReview } from '#lib/repositories/reviews.ts';

/**
 * Ends an application as REJECTED: the creator record, the handle (released only if this creator holds it),
 * any pending review, and the audit trail. Every part is idempotent, so the step can be retried or redriven.
 */
export async function closeApplication(
  state: OnboardingState,
  executionId: string,
  step: string,
  reasons: readonly string[],
  cause?: string,
): Promise<void> {
  const now = new Date().toISOString();
  const before = await transitionCreator(
    state.creatorId,
    ['SCREENING', 'IN_REVIEW'],
    { status: 'REJECTED', reasons, decidedAt: now },
    now,
  );
  await releaseHandle(state.creator.handle.trim().toLowerCase(), state.creatorId);
  await expireReview(reviewIdFor(state.creatorId), now);
  await recordAudit({
    entityKey: creatorKey(state.creatorId).pk,
    changeId: `${executionId}#${step}`,
    action: 'creator.rejected',
    actor: state.review?.decision === 'reject' ? state.review.decidedBy : `system:${step}`,
    at: now,
    executionId,
    before: before === undefined ? undefined : { status: before.status },
    after: { status: 'REJECTED', reasons, ...(cause === undefined ? {} : { cause }) },
  });
}
