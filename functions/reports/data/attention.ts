import type {
  Attention,
  AttentionItem,
  AttentionList,
  GaugeFigure,
} from '#functions/reports/domain/types.ts';
import { creatorsAtRisk } from '#functions/violations/risk.ts';
import { type Campaign, countCampaignsInStatus, listCampaignsEnding } from '#lib/repositories/campaigns.ts';
import { listReviews, type Review } from '#lib/repositories/reviews.ts';
import { listPartnerSellers, type Seller } from '#lib/repositories/sellers.ts';

/**
 * The report's "needs attention" lists and gauges, read when the report is built (they are about now, not about
 * the week). Each source is one small function so that an area plugs in by replacing its body:
 *
 * - reviews pending / past their deadline: read from the reviews repository (exists).
 * - sellers to re-authorize: read from the sellers repository (issue 4): REAUTH_REQUIRED sellers, and active
 *   sellers whose authorization of the app ends within 14 days.
 * - creators at risk: read from violation handling (issue 6): the partner's creators that are restricted (or
 *   suspended, banned) or have 4+ confirmed strikes in the last 90 days, most strikes first.
 * - campaigns ending this week, and the active campaign count: read from the campaigns repository (issue 5), the
 *   partner's ACTIVE (and PAUSED) campaigns by end date on the byState index.
 *
 * Every source reads a bounded number of items: at most MAX_ITEMS_READ per list.
 */
export const ATTENTION_ITEMS_SHOWN = 10;
const MAX_ITEMS_READ = 500;
const PAGE_SIZE = 100;

const listOf = (items: readonly AttentionItem[], total = items.length): AttentionList => ({
  total,
  items: items.slice(0, ATTENTION_ITEMS_SHOWN),
});

function reviewItem(review: Review): AttentionItem {
  const handle = typeof review.summary.handle === 'string' ? `@${review.summary.handle}` : review.subject.id;
  return {
    id: review.reviewId,
    title: handle,
    detail: `${review.subject.type} review, due ${review.dueAt.slice(0, 16).replace('T', ' ')} UTC`,
    dueAt: review.dueAt,
  };
}

