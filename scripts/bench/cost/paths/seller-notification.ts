import { authorizedSeller, BENCH_TIME } from '#scripts/bench/cost/paths/fixtures.ts';
import type { WorkflowPath } from '#scripts/bench/cost/paths/types.ts';

/** TikTok Shop webhooks, processed by the seller-notification workflow after the webhook answered. */
export const SELLER_NOTIFICATION_PATHS: readonly WorkflowPath[] = [
  {
    workflow: 'seller-notification',
    name: 'deauthorization webhook',
    expectedStates: ['RouteNotification', 'HandleSellerDeauthorization', 'NotificationProcessed'],
    time: BENCH_TIME,
    run: async (context) => {
      // Each run revokes its seller, so each needs one of its own.
      const seller = await authorizedSeller(context);
      await context.beginMeasurement();
      const delivered = await context.runtime.tiktok.deliverWebhook({
        type: 6,
        shopId: seller.shop?.shopId ?? '',
        data: { message: 'Shop_id {xxx} is deauthorized from your APP by merchant.' },
      });
      if (delivered.status !== 200) throw new Error(`The webhook answered ${delivered.status}`);
      return `tts_${delivered.notificationId}-notification`;
    },
  },
];

export const SELLER_NOTIFICATION_NOTE =
  'The workflow is a Choice and one task per webhook type. HandleSellerDeauthorization is not a forwarder: it revokes the seller (conditional update), deletes its tokens, pauses its campaigns, writes the audit item and emails the managers. A Lambda for the webhook route is needed anyway (it verifies the signature), so the workflow could be skipped for a one-step type only by giving up its retries and its history; it stays.';
