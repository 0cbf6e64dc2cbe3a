import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import type { Money } from '#lib/repositories/creators.ts';
import { queryAll } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * One item per affiliate order (TikTok Shop order with a creator), fed by "order status change" webhooks. It
 * fixes the order's attribution and amounts when first seen, and records once when its sale counted and when it
 * was cancelled: the weekly counters are written from these fixed moments, so however often and in whatever
 * order TikTok delivers the status events, the order's GMV and commission count once (and are taken back once).
 *
 * Lists: a partner's affiliate orders (gsi1 `PARTNER#<id>#AFFILIATE_ORDERS`) and a collaboration's (gsi2
 * `TTS_COLLABORATION#<id>`), newest first by when they were first seen; campaign launch sums its results there.
 */

export interface AffiliateOrder {
  readonly orderId: string;
  readonly shopId: string;
  readonly sellerId: string;
  readonly partnerId: string;
  readonly creatorId?: string;
  readonly creatorHandle?: string;
  readonly collaborationId?: string;
  readonly gmv: Money;
  readonly commission: Money;
  readonly firstSeenAt: string;
  readonly lastStatus: string;
  /** When the order first counted as a sale (its first placed status). */
  readonly saleCountedAt?: string;
  /** When the order was cancelled (a sale that counted is taken back once). */
  readonly cancelledAt?: string;
}

export const affiliateOrderKey = (shopId: string, orderId: string) => ({
  pk: `TTS_ORDER#${shopId}#${orderId}`,
  sk: 'AFFILIATE',
});

const INTERNAL = new Set(['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

function toOrder(item: Record<string, unknown>): AffiliateOrder {
  return Object.fromEntries(
    Object.entries(item).filter(([key]) => !INTERNAL.has(key)),
  ) as unknown as AffiliateOrder;
}

/** Attribution and amounts are kept from the first event; later events only move `lastStatus`. */
function firstSeenUpdate(order: Omit<AffiliateOrder, 'saleCountedAt' | 'cancelledAt'>) {
  const fixed: Record<string, unknown> = {
    type: 'AffiliateOrder',
    orderId: order.orderId,
    shopId: order.shopId,
    sellerId: order.sellerId,
    partnerId: order.partnerId,
    gmv: order.gmv,
    commission: order.commission,
    firstSeenAt: order.firstSeenAt,
    gsi1pk: `PARTNER#${order.partnerId}#AFFILIATE_ORDERS`,
    gsi1sk: `${order.firstSeenAt}#${order.orderId}`,
    ...(order.creatorId === undefined ? {} : { creatorId: order.creatorId }),
    ...(order.creatorHandle === undefined ? {} : { creatorHandle: order.creatorHandle }),
    ...(order.collaborationId === undefined
      ? {}
      : {
          collaborationId: order.collaborationId,
          gsi2pk: `TTS_COLLABORATION#${order.collaborationId}`,
          gsi2sk: `${order.firstSeenAt}#${order.orderId}`,
        }),
  };
  const names: Record<string, string> = { '#lastStatus': 'lastStatus' };
  const values: Record<string, unknown> = { ':lastStatus': order.lastStatus };
  const sets = ['#lastStatus = :lastStatus'];
  Object.entries(fixed).forEach(([name, value], index) => {
    names[`#f${index}`] = name;
    values[`:f${index}`] = value;
    sets.push(`#f${index} = if_not_exists(#f${index}, :f${index})`);
  });
  return { names, values, sets };
}

/**
 * Applies one status event to the order: a sale counts from its first placed status unless the order was
 * cancelled first; a cancellation is recorded once. Answers the order as stored after the event, or undefined
 * for a sale that can no longer count (cancelled before it was placed).
 */
export async function recordAffiliateOrderEvent(
  order: Omit<AffiliateOrder, 'saleCountedAt' | 'cancelledAt'>,
  effect: 'sale' | 'cancellation' | 'none',
  at: string,
): Promise<AffiliateOrder | undefined> {
  const { names, values, sets } = firstSeenUpdate(order);
  let condition: string | undefined;
  if (effect === 'sale') {
    names['#saleCountedAt'] = 'saleCountedAt';
    names['#cancelledAt'] = 'cancelledAt';
    values[':at'] = at;
    sets.push('#saleCountedAt = if_not_exists(#saleCountedAt, :at)');
    condition = 'attribute_not_exists(#cancelledAt) OR attribute_exists(#saleCountedAt)';
  } else if (effect === 'cancellation') {
    names['#cancelledAt'] = 'cancelledAt';
    values[':at'] = at;
    sets.push('#cancelledAt = if_not_exists(#cancelledAt, :at)');
  }
  const { Attributes } =
    (await whenConditionHolds(
      dynamodb.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: affiliateOrderKey(order.shopId, order.orderId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    )) ?? {};
  return Attributes === undefined ? undefined : toOrder(Attributes);
}

/**
 * Every affiliate order recorded for a TikTok target collaboration (the byState index, `TTS_COLLABORATION#<id>`),
 * oldest first: campaign launch sums a campaign's results from them.
 */
export async function listCollaborationOrders(collaborationId: string): Promise<AffiliateOrder[]> {
  const items = await queryAll({
    TableName: TABLE_NAME,
    IndexName: 'byState',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': `TTS_COLLABORATION#${collaborationId}` },
  });
  return items.map(toOrder);
}
