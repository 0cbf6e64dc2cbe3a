import { isInvitable } from '#functions/campaigns/domain/preflight.ts';
import { assertNotCancelled, loadCampaign, timezoneOf } from '#functions/campaigns/tasks/context.ts';
import type {
  CollaborationCreated,
  CompensationState,
  LaunchInput,
} from '#functions/campaigns/tasks/state.ts';
import { REPORT_COUNTERS } from '#lib/metrics/report-counters.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { logger } from '#lib/observability.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import {
  advanceCampaign,
  type Campaign,
  type CollaborationConflict,
  campaignKey,
  changeCampaign,
  type TargetCollaboration,
} from '#lib/repositories/campaigns.ts';
import { getCreator } from '#lib/repositories/creators.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import {
  getSeller,
  getSellerAccessToken,
  type SellerAccess,
  SellerNotAuthorizedError,
} from '#lib/repositories/sellers.ts';
import {
  type CollaborationConflictPair,
  createTargetCollaboration,
  removeTargetCollaboration,
} from '#lib/tiktok/affiliate.ts';
import { asWorkflowError, tiktokShop } from '#lib/tiktok/shop-api.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

/**
 * The two steps that call TikTok Shop with the seller's token: create the target collaboration, and remove it
 * (compensation). The token and the shop cipher stay in this function's memory for the call; the workflow state
 * carries only the collaboration id.
 *
 * TikTok names creators by user id; PartnerFlow's creator records hold the TikTok handle (onboarding asks for
 * it), which is what this step sends as the user id. See the README's campaigns section.
 */

/** A conflict answer names creators TikTok will not add; creating again without them is tried this often. */
const MAX_CREATE_ROUNDS = 3;

async function accessOf(sellerId: string): Promise<SellerAccess> {
  try {
    return await getSellerAccessToken(sellerId);
  } catch (error) {
    if (error instanceof SellerNotAuthorizedError) {
      throw new BusinessRuleError(
        'SellerNotAuthorized',
        `The seller is ${error.status}: TikTok cannot be called for it`,
      );
    }
    throw error;
  }
}

function summary(
  collaboration: TargetCollaboration,
  conflicts: readonly CollaborationConflict[],
): CollaborationCreated {
  return {
    collaborationId: collaboration.collaborationId,
    included: collaboration.creatorIds.length,
    conflicts: conflicts.length,
  };
}

/** The creators (by id) TikTok may add: the campaign's creators that are still ACTIVE, with their handles. */
async function eligibleCreators(campaign: Campaign): Promise<Map<string, string>> {
  const creators = await Promise.all(campaign.creatorIds.map((creatorId) => getCreator(creatorId)));
  const eligible = new Map<string, string>();
  for (const creator of creators) {
    if (creator !== undefined && isInvitable(creator, campaign.partnerId))
      eligible.set(creator.creatorId, creator.handle);
  }
  return eligible;
}

/** Records the collaboration on the campaign (INVITING from here), whatever else happened meanwhile. */
async function recordCollaboration(
  campaign: Campaign,
  collaboration: TargetCollaboration,
  conflicts: readonly CollaborationConflict[],
): Promise<Campaign> {
  const at = collaboration.createdAt;
  const recorded = await changeCampaign(
    campaign.campaignId,
    (current) => (current.collaboration === undefined ? { set: { collaboration, conflicts } } : undefined),
    at,
  );
  await advanceCampaign(campaign.campaignId, ['SCHEDULED'], 'INVITING', at);
  return recorded?.after ?? campaign;
}

/**
 * CreateTargetCollaboration: creates the collaboration at TikTok Shop for the eligible creators. TikTok refuses
 * creators already in another live collaboration of the shop for a product (`target_collaboration_conflicts`):
 * those are recorded and left out, and the rest tried again. Counts `campaigns.launched` once. A retried step
 * finds the collaboration it recorded. If the campaign was cancelled while TikTok answered, the collaboration is
 * removed here at once (the cancellation's compensation may have looked before it was recorded).
 */
