import type { CampaignFacts } from '#functions/campaigns/emails.ts';
import { type Campaign, getCampaign } from '#lib/repositories/campaigns.ts';
import { getPartner, type Partner } from '#lib/repositories/partners.ts';
import { getSeller, type Seller } from '#lib/repositories/sellers.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';

/** The campaign a step works on; a launch whose campaign is gone cannot go on (nor be retried into success). */
export async function loadCampaign(campaignId: string): Promise<Campaign> {
  const campaign = await getCampaign(campaignId);
  if (campaign === undefined)
    throw new BusinessRuleError('CampaignNotFound', `Campaign ${campaignId} does not exist`);
  return campaign;
}

/** A cancellation recorded by the API stops every forward step (the compensation takes over). */
export function assertNotCancelled(campaign: Campaign): void {
  if (campaign.cancellation !== undefined) {
    throw new BusinessRuleError('CampaignCancelled', `Campaign ${campaign.campaignId} was cancelled`);
  }
}

export interface CampaignAudience {
  readonly facts: CampaignFacts;
  readonly seller: Seller | undefined;
  readonly partner: Partner | undefined;
}

/** Who a campaign's emails name and go to: the shop, the partner and its managers. */
export async function audienceOf(campaign: Campaign): Promise<CampaignAudience> {
  const [seller, partner] = await Promise.all([getSeller(campaign.sellerId), getPartner(campaign.partnerId)]);
  return {
    seller,
    partner,
    facts: {
      campaignName: campaign.name,
      shopName: seller?.shop?.name ?? seller?.shopName ?? 'your shop',
      partnerName: partner?.name ?? 'Your agency',
      startAt: campaign.startAt,
      endAt: campaign.endAt,
    },
  };
}

/** The partner's time zone, which decides the week a campaign's events count in. */
export const timezoneOf = (partner: Partner | undefined) => partner?.timezone ?? 'UTC';
