import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { auditViolation } from '#functions/violations/audit.ts';
import { renderEscalationEmail, renderViolationReviewEmail } from '#functions/violations/emails.ts';
import { requireViolation } from '#functions/violations/records.ts';
import { reviewPlanFor } from '#functions/violations/review-plans.ts';
import {
  appealReviewIdFor,
  contextOf,
  type ReviewResult,
  type ViolationState,
  violationReviewIdFor,
} from '#functions/violations/tasks/state.ts';
import { reviewDecisionUrls } from '#lib/auth/review-links.ts';
import { sfn } from '#lib/clients/sfn.ts';
import { optionalEnv } from '#lib/config.ts';
import { sendEmail } from '#lib/email/send.ts';
import { recordReviewPastSla } from '#lib/metrics/review-sla.ts';
import { logger } from '#lib/observability.ts';
import {
  decisionResultOf,
  expireReview,
  getReview,
  openReview,
  type Review,
} from '#lib/repositories/reviews.ts';
import { changeViolation } from '#lib/repositories/violations.ts';
import { loadSecrets } from '#lib/secrets.ts';
import { TASK_TOKEN_GONE_ERRORS } from '#lib/workflows/errors.ts';
import { stepHandler } from '#lib/workflows/step-handler.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

await loadSecrets(['REVIEW_LINK_SECRET']);

const API_BASE_URL = optionalEnv('API_BASE_URL', 'http://127.0.0.1:3000');

/**
 * The violation-handling steps that wait for people: the manager review of a high or critical report (with its
 * SLA, the escalation and the policy's default), the appeal window, and the manager review of an appeal. Reviews
 * are the shared ones (functions/lib/repositories/reviews.ts): managers decide them with the same
 * `/v1/reviews` endpoints and signed email links as onboarding's.
 */

type ReviewKind = 'violation' | 'appeal';

const reviewIdOf = (kind: ReviewKind, violationId: string) =>
  kind === 'appeal' ? appealReviewIdFor(violationId) : violationReviewIdFor(violationId);

/** Hands a waiting state its answer; a token that nobody waits on any more is not an error here. */
async function completeTask(taskToken: string, output: unknown): Promise<void> {
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  } catch (error) {
    if (!(error instanceof Error) || !TASK_TOKEN_GONE_ERRORS.has(error.name)) throw error;
    logger.info('The task this answer was for no longer waits', { error: error.name });
  }
}

/** A review decided while no task was waiting (between a time-out and the escalation): resume with it at once. */
async function resumeWithDecision(review: Review, taskToken: string): Promise<void> {
  const output: ReviewResult = decisionResultOf(review);
  await completeTask(taskToken, output);
}

/**
 * RequestViolationReview / EscalateViolationReview / RequestAppealReview / EscalateAppealReview: opens the
 * review (or re-arms it with the new task token), emails the managers links to decide it, and, past the SLA,
 * counts it in ReviewsPastSla (the alarm) and emails the escalation contacts. The execution then waits on the
 * task token; the decision route (review-decisions.ts) or the policy's default ends the wait.
 */
