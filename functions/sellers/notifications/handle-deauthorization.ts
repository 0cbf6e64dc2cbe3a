import { pauseSellerCampaigns } from '#functions/sellers/campaign-hooks.ts';
import { renderDeauthorizationNotice } from '#functions/sellers/emails.ts';
import type { TikTokNotification } from '#functions/sellers/notifications/notification.ts';
import { isStale, sellerOfShop } from '#functions/sellers/notifications/resolve-seller.ts';
import { sendEmail } from '#lib/email/send.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { deleteSellerTokens } from '#lib/repositories/seller-tokens.ts';
import {
  claimMarker,
  releaseMarker,
  SELLER_STATUSES,
  sellerKey,
  transitionSeller,
} from '#lib/repositories/sellers.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * Type 6, SELLER_DEAUTHORIZATION: the seller becomes REVOKED, its tokens are deleted (so its refresh cycle stops
 * when it next wakes), its active campaigns are paused, and the partner's managers are emailed once per
 * revocation. Every part is idempotent: the step is retried, and TikTok redelivers.
 */
export async function handleSellerDeauthorization(notification: TikTokNotification, context: TaskContext) {
  const seller = await sellerOfShop(notification);
  if (seller === undefined) return { handled: false, reason: 'UNKNOWN_SHOP' };
  if (isStale(notification, seller)) return { handled: false, reason: 'AUTHORIZED_SINCE' };
  const at = new Date().toISOString();
  const revokedAt = seller.status === 'REVOKED' && seller.revokedAt !== undefined ? seller.revokedAt : at;
  if (seller.status !== 'REVOKED') {
    await transitionSeller(
      seller.sellerId,
      SELLER_STATUSES,
      {
        status: 'REVOKED',
        revokedAt,
        failure: {
          code: 'DEAUTHORIZED',
          message: 'The seller withdrew the authorization in TikTok Shop',
          at,
        },
      },
      at,
    );
  }
  await deleteSellerTokens(seller.sellerId);
  await recordAudit({
    entityKey: sellerKey(seller.sellerId).pk,
    changeId: `deauthorized#${notification.notificationId}`,
    action: 'seller.revoked',
    actor: 'tiktok:SELLER_DEAUTHORIZATION',
    at,
    executionId: context.executionId,
    before: { status: seller.status },
    after: { status: 'REVOKED' },
  });
  const { paused } = await pauseSellerCampaigns(seller.sellerId);
  const partner = await getPartner(seller.partnerId);
  await recordBusinessEvent({
    partnerId: seller.partnerId,
    eventId: `seller-revoked#${seller.sellerId}#${revokedAt}`,
    occurredAt: revokedAt,
    timezone: partner?.timezone ?? 'UTC',
    counters: { 'sellers.revoked': 1 },
  });
  const managers = partner?.managerEmails ?? [];
  let notified = false;
  if (managers.length > 0 && (await claimMarker(seller.sellerId, 'revocationNotifiedAt', revokedAt, false))) {
    try {
      await sendEmail({
        to: managers,
        ...renderDeauthorizationNotice({
          shopName: seller.shopName,
          sellerId: seller.sellerId,
          partnerName: partner?.name ?? 'your agency',
          pausedCampaigns: paused,
        }),
      });
      notified = true;
    } catch (error) {
      // Give the marker back, so the retry of this step sends the email.
      await releaseMarker(seller.sellerId, 'revocationNotifiedAt', revokedAt);
      throw error;
    }
  }
  return {
    handled: true,
    sellerId: seller.sellerId,
    status: 'REVOKED',
    pausedCampaigns: paused.length,
    notified,
  };
}

export const handler = taskHandler('HandleSellerDeauthorization', handleSellerDeauthorization);