/** The partner's pending reviews (oldest deadline first) and those already past their deadline at `now`. */
export async function readReviewAttention(
  partnerId: string,
  now: Date,
): Promise<{ pending: AttentionList; pastSla: AttentionList; itemsRead: number }> {
  const pending: Review[] = [];
  let cursor: string | undefined;
  do {
    const page = await listReviews(partnerId, {
      status: 'PENDING',
      limit: PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    pending.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && pending.length < MAX_ITEMS_READ);
  pending.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.reviewId.localeCompare(b.reviewId));
  const late = pending.filter((review) => review.dueAt < now.toISOString());
  return {
    pending: listOf(pending.map(reviewItem)),
    pastSla: listOf(late.map(reviewItem)),
    itemsRead: pending.length,
  };
}

export const AUTHORIZATION_WARNING_DAYS = 14;

/**
 * The sellers a manager must act on, most urgent first: those that must authorize the app again, then those whose
 * authorization ends within 14 days of `now` (soonest first).
 */
export function sellersNeedingAttention(sellers: readonly Seller[], now: Date): AttentionItem[] {
  const horizon = new Date(now.getTime() + AUTHORIZATION_WARNING_DAYS * 86_400_000).toISOString();
  const reauthorize = sellers
    .filter((seller) => seller.status === 'REAUTH_REQUIRED')
    .map((seller) => ({
      id: seller.sellerId,
      title: seller.shop?.name ?? seller.shopName,
      detail: `re-authorization required${seller.failure === undefined ? '' : ` (${seller.failure.code})`}`,
    }));
  const expiring = sellers
    .filter(
      (seller) =>
        seller.status === 'ACTIVE' &&
        seller.authorizationExpiresAt !== undefined &&
        seller.authorizationExpiresAt <= horizon,
    )
    .sort((a, b) => (a.authorizationExpiresAt ?? '').localeCompare(b.authorizationExpiresAt ?? ''))
    .map((seller) => ({
      id: seller.sellerId,
      title: seller.shop?.name ?? seller.shopName,
      detail: `authorization ends ${(seller.authorizationExpiresAt ?? '').slice(0, 10)}`,
      ...(seller.authorizationExpiresAt === undefined ? {} : { dueAt: seller.authorizationExpiresAt }),
    }));
  return [...reauthorize, ...expiring];
}

/** Sellers to re-authorize or whose authorization ends within 14 days (at most MAX_ITEMS_READ sellers read). */
export async function readSellerAttention(
  partnerId: string,
  now: Date,
): Promise<{ list: AttentionList; itemsRead: number }> {
  const sellers: Seller[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPartnerSellers(partnerId, {
      limit: PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    sellers.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && sellers.length < MAX_ITEMS_READ);
  return { list: listOf(sellersNeedingAttention(sellers, now)), itemsRead: sellers.length };
}

/**
 * Creators restricted, suspended or banned, or with 4+ confirmed strikes in 90 days (the partner's violation
 * policy), most strikes first: violation handling's sparse at-risk list (at most MAX_ITEMS_READ standings).
 */
export async function readCreatorRiskAttention(partnerId: string, now: Date): Promise<AttentionList> {
  const creators = await creatorsAtRisk(partnerId, now, MAX_ITEMS_READ);
  return listOf(
    creators.map((creator) => ({
      id: creator.creatorId,
      title: creator.name,
      detail: creator.detail,
      ...(creator.until === undefined ? {} : { dueAt: creator.until }),
    })),
  );
}

/** A campaign that ends soon, as the report lists it. */
function campaignItem(campaign: Campaign): AttentionItem {
  const invited = campaign.invitations?.invited ?? 0;
  return {
    id: campaign.campaignId,
    title: campaign.name,
    detail: `${campaign.status === 'PAUSED' ? 'paused, ' : ''}ends ${campaign.endAt.slice(0, 16).replace('T', ' ')} UTC, ${invited} creator(s) invited`,
    dueAt: campaign.endAt,
  };
}

/**
 * The partner's running campaigns (ACTIVE, and PAUSED ones) ending between `from` and `to` (dates, inclusive,
 * compared with the end time in UTC), soonest first: the byState index, at most MAX_ITEMS_READ of each status.
 */
export async function readCampaignsEnding(
  partnerId: string,
  from: string,
  to: string,
): Promise<AttentionList> {
  const [active, paused] = await Promise.all(
    (['ACTIVE', 'PAUSED'] as const).map((status) =>
      listCampaignsEnding(partnerId, status, { from, to }, MAX_ITEMS_READ),
    ),
  );
  const ending = [...(active ?? []), ...(paused ?? [])].sort(
    (a, b) => a.endAt.localeCompare(b.endAt) || a.campaignId.localeCompare(b.campaignId),
  );
  return listOf(ending.map(campaignItem));
}

/** How many of the partner's campaigns are ACTIVE now (a COUNT on the byState index; paused ones are not). */
export async function countActiveCampaigns(partnerId: string, _now: Date): Promise<number> {
  return countCampaignsInStatus(partnerId, 'ACTIVE');
}

/** Every "needs attention" list, read at `now`; `thisWeek` bounds "campaigns ending this week". */
export async function readAttention(
  partnerId: string,
  now: Date,
  thisWeek: { readonly from: string; readonly to: string },
): Promise<{ attention: Attention; itemsRead: number }> {
  const [reviews, sellers, creators, campaigns] = await Promise.all([
    readReviewAttention(partnerId, now),
    readSellerAttention(partnerId, now),
    readCreatorRiskAttention(partnerId, now),
    readCampaignsEnding(partnerId, thisWeek.from, thisWeek.to),
  ]);
  return {
    attention: {
      reviewsPending: reviews.pending,
      reviewsPastSla: reviews.pastSla,
      sellersAuthorization: sellers.list,
      creatorsAtRisk: creators,
      campaignsEnding: campaigns,
    },
    itemsRead: reviews.itemsRead + sellers.itemsRead,
  };
}

/** The active-campaign gauge now, against the value last week's report showed (null before the first report). */
export async function readCampaignsActive(
  partnerId: string,
  now: Date,
  previousReportValue: number | null,
): Promise<GaugeFigure> {
  return { current: await countActiveCampaigns(partnerId, now), previous: previousReportValue };
}
