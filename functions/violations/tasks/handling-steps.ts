import { auditViolation } from '#functions/violations/audit.ts';
import { decideViolation, priorStrikesOf, strikesInWindow } from '#functions/violations/domain/policy.ts';
import { strikesOf } from '#functions/violations/domain/standing.ts';
import { noticeFor, noticeMomentOf } from '#functions/violations/notices.ts';
import { recordHistory, requireViolation, withReviewDecision } from '#functions/violations/records.ts';
import { resolveViolationPolicy } from '#functions/violations/settings.ts';
import {
  contextOf,
  decisionOf,
  type StrikeCount,
  type ViolationContext,
  type ViolationOutcome,
  type ViolationState,
} from '#functions/violations/tasks/state.ts';
import { sendEmailOnce } from '#lib/email/once.ts';
import { violationCounter } from '#lib/metrics/report-counters.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { getStanding } from '#lib/repositories/subject-standing.ts';
import { changeViolation } from '#lib/repositories/violations.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { stepHandler } from '#lib/workflows/step-handler.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

/**
 * The violation-handling steps that read and record (no enforcement): record, count, decide, dismiss, uphold,
 * notify, resolve. One Lambda; each state names its step (functions/lib/workflows/step-handler.ts).
 */

const HOUR_SECONDS = 3600;

/**
 * RecordViolation: the report becomes OPEN once (RECEIVED → OPEN, conditioned on the version read), counts once
 * in the partner's weekly `violations.<severity>`, enters the handle's history, and resolves the partner's
 * policy for the rest of the execution. A report another execution already recorded answers `duplicate`.
 */
export async function recordViolation(
  state: ViolationState,
  context: TaskContext,
): Promise<ViolationContext> {
  const violation = await requireViolation(state.violationId);
  const partner = await getPartner(violation.partnerId);
  if (partner === undefined)
    throw new BusinessRuleError('PartnerMissing', `Partner ${violation.partnerId} is gone`);
  const policy = resolveViolationPolicy(partner.settings);
  const now = new Date().toISOString();
  const duplicate = violation.executionId !== context.executionId;
  const recorded = duplicate
    ? violation
    : ((
        await changeViolation(
          violation.violationId,
          (current) =>
            current.status === 'RECEIVED' ? { set: { status: 'OPEN', recordedAt: now } } : undefined,
          now,
        )
      )?.after ?? violation);
  const recordedAt = recorded.recordedAt ?? now;
  if (!duplicate) {
    await recordBusinessEvent({
      partnerId: violation.partnerId,
      eventId: `violation#${violation.violationId}`,
      occurredAt: violation.receivedAt,
      timezone: partner.timezone,
      counters: { [violationCounter(violation.severity)]: 1 },
    });
    if (recorded.status === 'OPEN') await recordHistory(recorded, 'OPEN');
    await auditViolation({
      violationId: violation.violationId,
      step: 'RecordViolation',
      action: 'violation.recorded',
      actor: violation.receivedBy,
      at: recordedAt,
      executionId: context.executionId,
      before: { status: 'RECEIVED' },
      after: {
        status: 'OPEN',
        reportId: violation.reportId,
        subject: violation.subject,
        policy: violation.policy,
        severity: violation.severity,
        reportedBy: violation.reportedBy,
        evidenceItems: violation.evidence.length,
      },
    });
  }
  return {
    duplicate,
    subject: violation.subject,
    subjectName: violation.subjectName,
    policyName: violation.policy,
    reportedSeverity: violation.severity,
    occurredAt: violation.occurredAt,
    recordedAt,
    partner: { name: partner.name, timezone: partner.timezone, managerEmails: partner.managerEmails },
    policy,
    reviewTimeoutSeconds: policy.reviewSlaHours * HOUR_SECONDS,
    escalationTimeoutSeconds: policy.escalationHours * HOUR_SECONDS,
  };
}

/** CountStrikes: the subject's confirmed violations in the rolling window, this one aside. */
export async function countStrikes(state: ViolationState, context: TaskContext): Promise<StrikeCount> {
  const { subject, policy } = contextOf(state);
  const now = new Date();
  const standing = await getStanding(subject);
  const prior = strikesInWindow(
    standing === undefined ? [] : strikesOf(standing),
    policy,
    now,
    state.violationId,
  );
  const counted = priorStrikesOf(prior);
  const count: StrikeCount = {
    inWindow: counted.inWindow,
    mediumInWindow: counted.mediumInWindow,
    windowDays: policy.strikeWindowDays,
    countedAt: now.toISOString(),
  };
  await auditViolation({
    violationId: state.violationId,
    step: 'CountStrikes',
    action: 'violation.strikes-counted',
    actor: 'system:CountStrikes',
    at: count.countedAt,
    executionId: context.executionId,
    after: {
      strikesInWindow: count.inWindow,
      mediumStrikesInWindow: count.mediumInWindow,
      windowDays: count.windowDays,
    },
  });
  return count;
}

