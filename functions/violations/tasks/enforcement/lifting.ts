import { auditViolation } from '#functions/violations/audit.ts';
import { withoutEnforcement, withoutStrike } from '#functions/violations/domain/standing.ts';
import { recordHistory, requireViolation, withReviewDecision } from '#functions/violations/records.ts';
import { auditSubjectChange, syncSubjectStatus } from '#functions/violations/subjects.ts';
import {
  appealReviewIdFor,
  contextOf,
  type LiftResult,
  type ViolationContext,
  type ViolationState,
  violationReviewIdFor,
} from '#functions/violations/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { resumeCampaign } from '#lib/repositories/campaigns.ts';
import { expireReview } from '#lib/repositories/reviews.ts';
import { changeStanding } from '#lib/repositories/subject-standing.ts';
import { changeViolation, getViolation, type Violation } from '#lib/repositories/violations.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

/** Ending an enforcement at its term, lifting it (a manager, an appeal) and undoing it (the compensation). */

interface Lifting {
  readonly how: 'ENDED' | 'LIFTED';
  readonly removeStrike: boolean;
  readonly at: string;
}

/**
 * Takes this violation's enforcement (and, on an overturn, its strike) out of the subject's standing and
 * restores the status the remaining standing implies (ACTIVE when nothing else is in force).
 */
async function lift(violation: Violation, ctx: ViolationContext, lifting: Lifting) {
  const now = new Date(lifting.at);
  const active = violation.enforcement?.state === 'ACTIVE';
  const standing = await changeStanding(
    violation.subject,
    { partnerId: violation.partnerId, subjectName: ctx.subjectName },
    (current) => {
      const ended = withoutEnforcement(current, violation.violationId, ctx.policy, now);
      if (!lifting.removeStrike) return ended;
      const base = ended === undefined ? current : { ...current, ...ended };
      return withoutStrike(base, violation.violationId, ctx.policy, now) ?? ended;
    },
    lifting.at,
  );
  const sync = await syncSubjectStatus(violation.subject, standing, lifting.at);
  const enforcement = violation.enforcement;
  if (active && enforcement !== undefined) {
    await changeViolation(
      violation.violationId,
      (current) =>
        current.enforcement?.state !== 'ACTIVE'
          ? undefined
          : { set: { enforcement: { ...current.enforcement, state: lifting.how, endedAt: lifting.at } } },
      lifting.at,
    );
    await auditSubjectChange(violation, violation.executionId, {
      action: `${enforcement.status.toLowerCase()}-${lifting.how === 'ENDED' ? 'ended' : 'lifted'}`,
      at: lifting.at,
      sync,
      detail: {},
    });
  }
  return { lifted: active, sync, campaignIds: enforcement?.campaignIds ?? [] };
}

/**
 * EndEnforcement: the restriction or suspension reached its end time: the subject's status is restored (unless
 * another violation's enforcement is still in force) and the paused campaigns are handed to the resume Map.
 * Already lifted by an overturned appeal: nothing to end.
 */
export async function endEnforcement(state: ViolationState, context: TaskContext): Promise<LiftResult> {
  const ctx = contextOf(state);
  const violation = await requireViolation(state.violationId);
  const enforcement = violation.enforcement;
  const now = new Date().toISOString();
  if (enforcement?.state === 'ENDED') {
    return { lifted: true, at: enforcement.endedAt ?? now, campaignIds: enforcement.campaignIds };
  }
  if (enforcement?.state !== 'ACTIVE') return { lifted: false, at: now, campaignIds: [] };
  const result = await lift(violation, ctx, { how: 'ENDED', removeStrike: false, at: now });
  await auditViolation({
    violationId: state.violationId,
    step: 'EndEnforcement',
    action: 'violation.enforcement-ended',
    actor: 'system:EndEnforcement',
    at: now,
    executionId: context.executionId,
    before: {
      enforcement: enforcement.status,
      endsAt: enforcement.endsAt,
      subjectStatus: result.sync.before,
    },
    after: { enforcement: 'ENDED', subjectStatus: result.sync.after, campaignsToResume: result.campaignIds },
  });
  return { lifted: true, at: now, campaignIds: result.campaignIds };
}

/**
 * LiftInterimSuspension: a manager (or the policy's default) did not confirm a critical report: the interim
 * suspension is lifted, no strike counts, the violation is DISMISSED and its paused campaigns resume.
 */
