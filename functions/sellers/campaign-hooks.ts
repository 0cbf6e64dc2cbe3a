import { recordAudit } from '#lib/repositories/audit.ts';
import {
  campaignKey,
  holdCampaign,
  liftPause,
  listCampaignsForSubject,
} from '#lib/repositories/campaigns.ts';

/**
 * Where seller authorization meets campaign launch. When a seller withdraws the authorization, the
 * deauthorization step calls `pauseSellerCampaigns` once the seller is REVOKED and before the managers are
 * emailed; the ids it returns are listed in that email.
 */

/** The pause a withdrawn authorization puts on each of the seller's campaigns (one reason per seller). */
export const sellerRevokedPause = (sellerId: string) => `seller-revoked#${sellerId}`;

/**
 * Pauses every campaign of the seller that has not finished (SCHEDULED, INVITING, ACTIVE, or PAUSED for another
 * reason): no email goes out for them, and a launch waiting for its start stays parked once it gets there.
 * Idempotent (the step is retried and a replayed webhook runs it again): a campaign already held for this seller
 * is listed again but not changed. Answers the ids of the campaigns the seller's revocation holds.
 */
export async function pauseSellerCampaigns(
  sellerId: string,
): Promise<{ readonly paused: readonly string[] }> {
  const at = new Date().toISOString();
  const reason = sellerRevokedPause(sellerId);
  const campaigns = await listCampaignsForSubject({ type: 'seller', id: sellerId }, [
    'SCHEDULED',
    'INVITING',
    'ACTIVE',
    'PAUSED',
  ]);
  const paused: string[] = [];
  for (const campaign of campaigns) {
    if (!(await holdCampaign(campaign.campaignId, { reason, at }))) continue;
    paused.push(campaign.campaignId);
    await recordAudit({
      entityKey: campaignKey(campaign.campaignId).pk,
      // Once per revocation: the first pause of this reason (a replay finds it held and records nothing new).
      changeId: `campaign.paused#${reason}#${campaign.pauses?.find((pause) => pause.reason === reason)?.at ?? at}`,
      action: 'campaign.paused',
      actor: 'tiktok:SELLER_DEAUTHORIZATION',
      at,
      after: { reason },
    });
  }
  return { paused };
}

/**
 * Lifts the revocation's pause from the seller's campaigns (for a renewed authorization); each resumes unless
 * another pause holds it, and a launch parked on one is woken. The caller needs Query/GetItem/UpdateItem on the
 * table and `completesTasksOf: ['campaign-launch']`. Answers the ids of the campaigns that run again.
 */
export async function resumeSellerCampaigns(
  sellerId: string,
): Promise<{ readonly resumed: readonly string[] }> {
  const at = new Date().toISOString();
  const campaigns = await listCampaignsForSubject({ type: 'seller', id: sellerId }, ['PAUSED']);
  const resumed: string[] = [];
  for (const campaign of campaigns) {
    if (await liftPause(campaign.campaignId, sellerRevokedPause(sellerId), at))
      resumed.push(campaign.campaignId);
  }
  return { resumed };
}
