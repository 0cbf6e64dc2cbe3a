import type {
  Attention,
  AttentionItem,
  AttentionList,
  GaugeFigure,
} from '#functions/reports/domain/types.ts';
import { listReviews, type Review } from '#lib/repositories/reviews.ts';
import { listPartnerSellers, type Seller } from '#lib/repositories/sellers.ts';

/**
 * The report's "needs attention" lists and gauges, read when the report is built (they are about now, not about
 * the week). Each source is one small function so that an area plugs in by replacing its body:
 *
 * - reviews pending / past their deadline: read from the reviews repository (exists).
 * - sellers to re-authorize: read from the sellers repository (issue 4): REAUTH_REQUIRED sellers, and active
 *   sellers whose authorization of the app ends within 14 days.
 * - creators at risk: EMPTY until violation handling (issue 6); it must return the partner's creators that are
 *   restricted or have 4+ confirmed strikes in the last 90 days, most strikes first.
 * - campaigns ending this week, and the active campaign count: EMPTY / 0 until campaign launch (issues 4-5);
 *   they must read the partner's ACTIVE campaigns by end date (the byState index).
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

const EMPTY: AttentionList = { total: 0, items: [] };

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

/** Creators restricted or with 4+ strikes in 90 days. Empty until issue 6 lands. */
export async function readCreatorRiskAttention(_partnerId: string, _now: Date): Promise<AttentionList> {
  return EMPTY;
}

/** Campaigns ending between `from` and `to` (the week the report starts). Empty until issues 4-5 land. */
export async function readCampaignsEnding(
  _partnerId: string,
  _from: string,
  _to: string,
): Promise<AttentionList> {
  return EMPTY;
}

/** How many of the partner's campaigns are active now. Zero until issues 4-5 land. */
export async function countActiveCampaigns(_partnerId: string, _now: Date): Promise<number> {
  return 0;
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
