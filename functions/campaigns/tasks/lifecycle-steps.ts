import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { sumCampaignOrders } from '#functions/campaigns/domain/results.ts';
import { renderActivation, renderResults } from '#functions/campaigns/emails.ts';
import {
  assertNotCancelled,
  audienceOf,
  loadCampaign,
  timezoneOf,
} from '#functions/campaigns/tasks/context.ts';
import { campaignFailureOf } from '#functions/campaigns/tasks/failures.ts';
import { sendHeldInvitations } from '#functions/campaigns/tasks/invitations.ts';
import type {
  ActivationOutcome,
  ClosureOutcome,
  CompensationState,
  LaunchInput,
} from '#functions/campaigns/tasks/state.ts';
import { sfn } from '#lib/clients/sfn.ts';
import { sendEmailOnce } from '#lib/email/once.ts';
import { REPORT_COUNTERS } from '#lib/metrics/report-counters.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { listCollaborationOrders } from '#lib/repositories/affiliate-orders.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { listInvitations } from '#lib/repositories/campaign-invitations.ts';
import {
  advanceCampaign,
  type CampaignResults,
  campaignKey,
  changeCampaign,
  isFinished,
  parkResumeToken,
} from '#lib/repositories/campaigns.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

/** The campaign's lifecycle after the invitations: activation at startAt, a paused wait, the end, the closing. */

/**
 * ActivateCampaign (at startAt, and again after a pause is lifted): ACTIVE, or ACTIVE-once-resumed while paused.
 * A running campaign then sends the invitations a pause held and the seller's summary (once); a paused one sends
 * nothing and answers `paused`, so the workflow waits for the resume.
 */
export async function activateCampaign(input: LaunchInput, context: TaskContext): Promise<ActivationOutcome> {
  const campaign = await loadCampaign(input.campaignId);
  assertNotCancelled(campaign);
  const at = new Date().toISOString();
  const outcome = await advanceCampaign(input.campaignId, ['SCHEDULED', 'INVITING'], 'ACTIVE', at, {
    activatedAt: campaign.activatedAt ?? at,
  });
  if (outcome === undefined) {
    throw new BusinessRuleError(
      'CampaignNotActivatable',
      `Campaign ${input.campaignId} is ${campaign.status}`,
    );
  }
  const current = outcome.after;
  const secondsUntilEnd = Math.max(1, Math.ceil((Date.parse(current.endAt) - Date.now()) / 1000));
  if (current.status === 'PAUSED') return { paused: true, secondsUntilEnd };
  const heldSent = await sendHeldInvitations(current);
  const invitations = await listInvitations(input.campaignId);
  const count = (status: string) => invitations.filter((invitation) => invitation.status === status).length;
  const { facts, seller } = await audienceOf(current);
  if (seller !== undefined) {
    await sendEmailOnce(`campaign-activated#${input.campaignId}`, {
      to: [seller.contactEmail],
      ...renderActivation({
        ...facts,
        products: current.products,
        invited: count('INVITED'),
        failed: count('FAILED'),
        conflicts: (current.conflicts ?? []).length,
      }),
    });
  }
  await recordAudit({
    entityKey: campaignKey(input.campaignId).pk,
    changeId: 'activated',
    action: 'campaign.activated',
    actor: 'system:ActivateCampaign',
    at: current.activatedAt ?? at,
    executionId: context.executionId,
    after: { status: current.status, heldInvitationsSent: heldSent },
  });
  return { paused: false, secondsUntilEnd };
}

/**
 * WaitForResume (a task-token state): parks the token on the paused campaign, where lifting its last pause finds
 * it (resumeCampaign). A campaign resumed before the token was parked resumes the execution at once.
 */
export async function awaitResume(input: LaunchInput, context: TaskContext): Promise<{ parked: boolean }> {
  const token = context.taskToken;
  if (token === undefined) throw new BusinessRuleError('NoTaskToken', 'WaitForResume needs its task token');
  const parked = await parkResumeToken(input.campaignId, token, new Date().toISOString());
  if (!parked) {
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ resumed: true }) }),
    );
  }
  return { parked };
}

/**
 * EndCampaign (at endAt, or when a paused campaign reaches its end): ENDED, the results summed from the recorded
 * affiliate orders (integer minor units per currency), counted once in the partner's week, and emailed to the
 * managers and (unless the campaign ended paused) the seller. The last step: a retry redoes all of it harmlessly.
 */