export async function createCollaboration(input: LaunchInput): Promise<CollaborationCreated> {
  const campaign = await loadCampaign(input.campaignId);
  if (campaign.collaboration !== undefined) return summary(campaign.collaboration, campaign.conflicts ?? []);
  assertNotCancelled(campaign);
  const eligible = await eligibleCreators(campaign);
  const access = await accessOf(campaign.sellerId);
  const seller = await getSeller(campaign.sellerId);
  const byHandle = new Map([...eligible.entries()].map(([creatorId, handle]) => [handle, creatorId]));
  const conflicts: CollaborationConflict[] = [];
  const toConflicts = (pairs: readonly CollaborationConflictPair[]) =>
    pairs.flatMap((pair) => {
      const creatorId = byHandle.get(pair.creatorUserId);
      return creatorId === undefined ? [] : [{ creatorId, productId: pair.productId }];
    });
  let included = [...eligible.keys()];
  for (let round = 0; round < MAX_CREATE_ROUNDS && included.length > 0; round += 1) {
    let answer: Awaited<ReturnType<typeof createTargetCollaboration>>;
    try {
      answer = await createTargetCollaboration(tiktokShop(), access, {
        name: campaign.name,
        message: campaign.message,
        endAt: new Date(campaign.endAt),
        products: campaign.products,
        creatorUserIds: included.map((creatorId) => eligible.get(creatorId) ?? creatorId),
        freeSamples: campaign.freeSamples,
        sellerEmail: seller?.contactEmail ?? '',
      });
    } catch (error) {
      throw asWorkflowError(error, 'CollaborationRejected');
    }
    const found = toConflicts(answer.conflicts);
    conflicts.push(...found);
    const conflicting = new Set(found.map((conflict) => conflict.creatorId));
    if (answer.kind === 'created') {
      const collaboration: TargetCollaboration = {
        collaborationId: answer.collaborationId,
        createdAt: new Date().toISOString(),
        creatorIds: included.filter((creatorId) => !conflicting.has(creatorId)),
      };
      return launched(
        await recordCollaboration(campaign, collaboration, conflicts),
        collaboration,
        conflicts,
        access,
      );
    }
    included = included.filter((creatorId) => !conflicting.has(creatorId));
    if (conflicting.size === 0) break;
  }
  await changeCampaign(campaign.campaignId, () => ({ set: { conflicts } }), new Date().toISOString());
  throw new BusinessRuleError(
    'NoCreatorInvited',
    conflicts.length > 0
      ? `Every eligible creator is already in another target collaboration of the shop for these products (${conflicts.length} conflict(s))`
      : 'No creator of the campaign is ACTIVE any more',
  );
}

async function launched(
  campaign: Campaign,
  collaboration: TargetCollaboration,
  conflicts: readonly CollaborationConflict[],
  access: SellerAccess,
): Promise<CollaborationCreated> {
  if (campaign.cancellation !== undefined && campaign.collaboration?.removal === undefined) {
    logger.info('The campaign was cancelled while TikTok created its collaboration; removing it', {
      campaignId: campaign.campaignId,
    });
    await removeAndRecord(campaign, collaboration, access);
    throw new BusinessRuleError('CampaignCancelled', `Campaign ${campaign.campaignId} was cancelled`);
  }
  const partner = await getPartner(campaign.partnerId);
  await recordBusinessEvent({
    partnerId: campaign.partnerId,
    eventId: `campaign-launched#${campaign.campaignId}`,
    occurredAt: collaboration.createdAt,
    timezone: timezoneOf(partner),
    counters: { [REPORT_COUNTERS.campaignsLaunched]: 1 },
  });
  await recordAudit({
    entityKey: campaignKey(campaign.campaignId).pk,
    changeId: 'collaboration-created',
    action: 'campaign.collaboration-created',
    actor: 'system:CreateTargetCollaboration',
    at: collaboration.createdAt,
    executionId: campaign.executionId,
    after: {
      collaborationId: collaboration.collaborationId,
      creators: collaboration.creatorIds.length,
      conflicts: conflicts.length,
    },
  });
  return summary(collaboration, conflicts);
}

async function removeAndRecord(
  campaign: Campaign,
  collaboration: TargetCollaboration,
  access: SellerAccess | undefined,
): Promise<NonNullable<TargetCollaboration['removal']>['result']> {
  let result: NonNullable<TargetCollaboration['removal']>['result'] = 'SELLER_NOT_AUTHORIZED';
  if (access !== undefined) {
    try {
      result = await removeTargetCollaboration(tiktokShop(), access, collaboration.collaborationId);
    } catch (error) {
      throw asWorkflowError(error, 'CollaborationRemovalRejected');
    }
  }
  const at = new Date().toISOString();
  await changeCampaign(
    campaign.campaignId,
    (current) =>
      current.collaboration === undefined || current.collaboration.removal !== undefined
        ? undefined
        : { set: { collaboration: { ...current.collaboration, removal: { at, result } } } },
    at,
  );
  return result;
}

/**
 * RemoveTargetCollaboration (compensation): ends the collaboration at TikTok Shop, once. A collaboration TikTok no
 * longer knows counts as removed; a seller that withdrew its authorization cannot be called on: that is recorded
 * as the removal's result (the collaboration is then the seller's to end in Seller Center), not retried for ever.
 */
export async function removeCollaboration(
  state: CompensationState,
  _context: TaskContext,
): Promise<{ result: string }> {
  const campaign = await loadCampaign(state.campaignId);
  const collaboration = campaign.collaboration;
  if (collaboration === undefined) return { result: 'NONE' };
  if (collaboration.removal !== undefined) return { result: collaboration.removal.result };
  let access: SellerAccess | undefined;
  try {
    access = await getSellerAccessToken(campaign.sellerId);
  } catch (error) {
    if (!(error instanceof SellerNotAuthorizedError)) throw error;
    logger.warn('The seller is not authorized: the collaboration cannot be removed at TikTok', {
      campaignId: campaign.campaignId,
      sellerStatus: error.status,
    });
  }
  return { result: await removeAndRecord(campaign, collaboration, access) };
}
