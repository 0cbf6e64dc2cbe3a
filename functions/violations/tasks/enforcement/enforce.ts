import { auditViolation } from '#functions/violations/audit.ts';
import {
  type EnforcementStatus,
  enforcementFor,
  pausesCampaigns,
} from '#functions/violations/domain/policy.ts';
import { withEnforcement } from '#functions/violations/domain/standing.ts';
import { requireViolation } from '#functions/violations/records.ts';
import { auditSubjectChange, syncSubjectStatus } from '#functions/violations/subjects.ts';
import { contextOf, type EnforcementResult, type ViolationState } from '#functions/violations/tasks/state.ts';
import { type CampaignStatus, listCampaignsForSubject } from '#lib/repositories/campaigns.ts';
import { changeStanding } from '#lib/repositories/subject-standing.ts';
import { changeViolation } from '#lib/repositories/violations.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

/** Campaigns a pause can still hold; paused ones too, so that this violation holds them as well. */
const PAUSABLE: readonly CampaignStatus[] = ['SCHEDULED', 'INVITING', 'ACTIVE', 'PAUSED'];

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
    { partnerId: state.partnerId, subjectName: ctx.subjectName },
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
  await auditSubjectChange(violation, context.executionId, {
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
