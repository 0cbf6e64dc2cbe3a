import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { renderReviewRequestEmail } from '#functions/creators/emails.ts';
import {
  applicationOf,
  type OnboardingState,
  type ReviewResult,
  reviewIdFor,
} from '#functions/creators/tasks/state.ts';
import { reviewDecisionUrls } from '#lib/auth/review-links.ts';
import { sfn } from '#lib/clients/sfn.ts';
import { optionalEnv } from '#lib/config.ts';
import { sendEmail } from '#lib/email/send.ts';
import { recordReviewPastSla } from '#lib/metrics/review-sla.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { creatorKey, transitionCreator } from '#lib/repositories/creators.ts';
import { decisionResultOf, getReview, openReview, type Review } from '#lib/repositories/reviews.ts';
import { loadSecrets } from '#lib/secrets.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

await loadSecrets(['REVIEW_LINK_SECRET']);

const API_BASE_URL = optionalEnv('API_BASE_URL', 'http://127.0.0.1:3000');

const formatUsd = (amount: number) => amount.toFixed(2);

/** A review decided while no task was waiting (between a time-out and the reminder): resume with it at once. */
async function resumeWithDecision(review: Review, taskToken: string): Promise<void> {
  const output: ReviewResult = decisionResultOf(review);
  await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
}

/**
 * Opens (or, for the reminder, re-arms) the manager review of an application, moves the creator to IN_REVIEW
 * and emails every manager of the partner. The execution then waits for the decision on the task token.
 */
export async function requestReview(
  state: OnboardingState,
  context: TaskContext,
): Promise<{ reviewId: string }> {
  const { creator, partner, policy } = applicationOf(state);
  const decision = state.decision;
  if (decision === undefined || decision.kind !== 'review')
    throw new Error('No review was decided for this application');
  if (context.taskToken === undefined) throw new Error('RequestReview must run as a .waitForTaskToken task');
  const reminder = context.args.phase === 'reminder';
  const reviewId = reviewIdFor(state.creatorId);
  const now = new Date();
  const dueAt = new Date(
    now.getTime() + (reminder ? policy.reminderTimeoutHours : policy.reviewTimeoutHours) * 3_600_000,
  ).toISOString();

  const existing = await getReview(reviewId);
  if (existing !== undefined && existing.status !== 'PENDING') {
    await resumeWithDecision(existing, context.taskToken);
    return { reviewId };
  }
  // The reminder runs because the first wait ran out: the review is past its SLA (counted once, not on a retry).
  if (reminder && existing !== undefined && existing.remindedAt === undefined) recordReviewPastSla(existing);
  const review: Review = {
    reviewId,
    partnerId: state.partnerId,
    workflow: 'creator-onboarding',
    subject: { type: 'creator', id: state.creatorId },
    executionId: context.executionId,
    status: 'PENDING',
    reasons: decision.reasons,
    summary: {
      handle: creator.handle,
      displayName: creator.displayName,
      tier: decision.tier,
      followers: creator.followers,
    },
    createdAt: existing?.createdAt ?? now.toISOString(),
    dueAt,
    ...(reminder ? { remindedAt: now.toISOString() } : {}),
  };
  if (!(await openReview(review, context.taskToken))) {
    const decided = await getReview(reviewId);
    if (decided !== undefined) await resumeWithDecision(decided, context.taskToken);
    return { reviewId };
  }

  if (!reminder) {
    const before = await transitionCreator(
      state.creatorId,
      ['SCREENING'],
      { status: 'IN_REVIEW', tier: decision.tier, reasons: decision.reasons },
      now.toISOString(),
    );
    if (before === undefined)
      throw new BusinessRuleError('InvalidTransition', 'The creator is no longer screening');
    await recordAudit({
      entityKey: creatorKey(state.creatorId).pk,
      changeId: `${context.executionId}#RequestManagerReview`,
      action: 'creator.review-requested',
      actor: 'system:RequestManagerReview',
      at: now.toISOString(),
      executionId: context.executionId,
      before: { status: before.status },
      after: { status: 'IN_REVIEW', reviewId, reasons: decision.reasons },
    });
  }

  for (const manager of partner.managerEmails) {
    const email = renderReviewRequestEmail({
      reviewId,
      partnerName: partner.name,
      creator: { ...creator, gmv30d: formatUsd(creator.gmv30d) },
      tier: decision.tier,
      reasons: decision.reasons,
      dueAt,
      ...reviewDecisionUrls(API_BASE_URL, { reviewId, manager, expiresAt: dueAt }),
      reminder,
    });
    await sendEmail({ to: [manager], ...email });
  }
  return { reviewId };
}

export const handler = taskHandler('RequestManagerReview', requestReview);
