import { affiliateOrderCounters, commissionCounter, gmvCounter } from '#lib/metrics/report-counters.ts';
import type { Money } from '#lib/repositories/creators.ts';

/**
 * How an order status change counts in a partner's weekly metrics. Every status event counts once as an event;
 * an affiliate order's GMV and commission count once per order (when it is first placed), and are taken back
 * once if it is cancelled after that: counting them on every status change would multiply them.
 */

/** TikTok Shop order statuses ("Order status change" webhook, type 1). */
export const ORDER_STATUSES = [
  'UNPAID',
  'ON_HOLD',
  'AWAITING_SHIPMENT',
  'AWAITING_COLLECTION',
  'CANCEL',
  'IN_TRANSIT',
  'DELIVERED',
  'COMPLETED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Paid and not cancelled: the order is a sale from here on. */
const PLACED: ReadonlySet<OrderStatus> = new Set([
  'ON_HOLD',
  'AWAITING_SHIPMENT',
  'AWAITING_COLLECTION',
  'IN_TRANSIT',
  'DELIVERED',
  'COMPLETED',
]);

export type OrderEffect = 'sale' | 'cancellation' | 'none';

/** What a status does to the order's sale: counts it, takes it back, or nothing yet (UNPAID). */
export function effectOf(status: OrderStatus): OrderEffect {
  if (status === 'CANCEL') return 'cancellation';
  return PLACED.has(status) ? 'sale' : 'none';
}

const AMOUNT = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * An amount as TikTok writes money (a decimal string such as "120.50") in integer hundredths, parsed from the
 * text so that no float ever rounds it. Undefined for anything else.
 */
export function parseAmount(amount: string): number | undefined {
  const match = AMOUNT.exec(amount.trim());
  if (match === null) return undefined;
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Who and what an affiliate order is credited to. */
export interface AffiliateAttribution {
  /** The PartnerFlow creator, when the creator's handle is one the partner manages. */
  readonly creatorId?: string;
  readonly creatorHandle?: string;
  /** The TikTok target collaboration (campaign launch keeps it on the campaign). */
  readonly collaborationId?: string;
  readonly gmv: Money;
  readonly commission: Money;
}

/** The counters one status event adds, whatever the order (its own event: `order-status#<orderId>#<status>`). */
export function statusEventCounters(status: OrderStatus): Record<string, number> {
  return { 'orders.statusChanges': 1, [`orders.status.${status}`]: 1 };
}

/**
 * The counters of an affiliate sale (`order#<orderId>`: one affiliate order, its GMV and commission), or of its
 * cancellation after it counted (`order-refund#<orderId>`: the GMV and commission taken back, the order count
 * kept, as the report's contract in functions/lib/metrics/report-counters.ts says).
 */
export function saleCounters(
  attribution: AffiliateAttribution,
  effect: 'sale' | 'refund',
): Record<string, number> {
  if (effect === 'sale') return affiliateOrderCounters(attribution);
  return {
    [gmvCounter(attribution.gmv.currency)]: -attribution.gmv.amountMinor,
    [commissionCounter(attribution.commission.currency)]: -attribution.commission.amountMinor,
  };
}
