import { assertNotCancelled, loadCampaign } from '#functions/campaigns/tasks/context.ts';
import type { InvitationSummary, LaunchInput, LaunchPlan } from '#functions/campaigns/tasks/state.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { listInvitations } from '#lib/repositories/campaign-invitations.ts';
import { advanceCampaign, campaignKey, changeCampaign } from '#lib/repositories/campaigns.ts';
import { getSeller } from '#lib/repositories/sellers.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

/**
 * The launch's forward steps before the invitations and after them: re-check, reserve, sum up the invitations.
 * Each is idempotent: a retried or redriven step finds its own earlier write and answers the same.
 */

/**
 * RecheckPreflight: what may have changed since the API's pre-flight. The seller must still be ACTIVE, the
 * campaign SCHEDULED (not cancelled) and its end ahead. Creators are judged one by one when invited.
 */
export async function recheckPreflight(input: LaunchInput): Promise<LaunchPlan> {
  const campaign = await loadCampaign(input.campaignId);
  assertNotCancelled(campaign);
  const problems: string[] = [];
  const seller = await getSeller(campaign.sellerId);
  if (seller?.status !== 'ACTIVE') {
    problems.push(`the seller is ${seller?.status ?? 'gone'}, no longer ACTIVE`);
  }
  if (Date.parse(campaign.endAt) <= Date.now()) problems.push('its end has passed');
  if (campaign.status !== 'SCHEDULED' && campaign.status !== 'PAUSED') {
    problems.push(`the campaign is ${campaign.status}`);
  }
  if (problems.length > 0) {
    throw new BusinessRuleError(
      'PreflightFailed',
      `The campaign can no longer launch: ${problems.join('; ')}`,
    );
  }
  return { startAt: campaign.startAt, endAt: campaign.endAt, creatorIds: campaign.creatorIds };
}

/**
 * ReserveCampaign: the conditional write after which every failure compensates. The campaign must be this
 * launch's, not cancelled, and not launched by anyone else; a retry finds its own reservation.
 */
export async function reserveCampaign(input: LaunchInput, context: TaskContext): Promise<null> {
  const at = new Date().toISOString();
  let refusal: string | undefined;
  const outcome = await changeCampaign(
    input.campaignId,
    (current) => {
      refusal = undefined;
      if (current.cancellation !== undefined) refusal = 'it was cancelled';
      else if (current.executionId !== context.executionId) refusal = 'another execution launches it';
      else if (current.reservedAt !== undefined) return undefined;
      else if (current.status !== 'SCHEDULED' && current.status !== 'PAUSED')
        refusal = `it is ${current.status}`;
      return refusal === undefined ? { set: { reservedAt: at } } : undefined;
    },
    at,
  );
  if (outcome === undefined)
    throw new BusinessRuleError('CampaignNotFound', `Campaign ${input.campaignId} is gone`);
  if (refusal !== undefined) {
    throw new BusinessRuleError(
      refusal === 'it was cancelled' ? 'CampaignCancelled' : 'CampaignNotReservable',
      `The campaign cannot be reserved: ${refusal}`,
    );
  }
  if (outcome.changed) {
    await recordAudit({
      entityKey: campaignKey(input.campaignId).pk,
      changeId: 'reserved',
      action: 'campaign.reserved',
      actor: 'system:ReserveCampaign',
      at,
      executionId: context.executionId,
    });
  }
  return null;
}

/** SummarizeInvitations: the tally as recorded; the campaign then waits for its start (SCHEDULED). */
export async function summarizeInvitations(input: LaunchInput): Promise<InvitationSummary> {
  const campaign = await loadCampaign(input.campaignId);
  assertNotCancelled(campaign);
  const invitations = await listInvitations(input.campaignId);
  const count = (status: string) => invitations.filter((invitation) => invitation.status === status).length;
  const tally = { invited: count('INVITED'), held: count('HELD'), failed: count('FAILED') };
  const at = new Date().toISOString();
  await advanceCampaign(input.campaignId, ['INVITING'], 'SCHEDULED', at, { invitations: tally });
  return { ...tally, reachable: tally.invited + tally.held };
}