/** DecideAction: the effective severity (escalated by repeat count) and the route the workflow takes. */
export async function decideAction(state: ViolationState, context: TaskContext) {
  const { policy, reportedSeverity } = contextOf(state);
  if (state.strikes === undefined) throw new Error('CountStrikes has not run for this execution');
  const decision = decideViolation(policy, reportedSeverity, state.strikes);
  const now = new Date().toISOString();
  const outcome = await changeViolation(
    state.violationId,
    (current) =>
      current.decision === undefined
        ? {
            set: {
              decision: {
                severity: decision.severity,
                escalations: decision.escalations,
                route: decision.route,
                proposedAction: decision.proposedAction,
                strikesBefore: decision.strikesBefore,
                decidedAt: now,
              },
            },
          }
        : undefined,
    now,
  );
  if (outcome !== undefined && decision.severity !== reportedSeverity)
    await recordHistory(outcome.after, 'OPEN');
  await auditViolation({
    violationId: state.violationId,
    step: 'DecideAction',
    action: 'violation.decided',
    actor: 'system:DecideAction',
    at: now,
    executionId: context.executionId,
    before: { severity: reportedSeverity, strikesInWindow: decision.strikesBefore },
    after: {
      severity: decision.severity,
      escalations: decision.escalations,
      route: decision.route,
      proposedAction: decision.proposedAction,
    },
  });
  return decision;
}

/** DismissViolation: a manager (or the policy's default) found a high report unfounded: no strike, no action. */
export async function dismissViolation(state: ViolationState, context: TaskContext) {
  const review = state.review;
  if (review === undefined) throw new Error('No review decided this violation');
  const now = new Date().toISOString();
  const outcome = await changeViolation(
    state.violationId,
    (current) =>
      current.status === 'DISMISSED'
        ? undefined
        : {
            set: {
              status: 'DISMISSED',
              ...withReviewDecision(current, review, now),
            },
          },
    now,
  );
  if (outcome !== undefined) await recordHistory(outcome.after, 'DISMISSED');
  await auditViolation({
    violationId: state.violationId,
    step: 'DismissViolation',
    action: 'violation.dismissed',
    actor: review.decidedBy,
    at: now,
    executionId: context.executionId,
    before: { status: outcome?.before.status },
    after: { status: 'DISMISSED', reviewId: review.reviewId, reason: review.reason },
  });
  return { status: 'DISMISSED' as const };
}

/** UpholdViolation: the appeal review kept the decision: the action and the strike stand. */
export async function upholdViolation(state: ViolationState, context: TaskContext) {
  const decided = state.appealDecision;
  if (decided === undefined) throw new Error('No review decided this appeal');
  const now = new Date().toISOString();
  await changeViolation(
    state.violationId,
    (current) =>
      current.appeal === undefined || current.appeal.status !== 'PENDING'
        ? undefined
        : {
            set: {
              appeal: {
                ...current.appeal,
                status: 'UPHELD',
                decidedAt: now,
                decidedBy: decided.decidedBy,
                ...(decided.defaulted === true ? { defaulted: true } : {}),
              },
            },
          },
    now,
  );
  await auditViolation({
    violationId: state.violationId,
    step: 'UpholdViolation',
    action: 'violation.appeal-upheld',
    actor: decided.decidedBy,
    at: now,
    executionId: context.executionId,
    before: { appeal: 'PENDING' },
    after: { appeal: 'UPHELD', reviewId: decided.reviewId, reason: decided.reason },
  });
  return { appeal: 'UPHELD' as const };
}

/**
 * NotifySubject (and the other Notify states): emails the creator or seller what the violation's record says now
 * (the action, the policy in plain words, the strikes, how to appeal), at most once per notice however often
 * the step runs. Replies go to the partner's managers. Nothing to say (a dismissed high report) sends nothing.
 */
export async function notifySubject(state: ViolationState, context: TaskContext) {
  const moment = noticeMomentOf(context.args.notice);
  const violation = await requireViolation(state.violationId);
  const notice = await noticeFor(violation, contextOf(state), state, moment);
  if (notice === undefined) return { status: 'SKIPPED' as const };
  const delivery = await sendEmailOnce(
    `violation-notice#${violation.violationId}#${notice.kind}`,
    notice.message,
  );
  await auditViolation({
    violationId: state.violationId,
    step: `Notify#${notice.kind}`,
    action: 'violation.subject-notified',
    actor: 'system:NotifySubject',
    at: new Date().toISOString(),
    executionId: context.executionId,
    after: { notice: notice.kind, to: 'subject', messageId: delivery.messageId },
  });
  return { status: 'SENT' as const, kind: notice.kind, messageId: delivery.messageId };
}

/** ResolveViolation: handling is over (decided, enforced, appealed or not, and any term ended). */
export async function resolveViolation(
  state: ViolationState,
  context: TaskContext,
): Promise<ViolationOutcome> {
  const now = new Date().toISOString();
  const outcome = await changeViolation(
    state.violationId,
    (current) => (current.resolvedAt === undefined ? { set: { resolvedAt: now } } : undefined),
    now,
  );
  const violation = outcome?.after ?? (await requireViolation(state.violationId));
  await auditViolation({
    violationId: state.violationId,
    step: 'ResolveViolation',
    action: 'violation.resolved',
    actor: 'system:ResolveViolation',
    at: violation.resolvedAt ?? now,
    executionId: context.executionId,
    after: {
      status: violation.status,
      ...(violation.confirmation === undefined ? {} : { action: violation.confirmation.action }),
      ...(violation.appeal === undefined ? {} : { appeal: violation.appeal.status }),
    },
  });
  return {
    violationId: violation.violationId,
    status: violation.status,
    severity: decisionOf(state).severity,
    ...(violation.confirmation === undefined ? {} : { action: violation.confirmation.action }),
    ...(violation.appeal === undefined ? {} : { appeal: violation.appeal.status }),
  };
}

export const handler = stepHandler({
  RecordViolation: recordViolation,
  CountStrikes: countStrikes,
  DecideAction: decideAction,
  DismissViolation: dismissViolation,
  UpholdViolation: upholdViolation,
  NotifySubject: notifySubject,
  ResolveViolation: resolveViolation,
});
