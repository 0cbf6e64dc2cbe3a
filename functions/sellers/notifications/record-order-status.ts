import {
  type AffiliateAttribution,
  effectOf,
  ORDER_STATUSES,
  type OrderStatus,
  parseAmount,
  saleCounters,
  statusEventCounters,
} from '#functions/sellers/domain/orders.ts';
import type { TikTokNotification } from '#functions/sellers/notifications/notification.ts';
import { sellerOfShop } from '#functions/sellers/notifications/resolve-seller.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { logger } from '#lib/observability.ts';
import { recordAffiliateOrderEvent } from '#lib/repositories/affiliate-orders.ts';
import type { Money } from '#lib/repositories/creators.ts';
import { getHandleHolder } from '#lib/repositories/creators.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

type Json = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SAFE_ID = /^[A-Za-z0-9_-]{1,40}$/;
const CURRENCY = /^[A-Z]{3}$/;
const HANDLE = /^[a-z0-9._]{2,24}$/;

function moneyOf(value: unknown): Money | undefined {
  if (!isRecord(value) || typeof value.currency !== 'string' || !CURRENCY.test(value.currency))
    return undefined;
  const amountMinor = parseAmount(String(value.amount ?? ''));
  return amountMinor === undefined ? undefined : { amountMinor, currency: value.currency };
}

/**
 * The affiliate part of an order event, when present. TikTok's own order webhook carries no money; PartnerFlow
 * reads an `affiliate` object beside the documented fields: `creator_username`, `target_collaboration_id`, and
 * `gmv` / `commission` as `{amount: "12.34", currency: "USD"}`. An order without it counts as an event only.
 */
export function affiliateOf(data: Json): Omit<AffiliateAttribution, 'creatorId'> | undefined {
  const affiliate = data.affiliate;
  if (!isRecord(affiliate)) return undefined;
  const gmv = moneyOf(affiliate.gmv);
  const commission = moneyOf(affiliate.commission);
  if (gmv === undefined || commission === undefined) return undefined;
  const handle =
    typeof affiliate.creator_username === 'string' ? affiliate.creator_username.toLowerCase() : '';
  const collaboration = String(affiliate.target_collaboration_id ?? '');
  return {
    gmv,
    commission,
    ...(HANDLE.test(handle) ? { creatorHandle: handle } : {}),
    ...(SAFE_ID.test(collaboration) ? { collaborationId: collaboration } : {}),
  };
}

/**
 * Type 1, ORDER_STATUS_CHANGE: counts the status event once in the partner's week, and for an affiliate order
 * its sale once (GMV and commission in integer minor units, credited to the partner's creator when the handle
 * is one of theirs) and its cancellation once.
 */
export async function recordOrderStatusChange(notification: TikTokNotification) {
  const seller = await sellerOfShop(notification);
  if (seller === undefined) return { handled: false, reason: 'UNKNOWN_SHOP' };
  const { data } = notification;
  const orderId = String(data.order_id ?? '');
  const status = String(data.order_status ?? '') as OrderStatus;
  if (!/^[0-9A-Za-z_-]{1,64}$/.test(orderId) || !ORDER_STATUSES.includes(status)) {
    logger.warn('An order status notification has no usable order id or status', {
      notificationId: notification.notificationId,
      shopId: notification.shopId,
    });
    return { handled: false, reason: 'INVALID_ORDER_EVENT' };
  }
  const updateSeconds = Number(data.update_time ?? notification.timestamp);
  const occurredAt = new Date(
    (Number.isInteger(updateSeconds) && updateSeconds > 0 ? updateSeconds : Date.now() / 1000) * 1000,
  ).toISOString();
  const partner = await getPartner(seller.partnerId);
  const timezone = partner?.timezone ?? 'UTC';
  await recordBusinessEvent({
    partnerId: seller.partnerId,
    eventId: `order-status#${orderId}#${status}`,
    occurredAt,
    timezone,
    counters: statusEventCounters(status),
  });
  const affiliate = affiliateOf(data);
  if (affiliate === undefined) return { handled: true, orderId, status, affiliate: false };

  const holder =
    affiliate.creatorHandle === undefined ? undefined : await getHandleHolder(affiliate.creatorHandle);
  const creatorId = holder?.partnerId === seller.partnerId ? holder.creatorId : undefined;
  const effect = effectOf(status);
  const order = await recordAffiliateOrderEvent(
    {
      orderId,
      shopId: notification.shopId,
      sellerId: seller.sellerId,
      partnerId: seller.partnerId,
      ...affiliate,
      ...(creatorId === undefined ? {} : { creatorId }),
      firstSeenAt: occurredAt,
      lastStatus: status,
    },
    effect,
    occurredAt,
  );
  // The amounts and creator as first recorded, so every event of the order counts the same numbers.
  const attribution: AffiliateAttribution | undefined =
    order === undefined
      ? undefined
      : {
          gmv: order.gmv,
          commission: order.commission,
          ...(order.creatorId === undefined ? {} : { creatorId: order.creatorId }),
        };
  let counted: 'sale' | 'refund' | 'none' = 'none';
  if (order !== undefined && attribution !== undefined && order.saleCountedAt !== undefined) {
    if (effect === 'sale') {
      await recordBusinessEvent({
        partnerId: seller.partnerId,
        eventId: `order#${orderId}`,
        occurredAt: order.saleCountedAt,
        timezone,
        ...(attribution.creatorId === undefined ? {} : { creatorId: attribution.creatorId }),
        counters: saleCounters(attribution, 'sale'),
      });
      counted = 'sale';
    } else if (effect === 'cancellation' && order.cancelledAt !== undefined) {
      await recordBusinessEvent({
        partnerId: seller.partnerId,
        eventId: `order-refund#${orderId}`,
        occurredAt: order.cancelledAt,
        timezone,
        ...(attribution.creatorId === undefined ? {} : { creatorId: attribution.creatorId }),
        counters: saleCounters(attribution, 'refund'),
      });
      counted = 'refund';
    }
  }
  return { handled: true, orderId, status, affiliate: true, counted };
}

export const handler = taskHandler('RecordOrderStatusChange', recordOrderStatusChange);
