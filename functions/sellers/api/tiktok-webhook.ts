import {
  HANDLED_TYPES,
  notificationBusinessId,
  parseNotification,
} from '#functions/sellers/notifications/notification.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { badRequest, HttpError, unauthorized } from '#lib/http/errors.ts';
import { logger } from '#lib/observability.ts';
import { loadSecrets } from '#lib/secrets.ts';
import { tiktokCredentials } from '#lib/tiktok/shop-api.ts';
import { isValidWebhookSignature } from '#lib/tiktok/signing.ts';
import { executionNameFor, startWorkflow } from '#lib/workflows/executions.ts';

await loadSecrets(['TIKTOK_APP_KEY', 'TIKTOK_APP_SECRET']);

export const NOTIFICATION_WORKFLOW = 'seller-notification';
/** TikTok's notifications are a few KB; anything far larger is not one of them. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

const received = (duplicate: boolean, processed: boolean): ApiResult => ({
  statusCode: 200,
  body: { received: true, processed, ...(duplicate ? { duplicate: true } : {}) },
});

function rawBodyOf(request: ApiRequest<unknown, unknown>): string {
  const { body, isBase64Encoded } = request.event;
  if (body === null || body === undefined) return '';
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

/**
 * POST /v1/webhooks/tiktok-shop (public: TikTok signs it instead of sending a key). Checks the signature in
 * constant time, then hands the notification to the seller-notification workflow and answers at once, well
 * inside TikTok's 3-second budget. The execution is named after `tts_notification_id`: a redelivery finds the
 * execution already there and is answered 200 without being processed again.
 */
export async function handleTikTokWebhook(request: ApiRequest<unknown, unknown>): Promise<ApiResult> {
  const raw = rawBodyOf(request);
  if (Buffer.byteLength(raw, 'utf8') > MAX_WEBHOOK_BYTES) {
    throw new HttpError(
      413,
      'payload_too_large',
      `The request body must be at most ${MAX_WEBHOOK_BYTES} bytes`,
    );
  }
  const { appKey, appSecret } = tiktokCredentials();
  if (!isValidWebhookSignature(request.headers.authorization, appKey, appSecret, raw)) {
    logger.warn('Refused a TikTok Shop webhook with a missing or invalid signature');
    throw unauthorized('The TikTok Shop signature is missing or invalid');
  }
  const notification = parseNotification(raw, new Date());
  if (notification === undefined) throw badRequest('The body is not a TikTok Shop notification');
  const keys = {
    type: notification.type,
    notificationId: notification.notificationId,
    shopId: notification.shopId,
  };
  if (!HANDLED_TYPES.has(notification.type)) {
    logger.info('Ignored a TikTok Shop notification of a type PartnerFlow does not handle', keys);
    return received(false, false);
  }
  const executionId = executionNameFor(NOTIFICATION_WORKFLOW, notificationBusinessId(notification));
  try {
    await startWorkflow(NOTIFICATION_WORKFLOW, executionId, notification);
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
    logger.info('Ignored a redelivered TikTok Shop notification', { ...keys, executionId });
    return received(true, false);
  }
  logger.info('Accepted a TikTok Shop notification', { ...keys, executionId });
  return received(false, true);
}

export const handler = apiHandler({ roles: 'public' }, handleTikTokWebhook);
