import type { TikTokNotification } from '#functions/sellers/notifications/notification.ts';
import { logger } from '#lib/observability.ts';
import { getSeller, getShopClaim, type Seller } from '#lib/repositories/sellers.ts';

/**
 * The seller a notification is about, by the shop it names; undefined (logged) for a shop no seller of
 * PartnerFlow holds, e.g. one authorized for the app outside PartnerFlow.
 */
export async function sellerOfShop(notification: TikTokNotification): Promise<Seller | undefined> {
  const claim = await getShopClaim(notification.shopId);
  const seller = claim === undefined ? undefined : await getSeller(claim.sellerId);
  if (seller === undefined) {
    logger.info('A TikTok Shop notification names a shop no seller holds', {
      type: notification.type,
      notificationId: notification.notificationId,
      shopId: notification.shopId,
    });
  }
  return seller;
}

/**
 * True when the seller was (re)authorized after TikTok pushed the notification: a delivery retried for hours must
 * not undo an authorization that came later.
 */
export function isStale(notification: TikTokNotification, seller: Seller): boolean {
  return (
    seller.activatedAt !== undefined &&
    notification.timestamp > 0 &&
    // TikTok's timestamp has whole seconds: only an activation after that whole second makes it stale.
    Date.parse(seller.activatedAt) >= (notification.timestamp + 1) * 1000
  );
}