export async function endCampaign(input: LaunchInput, context: TaskContext): Promise<CampaignResults> {
  const campaign = await loadCampaign(input.campaignId);
  const at = new Date().toISOString();
  const endedWhilePaused = campaign.status === 'PAUSED';
  const [orders, invitations] = await Promise.all([
    campaign.collaboration === undefined
      ? []
      : listCollaborationOrders(campaign.collaboration.collaborationId),
    listInvitations(input.campaignId),
  ]);
  const results: CampaignResults = {
    ...sumCampaignOrders(orders),
    invitationsSent: invitations.filter((invitation) => invitation.status === 'INVITED').length,
    invitationsFailed: invitations.filter((invitation) => invitation.status === 'FAILED').length,
    summedAt: at,
  };
  const endedAt = campaign.endedAt ?? at;
  const outcome = await changeCampaign(
    input.campaignId,
    (current) => {
      if (current.status === 'ENDED') return { set: { results } };
      if (isFinished(current.status)) return undefined;
      return { set: { status: 'ENDED', endedAt, results }, remove: ['resumeStatus', 'resumeToken'] };
    },
    at,
  );
  if (outcome?.after.status !== 'ENDED') {
    throw new BusinessRuleError(
      'CampaignNotEnded',
      `Campaign ${input.campaignId} is ${outcome?.after.status ?? 'gone'}`,
    );
  }
  const { facts, seller, partner } = await audienceOf(campaign);
  await recordBusinessEvent({
    partnerId: campaign.partnerId,
    eventId: `campaign-ended#${input.campaignId}`,
    occurredAt: outcome.after.endedAt ?? endedAt,
    timezone: timezoneOf(partner),
    counters: { [REPORT_COUNTERS.campaignsEnded]: 1 },
  });
  const email = renderResults({ ...facts, campaignId: input.campaignId, ...results, endedWhilePaused });
  if (partner !== undefined && partner.managerEmails.length > 0) {
    await sendEmailOnce(`campaign-results#${input.campaignId}#managers`, {
      to: partner.managerEmails,
      ...email,
    });
  }
  if (seller !== undefined && !endedWhilePaused) {
    await sendEmailOnce(`campaign-results#${input.campaignId}#seller`, {
      to: [seller.contactEmail],
      ...email,
    });
  }
  await recordAudit({
    entityKey: campaignKey(input.campaignId).pk,
    changeId: 'ended',
    action: 'campaign.ended',
    actor: 'system:EndCampaign',
    at: endedAt,
    executionId: context.executionId,
    after: { orders: results.orders, invitationsSent: results.invitationsSent, endedWhilePaused },
  });
  return results;
}

/**
 * CloseCampaign (the compensation's last step): CANCELLED when a cancellation was asked, else FAILED with the
 * cause of the failure. Idempotent; a campaign already finished keeps its status.
 */
export async function closeCampaign(state: CompensationState, context: TaskContext): Promise<ClosureOutcome> {
  const at = new Date().toISOString();
  const campaign = await loadCampaign(state.campaignId);
  const cancelled = state.mode === 'cancel' || campaign.cancellation !== undefined;
  const failure = cancelled
    ? {
        code: 'CANCELLED',
        message:
          campaign.cancellation?.reason ?? `Cancelled by ${campaign.cancellation?.actor ?? 'the partner'}`,
        at,
      }
    : campaignFailureOf(state.failure, at);
  const status = cancelled ? 'CANCELLED' : 'FAILED';
  const outcome = await changeCampaign(
    state.campaignId,
    (current) =>
      isFinished(current.status)
        ? undefined
        : { set: { status, failure, closedAt: at }, remove: ['resumeStatus', 'resumeToken'] },
    at,
  );
  const closed = outcome?.after ?? campaign;
  if (outcome?.changed === true) {
    await recordAudit({
      entityKey: campaignKey(state.campaignId).pk,
      changeId: `closed#${status}`,
      action: cancelled ? 'campaign.cancelled' : 'campaign.failed',
      actor: cancelled ? (campaign.cancellation?.actor ?? 'system:CloseCampaign') : 'system:CloseCampaign',
      at,
      executionId: context.executionId,
      before: { status: campaign.status },
      after: { status, failure },
    });
  }
  return {
    status: closed.status === 'CANCELLED' ? 'CANCELLED' : 'FAILED',
    code: closed.failure?.code ?? failure.code,
  };
}
