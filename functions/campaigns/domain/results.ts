import type { MoneyTotal } from '#lib/repositories/campaigns.ts';

/** What the summary reads of an affiliate order (functions/lib/repositories/affiliate-orders.ts). */
export interface CountedOrder {
  readonly gmv: { readonly amountMinor: number; readonly currency: string };
  readonly commission: { readonly amountMinor: number; readonly currency: string };
  /** Set once the order counted as a sale. */
  readonly saleCountedAt?: string;
  /** Set once it was cancelled: a sale that counted is taken back. */
  readonly cancelledAt?: string;
}

function addTo(totals: Map<string, number>, money: { amountMinor: number; currency: string }) {
  const sum = (totals.get(money.currency) ?? 0) + money.amountMinor;
  if (!Number.isSafeInteger(sum))
    throw new RangeError(`The ${money.currency} total is too large to count exactly`);
  totals.set(money.currency, sum);
}

const sorted = (totals: Map<string, number>): MoneyTotal[] =>
  [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amountMinor]) => ({ amountMinor, currency }));

/**
 * A campaign's orders, GMV and commission: the orders that counted as a sale and were not cancelled, summed per
 * currency in integer minor units (never floating point).
 */
export function sumCampaignOrders(orders: readonly CountedOrder[]): {
  orders: number;
  gmv: MoneyTotal[];
  commission: MoneyTotal[];
} {
  const gmv = new Map<string, number>();
  const commission = new Map<string, number>();
  let count = 0;
  for (const order of orders) {
    if (order.saleCountedAt === undefined || order.cancelledAt !== undefined) continue;
    count += 1;
    addTo(gmv, order.gmv);
    addTo(commission, order.commission);
  }
  return { orders: count, gmv: sorted(gmv), commission: sorted(commission) };
}