export async function requestReview(
  state: ViolationState,
  context: TaskContext,
): Promise<{ reviewId: string }> {
  if (context.taskToken === undefined) throw new Error('A review step must run as a .waitForTaskToken task');
  const kind: ReviewKind = context.args.review === 'appeal' ? 'appeal' : 'violation';
  const escalation = context.args.phase === 'escalation';
  const ctx = contextOf(state);
  const violation = await requireViolation(state.violationId);
  const plan = reviewPlanFor(kind, violation, ctx, state);
  const reviewId = reviewIdOf(kind, state.violationId);
  const now = new Date();
  const dueAt = new Date(
    now.getTime() + (escalation ? ctx.policy.escalationHours : ctx.policy.reviewSlaHours) * 3_600_000,
  ).toISOString();

  const existing = await getReview(reviewId);
  if (existing !== undefined && existing.status !== 'PENDING') {
    await resumeWithDecision(existing, context.taskToken);
    return { reviewId };
  }
  // The escalation runs because the SLA ran out: the review is past it (counted once, not on a retry).
  if (escalation && existing !== undefined && existing.remindedAt === undefined)
    recordReviewPastSla(existing);
  const review: Review = {
    reviewId,
    partnerId: state.partnerId,
    workflow: 'violation-handling',
    subject: { type: 'violation', id: state.violationId },
    executionId: context.executionId,
    status: 'PENDING',
    reasons: plan.reasons,
    summary: plan.summary,
    createdAt: existing?.createdAt ?? now.toISOString(),
    dueAt,
    ...(escalation ? { remindedAt: now.toISOString() } : {}),
  };
  if (!(await openReview(review, context.taskToken))) {
    const decided = await getReview(reviewId);
    if (decided !== undefined) await resumeWithDecision(decided, context.taskToken);
    return { reviewId };
  }

  if (!escalation) {
    const at = now.toISOString();
    const outcome = await changeViolation(
      state.violationId,
      (current) => {
        if (kind === 'appeal') {
          return current.appeal === undefined || current.appeal.reviewId !== undefined
            ? undefined
            : { set: { appeal: { ...current.appeal, reviewId } } };
        }
        return current.review !== undefined
          ? undefined
          : { set: { status: 'IN_REVIEW', review: { reviewId, requestedAt: at } } };
      },
      at,
    );
    await auditViolation({
      violationId: state.violationId,
      step: kind === 'appeal' ? 'RequestAppealReview' : 'RequestViolationReview',
      action: kind === 'appeal' ? 'violation.appeal-review-requested' : 'violation.review-requested',
      actor: `system:${kind === 'appeal' ? 'RequestAppealReview' : 'RequestViolationReview'}`,
      at,
      executionId: context.executionId,
      before: { status: outcome?.before.status },
      after: { status: outcome?.after.status, reviewId, dueAt, reasons: plan.reasons },
    });
  } else {
    await auditViolation({
      violationId: state.violationId,
      step: kind === 'appeal' ? 'EscalateAppealReview' : 'EscalateViolationReview',
      action: 'violation.review-escalated',
      actor: `system:${kind === 'appeal' ? 'EscalateAppealReview' : 'EscalateViolationReview'}`,
      at: now.toISOString(),
      executionId: context.executionId,
      before: { reviewId, dueAt: existing?.dueAt },
      after: { reviewId, dueAt, pastSla: true, defaultOutcome: plan.defaultOutcome },
    });
    const contacts =
      ctx.policy.escalationEmails.length > 0 ? ctx.policy.escalationEmails : ctx.partner.managerEmails;
    if (contacts.length > 0) {
      await sendEmail({
        to: contacts,
        ...renderEscalationEmail({
          kind,
          reviewId,
          partnerName: ctx.partner.name,
          subjectName: ctx.subjectName,
          dueAt,
          defaultOutcome: plan.defaultOutcome,
        }),
      });
    }
  }

  for (const manager of ctx.partner.managerEmails) {
    await sendEmail({
      to: [manager],
      ...renderViolationReviewEmail({
        kind,
        reviewId,
        partnerName: ctx.partner.name,
        subjectName: ctx.subjectName,
        policy: ctx.policyName,
        figures: plan.figures,
        ifApproved: plan.ifApproved,
        ifRejected: plan.ifRejected,
        ...(plan.statement === undefined ? {} : { statement: plan.statement }),
        evidence: plan.evidence,
        dueAt,
        ...reviewDecisionUrls(API_BASE_URL, { reviewId, manager, expiresAt: dueAt }),
        reminder: escalation,
      }),
    });
  }
  return { reviewId };
}

/**
 * ApplyDefaultReviewDecision / ApplyDefaultAppealDecision: nobody decided within the SLA and the escalation
 * window: the review closes as EXPIRED and the policy's default decides.
 */
