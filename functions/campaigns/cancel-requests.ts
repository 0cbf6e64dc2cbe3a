import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { LAUNCH_WORKFLOW } from '#functions/campaigns/launch-requests.ts';
import type { CancelInput } from '#functions/campaigns/tasks/state.ts';
import { sfn } from '#lib/clients/sfn.ts';
import { logger } from '#lib/observability.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import {
  type Campaign,
  type CampaignCancellation,
  campaignKey,
  changeCampaign,
  getCampaign,
  isFinished,
} from '#lib/repositories/campaigns.ts';
import { executionArnOf, executionNameFor, startWorkflow } from '#lib/workflows/executions.ts';

/**
 * Cancelling a campaign, in both runtimes alike: the cancellation is recorded on the campaign (every launch step
 * refuses to go on from then), the launch execution is stopped (its waits last until startAt or endAt, up to a
 * year), and a compensation execution of the same state machine is started under a name made from the campaign
 * id, so a repeated request starts nothing twice. A Lambda still running when its execution stops finishes
 * against the recorded cancellation: it undoes its own work (the collaboration step removes what it created,
 * the invitation step withdraws), so nothing it does escapes the compensation.
 */

export interface CancelRequest {
  readonly campaignId: string;
  /** May the caller act on this partner's campaigns (their own; ops: any). */
  readonly mayAccess: (partnerId: string) => boolean;
  /** `partner:<keyId>` or `ops:<keyId>`. */
  readonly actor: string;
  readonly reason?: string;
  readonly now: Date;
}

export type CancelResult =
  | { readonly kind: 'accepted'; readonly campaign: Campaign; readonly cancellation: CampaignCancellation }
  | { readonly kind: 'not-found' }
  /** Ended, failed or cancelled before this request: nothing to cancel. */
  | { readonly kind: 'finished'; readonly campaign: Campaign };

export const cancelExecutionIdOf = (campaignId: string) =>
  executionNameFor(LAUNCH_WORKFLOW, `${campaignId}-cancel`);

/** Stops the launch; one already over (or never started) is fine. */
async function stopLaunch(campaign: Campaign, cancellation: CampaignCancellation): Promise<void> {
  try {
    await sfn.send(
      new StopExecutionCommand({
        executionArn: executionArnOf(LAUNCH_WORKFLOW, campaign.executionId),
        error: 'PartnerFlow.CampaignCancelled',
        cause: `Cancelled by ${cancellation.actor}; the compensation runs in ${cancellation.executionId}`,
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
  }
}

/** Starts the compensation; a repeat finds it started (the name is the campaign's). */
async function startCompensation(campaign: Campaign, cancellation: CampaignCancellation): Promise<void> {
  const input: CancelInput = {
    mode: 'cancel',
    campaignId: campaign.campaignId,
    partnerId: campaign.partnerId,
    sellerId: campaign.sellerId,
    requestedAt: cancellation.requestedAt,
    actor: cancellation.actor,
  };
  try {
    await startWorkflow(LAUNCH_WORKFLOW, cancellation.executionId, input);
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
    logger.info('The cancellation was started already', { executionId: cancellation.executionId });
  }
}

/**
 * Cancels a campaign that has not finished: records the cancellation once, stops the launch, starts the
 * compensation. A repeat (the same campaign, cancelled already but still being undone) does the last two again,
 * which is harmless; a campaign already CANCELLED answers as accepted without doing anything.
 */
export async function requestCampaignCancel(request: CancelRequest): Promise<CancelResult> {
  const found = await getCampaign(request.campaignId);
  if (found === undefined || !request.mayAccess(found.partnerId)) return { kind: 'not-found' };
  const at = request.now.toISOString();
  const wanted: CampaignCancellation = {
    requestedAt: at,
    actor: request.actor,
    ...(request.reason === undefined ? {} : { reason: request.reason }),
    executionId: cancelExecutionIdOf(request.campaignId),
  };
  const outcome = await changeCampaign(
    request.campaignId,
    (current) =>
      isFinished(current.status) || current.cancellation !== undefined
        ? undefined
        : { set: { cancellation: wanted } },
    at,
  );
  const campaign = outcome?.after ?? found;
  const cancellation = campaign.cancellation;
  if (cancellation === undefined) return { kind: 'finished', campaign };
  if (campaign.status !== 'CANCELLED') {
    await stopLaunch(campaign, cancellation);
    await startCompensation(campaign, cancellation);
  }
  if (outcome?.changed === true) {
    await recordAudit({
      entityKey: campaignKey(request.campaignId).pk,
      changeId: 'cancel-requested',
      action: 'campaign.cancel-requested',
      actor: request.actor,
      at,
      executionId: cancellation.executionId,
      before: { status: found.status },
      ...(request.reason === undefined ? {} : { after: { reason: request.reason } }),
    });
  }
  return { kind: 'accepted', campaign, cancellation };
}
