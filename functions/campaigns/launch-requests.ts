import { type Participant, preflightProblems } from '#functions/campaigns/domain/preflight.ts';
import type { StartCampaignBody } from '#functions/campaigns/schemas.ts';
import type { LaunchInput } from '#functions/campaigns/tasks/state.ts';
import type { ErrorDetail } from '#lib/http/errors.ts';
import { logger } from '#lib/observability.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { type Campaign, campaignKey, deleteCampaign, putNewCampaign } from '#lib/repositories/campaigns.ts';
import { getCreator } from '#lib/repositories/creators.ts';
import { getSeller } from '#lib/repositories/sellers.ts';
import {
  describeWorkflowExecution,
  executionNameFor,
  newBusinessId,
  startWorkflow,
} from '#lib/workflows/executions.ts';

export const LAUNCH_WORKFLOW = 'campaign-launch';
/** More creators than this are refused by the pre-flight anyway: it reads no more to say which are wrong. */
const MAX_CREATORS_READ = 100;

export interface LaunchRequestInput {
  readonly partnerId: string;
  /** `partner:<keyId>`, for the audit trail. */
  readonly actor: string;
  readonly body: StartCampaignBody;
  readonly requestId: string;
  readonly now: Date;
}

export type LaunchRequestResult =
  | { readonly kind: 'started'; readonly campaign: Campaign }
  | { readonly kind: 'rejected'; readonly problems: readonly ErrorDetail[] };

/** The seller and the named creators as the pre-flight judges them. */
async function readParticipants(body: StartCampaignBody): Promise<{
  seller: Participant | undefined;
  creators: Map<string, Participant>;
}> {
  const creatorIds = [...new Set(body.creatorIds)].slice(0, MAX_CREATORS_READ);
  const [seller, ...creators] = await Promise.all([
    getSeller(body.sellerId),
    ...creatorIds.map((creatorId) => getCreator(creatorId)),
  ]);
  const found = new Map<string, Participant>();
  for (const creator of creators) {
    if (creator !== undefined) found.set(creator.creatorId, creator);
  }
  return {
    seller: seller === undefined ? undefined : { partnerId: seller.partnerId, status: seller.status },
    creators: found,
  };
}

function newCampaign(input: LaunchRequestInput, campaignId: string, executionId: string): Campaign {
  const at = input.now.toISOString();
  const { body } = input;
  return {
    campaignId,
    partnerId: input.partnerId,
    sellerId: body.sellerId,
    name: body.name,
    message: body.message,
    products: body.products.map((product) => ({
      productId: product.productId,
      commissionRate: product.commissionRate,
    })),
    creatorIds: [...body.creatorIds],
    // Normalized to UTC: the workflow's Wait states read them as RFC 3339 timestamps.
    startAt: new Date(body.startAt).toISOString(),
    endAt: new Date(body.endAt).toISOString(),
    freeSamples: body.freeSamples,
    status: 'SCHEDULED',
    executionId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** A start that failed ambiguously (a time-out after Step Functions accepted it) must not be undone. */
async function executionExists(executionId: string): Promise<boolean> {
  try {
    return (await describeWorkflowExecution(LAUNCH_WORKFLOW, executionId)) !== undefined;
  } catch (error) {
    logger.warn('Could not check whether the launch execution started', {
      executionId,
      error: error as Error,
    });
    return false;
  }
}

/**
 * Accepts one campaign launch: runs the pre-flight (every problem at once), stores the campaign as SCHEDULED
 * linked to its seller, audits it and starts `<campaignId>-launch`. Either all of that happens or, when a step
 * fails, the campaign is removed and the error rethrown; a rejected request writes nothing.
 */
export async function requestCampaignLaunch(input: LaunchRequestInput): Promise<LaunchRequestResult> {
  const { seller, creators } = await readParticipants(input.body);
  const problems = preflightProblems(input.body, {
    partnerId: input.partnerId,
    seller,
    creators,
    now: input.now,
  });
  if (problems.length > 0) return { kind: 'rejected', problems };

  const campaignId = newBusinessId('cp');
  const executionId = executionNameFor(LAUNCH_WORKFLOW, campaignId);
  const campaign = newCampaign(input, campaignId, executionId);
  let startAttempted = false;
  try {
    await putNewCampaign(campaign);
    await recordAudit({
      entityKey: campaignKey(campaignId).pk,
      changeId: 'launch-requested',
      action: 'campaign.launch-requested',
      actor: input.actor,
      at: campaign.createdAt,
      executionId,
      after: {
        status: campaign.status,
        sellerId: campaign.sellerId,
        creators: campaign.creatorIds.length,
        products: campaign.products.length,
        startAt: campaign.startAt,
        endAt: campaign.endAt,
      },
    });
    const workflowInput: LaunchInput = {
      mode: 'launch',
      campaignId,
      partnerId: input.partnerId,
      sellerId: campaign.sellerId,
      requestedAt: campaign.createdAt,
      requestId: input.requestId,
    };
    startAttempted = true;
    await startWorkflow(LAUNCH_WORKFLOW, executionId, workflowInput);
  } catch (error) {
    if (!startAttempted || !(await executionExists(executionId))) {
      try {
        await deleteCampaign(campaign);
      } catch (undoError) {
        logger.error('Undo of a campaign launch request failed: could not delete the campaign', {
          campaignId,
          error: undoError as Error,
        });
      }
    }
    throw error;
  }
  return { kind: 'started', campaign };
}