export async function applyDefaultDecision(
  state: ViolationState,
  context: TaskContext,
): Promise<ReviewResult> {
  const kind: ReviewKind = context.args.review === 'appeal' ? 'appeal' : 'violation';
  const ctx = contextOf(state);
  const violation = await requireViolation(state.violationId);
  const plan = reviewPlanFor(kind, violation, ctx, state);
  const reviewId = reviewIdOf(kind, state.violationId);
  const now = new Date().toISOString();
  await expireReview(reviewId, now);
  const result: ReviewResult = {
    decision: plan.defaultDecision,
    reason: `Nobody decided within ${ctx.policy.reviewSlaHours + ctx.policy.escalationHours} hours: the policy's default applies (${plan.defaultOutcome})`,
    decidedBy: 'system:review-timeout',
    reviewId,
    defaulted: true,
  };
  await auditViolation({
    violationId: state.violationId,
    step: kind === 'appeal' ? 'ApplyDefaultAppealDecision' : 'ApplyDefaultReviewDecision',
    action: 'violation.review-defaulted',
    actor: 'system:review-timeout',
    at: now,
    executionId: context.executionId,
    before: { reviewId, review: 'PENDING' },
    after: { reviewId, review: 'EXPIRED', decision: result.decision, outcome: plan.defaultOutcome },
  });
  return result;
}

/**
 * OpenAppealWindow: parks the task token on the violation, where the appeal route finds it; an appeal filed
 * before the token was parked resumes the execution at once. The wait times out when the window closes.
 */
export async function openAppealWindow(state: ViolationState, context: TaskContext) {
  const taskToken = context.taskToken;
  if (taskToken === undefined) throw new Error('OpenAppealWindow must run as a .waitForTaskToken task');
  const now = new Date().toISOString();
  const outcome = await changeViolation(
    state.violationId,
    (current) =>
      current.appeal !== undefined || current.appealWindowClosedAt !== undefined
        ? undefined
        : { set: { appealTaskToken: taskToken } },
    now,
  );
  const violation = outcome?.after ?? (await requireViolation(state.violationId));
  if (violation.appeal !== undefined) {
    await completeTask(taskToken, { appealFiled: true, filedAt: violation.appeal.filedAt });
    return { appealFiled: true };
  }
  await auditViolation({
    violationId: state.violationId,
    step: 'OpenAppealWindow',
    action: 'violation.appeal-window-opened',
    actor: 'system:OpenAppealWindow',
    at: now,
    executionId: context.executionId,
    after: { appealDeadline: violation.confirmation?.appealDeadline },
  });
  return { appealFiled: false };
}

/**
 * CloseAppealWindow: the window ran out. Closes it unless an appeal got in first (then the appeal is reviewed):
 * the appeal route writes its appeal only while the window is open, so exactly one of the two wins.
 */
export async function closeAppealWindow(state: ViolationState, context: TaskContext) {
  const now = new Date().toISOString();
  const outcome = await changeViolation(
    state.violationId,
    (current) =>
      current.appeal !== undefined || current.appealWindowClosedAt !== undefined
        ? undefined
        : { set: { appealWindowClosedAt: now }, remove: ['appealTaskToken'] },
    now,
  );
  const violation = outcome?.after ?? (await requireViolation(state.violationId));
  const appealFiled = violation.appeal !== undefined;
  if (!appealFiled) {
    await auditViolation({
      violationId: state.violationId,
      step: 'CloseAppealWindow',
      action: 'violation.appeal-window-closed',
      actor: 'system:CloseAppealWindow',
      at: violation.appealWindowClosedAt ?? now,
      executionId: context.executionId,
      after: { appeal: 'NONE' },
    });
  }
  return { appealFiled };
}

export const handler = stepHandler({
  RequestReview: requestReview,
  ApplyDefaultDecision: applyDefaultDecision,
  OpenAppealWindow: openAppealWindow,
  CloseAppealWindow: closeAppealWindow,
});
