import { renderReauthorizationRequest } from '#functions/sellers/emails.ts';
import type { TikTokNotification } from '#functions/sellers/notifications/notification.ts';
import { sellerOfShop } from '#functions/sellers/notifications/resolve-seller.ts';
import { resolveSellerSettings } from '#functions/sellers/settings.ts';
import { sendEmail } from '#lib/email/send.ts';
import { localDate } from '#lib/metrics/calendar.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { claimMarker, recordAuthorizationExpiry, releaseMarker } from '#lib/repositories/sellers.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** `expiration_time` as TikTok sends it (Unix seconds, as text or a number), as an ISO time. */
function expiryOf(data: Readonly<Record<string, unknown>>): string | undefined {
  const seconds = Number(data.expiration_time);
  return Number.isInteger(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined;
}

/**
 * Type 7, UPCOMING_AUTHORIZATION_EXPIRATION (TikTok sends it daily from 30 days before): records when the
 * authorization ends, and emails the seller a re-authorization request at most once a day (the partner's day).
 */
export async function handleExpiringAuthorization(notification: TikTokNotification) {
  const seller = await sellerOfShop(notification);
  if (seller === undefined) return { handled: false, reason: 'UNKNOWN_SHOP' };
  if (seller.status === 'REVOKED' || seller.status === 'FAILED') {
    return { handled: false, reason: `SELLER_${seller.status}` };
  }
  const now = new Date();
  const expiresAt = expiryOf(notification.data);
  if (expiresAt !== undefined) await recordAuthorizationExpiry(seller.sellerId, expiresAt, now.toISOString());
  const partner = await getPartner(seller.partnerId);
  const today = localDate(now, partner?.timezone ?? 'UTC');
  if (!(await claimMarker(seller.sellerId, 'reauthorizationRequestedOn', today, false))) {
    return { handled: true, emailed: false, reason: 'ALREADY_ASKED_TODAY' };
  }
  const settings = resolveSellerSettings(partner?.settings ?? {});
  try {
    await sendEmail({
      to: [seller.contactEmail],
      ...renderReauthorizationRequest({
        shopName: seller.shopName,
        partnerName: partner?.name ?? 'your agency',
        reason: 'expiring',
        ...(expiresAt === undefined ? {} : { expiresAt }),
        ...(settings.authorizationUrl === undefined ? {} : { authorizationUrl: settings.authorizationUrl }),
      }),
    });
  } catch (error) {
    // Give today's marker back, so the retry of this step sends the email.
    await releaseMarker(seller.sellerId, 'reauthorizationRequestedOn', today);
    throw error;
  }
  return { handled: true, emailed: true, ...(expiresAt === undefined ? {} : { expiresAt }) };
}

export const handler = taskHandler('HandleExpiringAuthorization', handleExpiringAuthorization);