export async function liftInterimSuspension(
  state: ViolationState,
  context: TaskContext,
): Promise<LiftResult> {
  const ctx = contextOf(state);
  const review = state.review;
  if (review === undefined) throw new Error('No review decided this violation');
  const violation = await requireViolation(state.violationId);
  const at =
    violation.status === 'DISMISSED'
      ? (violation.enforcement?.endedAt ?? violation.updatedAt)
      : new Date().toISOString();
  const result = await lift(violation, ctx, { how: 'LIFTED', removeStrike: false, at });
  const outcome = await changeViolation(
    state.violationId,
    (current) =>
      current.status === 'DISMISSED'
        ? undefined
        : {
            set: {
              status: 'DISMISSED',
              ...withReviewDecision(current, review, at),
            },
          },
    at,
  );
  await recordHistory(outcome?.after ?? violation, 'DISMISSED');
  await auditViolation({
    violationId: state.violationId,
    step: 'LiftInterimSuspension',
    action: 'violation.dismissed',
    actor: review.decidedBy,
    at,
    executionId: context.executionId,
    before: { status: outcome?.before.status ?? violation.status, subjectStatus: result.sync.before },
    after: {
      status: 'DISMISSED',
      interimSuspension: 'LIFTED',
      subjectStatus: result.sync.after,
      reviewId: review.reviewId,
      reason: review.reason,
    },
  });
  return { lifted: result.lifted, at, campaignIds: result.campaignIds };
}

/**
 * OverturnViolation: the appeal succeeded: the strike is removed, any enforcement still in force is lifted (the
 * status restored), the violation is OVERTURNED in its record and in the handle's history, and its paused
 * campaigns are handed to the resume Map.
 */
export async function overturnViolation(state: ViolationState, context: TaskContext): Promise<LiftResult> {
  const ctx = contextOf(state);
  const decided = state.appealDecision;
  if (decided === undefined) throw new Error('No review decided this appeal');
  const violation = await requireViolation(state.violationId);
  const at =
    violation.status === 'OVERTURNED'
      ? (violation.strikeRemovedAt ?? violation.updatedAt)
      : new Date().toISOString();
  const result = await lift(violation, ctx, { how: 'LIFTED', removeStrike: true, at });
  const outcome = await changeViolation(
    state.violationId,
    (current) =>
      current.status === 'OVERTURNED' || current.appeal === undefined
        ? undefined
        : {
            set: {
              status: 'OVERTURNED',
              strikeRemovedAt: at,
              appeal: {
                ...current.appeal,
                status: 'OVERTURNED',
                decidedAt: at,
                decidedBy: decided.decidedBy,
                ...(decided.defaulted === true ? { defaulted: true } : {}),
              },
            },
          },
    at,
  );
  await recordHistory(outcome?.after ?? violation, 'OVERTURNED');
  await auditViolation({
    violationId: state.violationId,
    step: 'OverturnViolation',
    action: 'violation.overturned',
    actor: decided.decidedBy,
    at,
    executionId: context.executionId,
    before: { status: 'CONFIRMED', appeal: 'PENDING', subjectStatus: result.sync.before },
    after: {
      status: 'OVERTURNED',
      appeal: 'OVERTURNED',
      strikeRemoved: true,
      subjectStatus: result.sync.after,
      reviewId: decided.reviewId,
      reason: decided.reason,
    },
  });
  return { lifted: result.lifted, at, campaignIds: result.campaignIds };
}

/**
 * CompensateFailedHandling: a step failed for good. Nothing this violation put in force may stay without a
 * workflow to end it: its enforcement is lifted (status restored, campaigns resumed), open reviews close, and
 * the violation is FAILED with the cause. A confirmed strike stands (the decision was made); an unconfirmed
 * report leaves the handle's history as DISMISSED so it does not count against the creator.
 */
export async function compensateFailedHandling(state: ViolationState, context: TaskContext) {
  const violation = await getViolation(state.violationId);
  if (violation === undefined || state.violation === undefined) return { status: 'NOTHING_TO_UNDO' as const };
  const ctx = state.violation;
  const at = new Date().toISOString();
  const result = await lift(violation, ctx, { how: 'LIFTED', removeStrike: false, at });
  for (const campaignId of result.lifted ? result.campaignIds : []) {
    try {
      await resumeCampaign(campaignId, { violationId: violation.violationId, at });
    } catch (error) {
      logger.error('Could not resume a campaign after a failed violation', {
        campaignId,
        error: error as Error,
      });
    }
  }
  await expireReview(violationReviewIdFor(violation.violationId), at);
  await expireReview(appealReviewIdFor(violation.violationId), at);
  const failure = { error: state.failure?.Error ?? 'Unknown', cause: state.failure?.Cause ?? '', at };
  await changeViolation(
    violation.violationId,
    (current) =>
      current.status === 'FAILED'
        ? undefined
        : { set: { status: 'FAILED', failure }, remove: ['appealTaskToken'] },
    at,
  );
  if (violation.confirmation === undefined) await recordHistory(violation, 'DISMISSED');
  await auditViolation({
    violationId: violation.violationId,
    step: 'CompensateFailedHandling',
    action: 'violation.failed',
    actor: 'system:CompensateFailedHandling',
    at,
    executionId: context.executionId,
    before: { status: violation.status, subjectStatus: result.sync.before },
    after: {
      status: 'FAILED',
      error: failure.error,
      enforcementLifted: result.lifted,
      subjectStatus: result.sync.after,
      strike: violation.confirmation === undefined ? 'none' : 'stands',
    },
  });
  return { status: 'FAILED' as const };
}
