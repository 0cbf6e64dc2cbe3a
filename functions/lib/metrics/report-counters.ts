import type { CreatorTier, Money } from '#lib/repositories/creators.ts';
import type { Severity } from '#lib/repositories/violation-history.ts';

/**
 * The weekly report's counters: the ONE list of names that the workflows record with `recordBusinessEvent`
 * (functions/lib/metrics/weekly-counters.ts) and that the weekly partner report reads. A name missing from a
 * week reads as zero, so an area that records nothing yet shows 0 in the report rather than an error.
 *
 * How an area records a business fact:
 *
 *   await recordBusinessEvent({
 *     partnerId,
 *     eventId: `order#${orderId}`,          // deterministic per fact: a retried step counts it once
 *     occurredAt: order.placedAt,           // the fact's own time, not "now" (a retry after midnight stays put)
 *     timezone: partner.timezone,           // the week is the partner-local ISO week of occurredAt
 *     creatorId: order.creatorId,           // when the fact belongs to a creator: top creators and the CSV
 *     counters: affiliateOrderCounters({ gmv: order.gmv, commission: order.commission }),
 *   });
 *
 * | counter                      | recorded by (issue)                     | one event is                                  | event id           |
 * | ---------------------------- | --------------------------------------- | --------------------------------------------- | ------------------ |
 * | `creators.decided`           | creator onboarding (done)               | an application decided (approved or rejected) | `creator-onboarding#<creatorId>` |
 * | `creators.approved`          | creator onboarding (done)               | an application approved                       | same event         |
 * | `creators.rejected`          | creator onboarding (done)               | an application rejected                       | same event         |
 * | `creators.onboarded.<tier>`  | creator onboarding (done)               | a creator activated in tier top/mid/long-tail | same event         |
 * | `creators.pilots`            | creator onboarding (done)               | an approval on a pilot period                 | same event         |
 * | `reviews.decided`            | creator onboarding (done)               | an application that went to a manager         | same event         |
 * | `sellers.authorized`         | seller authorization (issue 4)          | a shop authorized (first time or again)       | `seller-authorized#<shopId>#<authorizationId>` |
 * | `campaigns.launched`         | campaign launch (issues 4-5)            | a campaign created at TikTok Shop             | `campaign-launched#<campaignId>` |
 * | `campaigns.ended`            | campaign launch (issues 4-5)            | a campaign closed and summed up               | `campaign-ended#<campaignId>` |
 * | `invitations.sent`           | campaign launch (issues 4-5)            | one creator invited to a campaign             | `invitation#<campaignId>#<creatorId>` |
 * | `orders.affiliate`           | affiliate orders (issue 5)              | one affiliate order attributed to a creator   | `order#<orderId>`  |
 * | `gmv.<CUR>`                  | affiliate orders (issue 5)              | the order's GMV in integer minor units        | same event         |
 * | `commission.<CUR>`           | affiliate orders (issue 5)              | the commission earned, integer minor units    | same event         |
 * | `violations.<severity>`      | violation handling (issue 6)            | a violation recorded (low/medium/high/critical) | `violation#<violationId>` |
 *
 * `<CUR>` is the ISO 4217 code in capitals (`gmv.USD`). A refund is its own event (`order-refund#<orderId>`)
 * with negative `gmv.<CUR>` / `commission.<CUR>` increments and no `orders.affiliate`.
 *
 * Gauges are not counters: "campaigns active" is read when the report is built (functions/reports/data/
 * attention.ts), as are the "needs attention" lists.
 */
export const REPORT_COUNTERS = {
  creatorsDecided: 'creators.decided',
  creatorsApproved: 'creators.approved',
  creatorsRejected: 'creators.rejected',
  creatorsPilots: 'creators.pilots',
  reviewsDecided: 'reviews.decided',
  sellersAuthorized: 'sellers.authorized',
  campaignsLaunched: 'campaigns.launched',
  campaignsEnded: 'campaigns.ended',
  invitationsSent: 'invitations.sent',
  ordersAffiliate: 'orders.affiliate',
} as const;

export const CREATOR_TIERS: readonly CreatorTier[] = ['top', 'mid', 'long-tail'];
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

const CURRENCY = /^[A-Z]{3}$/;

/** `creators.onboarded.<tier>`: a creator activated in this tier. */
export const onboardedCounter = (tier: CreatorTier) => `creators.onboarded.${tier}`;
/** `violations.<severity>`: a violation recorded with this severity. */
export const violationCounter = (severity: Severity) => `violations.${severity}`;

function currencyCode(currency: string): string {
  if (!CURRENCY.test(currency)) throw new Error(`Currency ${currency} must be an ISO 4217 code in capitals`);
  return currency;
}

/** `gmv.<CUR>`: gross merchandise value in integer minor units. */
export const gmvCounter = (currency: string) => `gmv.${currencyCode(currency)}`;
/** `commission.<CUR>`: commission earned in integer minor units. */
export const commissionCounter = (currency: string) => `commission.${currencyCode(currency)}`;

/** The counters one affiliate order adds (GMV and commission may be in different currencies). */
export function affiliateOrderCounters(order: {
  readonly gmv: Money;
  readonly commission: Money;
}): Record<string, number> {
  const counters: Record<string, number> = { [REPORT_COUNTERS.ordersAffiliate]: 1 };
  counters[gmvCounter(order.gmv.currency)] = order.gmv.amountMinor;
  counters[commissionCounter(order.commission.currency)] = order.commission.amountMinor;
  return counters;
}

/** Amounts per currency found under a money prefix (`gmv.` or `commission.`), currencies sorted. */
export function moneyByCurrency(
  counters: Readonly<Record<string, number>>,
  prefix: 'gmv' | 'commission',
): Record<string, number> {
  const amounts: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters)) {
    const currency = name.startsWith(`${prefix}.`) ? name.slice(prefix.length + 1) : undefined;
    if (currency !== undefined && CURRENCY.test(currency)) amounts[currency] = value;
  }
  return Object.fromEntries(Object.entries(amounts).sort(([a], [b]) => a.localeCompare(b)));
}

/** A counter's value, zero when the week recorded none (an area that has no events yet reads as 0). */
export const counterValue = (counters: Readonly<Record<string, number>>, name: string): number =>
  counters[name] ?? 0;
