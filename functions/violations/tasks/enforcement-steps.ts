import { auditViolation } from '#functions/violations/audit.ts';
import {
  confirmedAction,
  type EnforcementStatus,
  enforcementFor,
  pausesCampaigns,
  strikesInWindow,
} from '#functions/violations/domain/policy.ts';
import {
  strikesOf,
  withEnforcement,
  withoutEnforcement,
  withoutStrike,
  withStrike,
} from '#functions/violations/domain/standing.ts';
import { recordHistory, requireViolation } from '#functions/violations/records.ts';
import { type StatusSync, subjectEntityKey, syncSubjectStatus } from '#functions/violations/subjects.ts';
import {
  appealReviewIdFor,
  type CampaignItem,
  type ConfirmationResult,
  contextOf,
  decisionOf,
  type EnforcementResult,
  type LiftResult,
  type ViolationContext,
  type ViolationState,
  violationReviewIdFor,
} from '#functions/violations/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import {
  type CampaignStatus,
  listCampaignsForSubject,
  pauseCampaign,
  resumeCampaign,
} from '#lib/repositories/campaigns.ts';
import { expireReview } from '#lib/repositories/reviews.ts';
import { changeStanding } from '#lib/repositories/subject-standing.ts';
import { changeViolation, getViolation, type Violation } from '#lib/repositories/violations.ts';
import { stepHandler } from '#lib/workflows/step-handler.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

/**
 * The violation-handling steps that change the subject: confirm (count the strike), enforce (status and
 * campaigns), end or lift the enforcement, overturn on appeal, and the compensation. Each is idempotent per
 * violation: the strike and the enforcement are keyed by violation id in the subject's standing, and times
 * recorded by a first attempt are reused by its retries.
 */

/** Campaigns a pause can still hold; paused ones too, so that this violation holds them as well. */
const PAUSABLE: readonly CampaignStatus[] = ['SCHEDULED', 'INVITING', 'ACTIVE', 'PAUSED'];

const DAY_MS = 86_400_000;

const ownerOf = (ctx: ViolationContext, partnerId: string) => ({ partnerId, subjectName: ctx.subjectName });

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
    ownerOf(ctx, state.partnerId),
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
              ...(review === undefined || current.review === undefined
                ? {}
                : {
                    review: {
                      ...current.review,
                      decision: review.decision,
                      decidedBy: review.decidedBy,
                      decidedAt: at,
                      ...(review.defaulted === true ? { defaulted: true } : {}),
                    },
                  }),
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

async function auditSubject(
  violation: Violation,
  executionId: string,
  change: {
    readonly action: string;
    readonly at: string;
    readonly sync: StatusSync;
    readonly detail: Record<string, unknown>;
  },
): Promise<void> {
  if (!change.sync.applied || change.sync.before === change.sync.after) return;
  await recordAudit({
    entityKey: subjectEntityKey(violation.subject),
    changeId: `violation#${violation.violationId}#${change.action}#${change.at}`,
    action: `${violation.subject.type}.${change.action}`,
    actor: 'system:violation-handling',
    at: change.at,
    executionId,
    before: { status: change.sync.before },
    after: { status: change.sync.after, violationId: violation.violationId, ...change.detail },
  });
}

/**
 * EnforceAction: puts the action in force on the subject (its status shows the strongest enforcement in force),
 * and lists the campaigns the PauseSubjectCampaigns Map pauses. Before a critical report is reviewed this is the
 * interim suspension (no end); after, the confirmed action replaces it. A warning changes no status.
 */
export async function enforceAction(state: ViolationState, context: TaskContext): Promise<EnforcementResult> {
  const ctx = contextOf(state);
  const interim = state.confirmation === undefined;
  const action = state.confirmation?.action ?? 'SUSPENSION';
  const violation = await requireViolation(state.violationId);
  const now = new Date();
  const at = now.toISOString();
  const target = interim
    ? { status: 'SUSPENDED' as EnforcementStatus }
    : enforcementFor(ctx.policy, action, now);
  if (target === undefined) {
    await auditViolation({
      violationId: state.violationId,
      step: 'EnforceAction',
      action: 'violation.warning-issued',
      actor: 'system:EnforceAction',
      at,
      executionId: context.executionId,
      after: { action: 'WARNING', subjectStatus: 'unchanged' },
    });
    return { status: 'NONE', startsAt: at, interim: false, campaignIds: [] };
  }
  const existing = violation.enforcement?.state === 'ACTIVE' ? violation.enforcement : undefined;
  const reuse = existing !== undefined && existing.status === target.status && existing.interim === interim;
  const startsAt = reuse ? existing.startsAt : at;
  const endsAt = reuse ? existing.endsAt : target.endsAt;
  const standing = await changeStanding(
    ctx.subject,
    ownerOf(ctx, state.partnerId),
    (current) =>
      withEnforcement(
        current,
        state.violationId,
        { status: target.status, startsAt, ...(endsAt === undefined ? {} : { endsAt }) },
        ctx.policy,
        now,
      ),
    at,
  );
  const sync = await syncSubjectStatus(ctx.subject, standing, at);
  const listed = pausesCampaigns(ctx.subject.type, target.status)
    ? (await listCampaignsForSubject(ctx.subject, PAUSABLE)).map((campaign) => campaign.campaignId)
    : [];
  const campaignIds = [...new Set([...(existing?.campaignIds ?? []), ...listed])];
  await changeViolation(
    state.violationId,
    () => ({
      set: {
        enforcement: {
          status: target.status,
          startsAt,
          ...(endsAt === undefined ? {} : { endsAt }),
          interim,
          state: 'ACTIVE',
          campaignIds,
        },
      },
    }),
    at,
  );
  await auditViolation({
    violationId: state.violationId,
    step: `EnforceAction#${interim ? 'interim' : 'final'}`,
    action: interim ? 'violation.interim-suspension' : 'violation.enforced',
    actor: 'system:EnforceAction',
    at,
    executionId: context.executionId,
    before: { subjectStatus: sync.before ?? 'unchanged' },
    after: {
      enforcement: target.status,
      ...(endsAt === undefined ? {} : { endsAt }),
      subjectStatus: sync.applied ? sync.after : 'unchanged',
      campaignsToPause: campaignIds,
    },
  });
  await auditSubject(violation, context.executionId, {
    action: target.status.toLowerCase(),
    at: startsAt,
    sync,
    detail: endsAt === undefined ? {} : { until: endsAt },
  });
  return {
    status: target.status,
    startsAt,
    ...(endsAt === undefined ? {} : { endsAt }),
    interim,
    campaignIds,
  };
}

/** PauseCampaign (one item of PauseSubjectCampaigns): this violation holds the campaign. */
export async function pauseSubjectCampaign(item: CampaignItem, context: TaskContext) {
  const paused = await pauseCampaign(item.campaignId, { violationId: item.violationId, at: item.at });
  await auditViolation({
    violationId: item.violationId,
    step: `PauseCampaign#${item.campaignId}#${item.at}`,
    action: 'violation.campaign-paused',
    actor: 'system:PauseCampaign',
    at: new Date().toISOString(),
    executionId: context.executionId,
    after: { campaignId: item.campaignId, paused },
  });
  return { campaignId: item.campaignId, paused };
}

/** ResumeCampaign (one item of a Resume Map): this violation no longer holds the campaign. */
export async function resumeSubjectCampaign(item: CampaignItem, context: TaskContext) {
  const running = await resumeCampaign(item.campaignId, { violationId: item.violationId, at: item.at });
  await auditViolation({
    violationId: item.violationId,
    step: `ResumeCampaign#${item.campaignId}#${item.at}`,
    action: 'violation.campaign-resumed',
    actor: 'system:ResumeCampaign',
    at: new Date().toISOString(),
    executionId: context.executionId,
    after: { campaignId: item.campaignId, running },
  });
  return { campaignId: item.campaignId, running };
}

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
    ownerOf(ctx, violation.partnerId),
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
    await auditSubject(violation, violation.executionId, {
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
              ...(current.review === undefined
                ? {}
                : {
                    review: {
                      ...current.review,
                      decision: review.decision,
                      decidedBy: review.decidedBy,
                      decidedAt: at,
                      ...(review.defaulted === true ? { defaulted: true } : {}),
                    },
                  }),
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

export const handler = stepHandler({
  ConfirmViolation: confirmViolation,
  EnforceAction: enforceAction,
  PauseCampaign: pauseSubjectCampaign,
  ResumeCampaign: resumeSubjectCampaign,
  EndEnforcement: endEnforcement,
  LiftInterimSuspension: liftInterimSuspension,
  OverturnViolation: overturnViolation,
  CompensateFailedHandling: compensateFailedHandling,
});
