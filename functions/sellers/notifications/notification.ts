import { createHash } from 'node:crypto';

/**
 * TikTok Shop webhooks ("Webhooks overview"): `{type, tts_notification_id, shop_id, timestamp, data}`. The
 * webhook route checks the signature and starts the seller-notification workflow with this parsed form.
 */

export const NOTIFICATION_TYPES = {
  ORDER_STATUS_CHANGE: 1,
  SELLER_DEAUTHORIZATION: 6,
  UPCOMING_AUTHORIZATION_EXPIRATION: 7,
} as const;

/** The types PartnerFlow acts on; any other type is accepted (200) and ignored. */
export const HANDLED_TYPES: ReadonlySet<number> = new Set(Object.values(NOTIFICATION_TYPES));

/** The seller-notification workflow's input. */
export interface TikTokNotification {
  /** `tts_notification_id`; TikTok retries a delivery (for about 15 hours) under the same id. */
  readonly notificationId: string;
  readonly type: number;
  readonly shopId: string;
  /** When TikTok pushed it (Unix seconds). */
  readonly timestamp: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly receivedAt: string;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,60}$/;

type Json = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a signed webhook body; undefined when it is not a notification. A body without `tts_notification_id`
 * (older payloads) is identified by a hash of its bytes, which is just as stable across TikTok's retries.
 */
export function parseNotification(rawBody: string, receivedAt: Date): TikTokNotification | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const type = Number(parsed.type);
  const shopId = parsed.shop_id;
  const timestamp = Number(parsed.timestamp ?? 0);
  if (!Number.isInteger(type) || (typeof shopId !== 'string' && typeof shopId !== 'number')) return undefined;
  const given = parsed.tts_notification_id;
  const notificationId =
    typeof given === 'string' && SAFE_ID.test(given)
      ? given
      : `h${createHash('sha256').update(rawBody).digest('hex').slice(0, 40)}`;
  return {
    notificationId,
    type,
    shopId: String(shopId),
    timestamp: Number.isFinite(timestamp) ? timestamp : 0,
    data: isRecord(parsed.data) ? parsed.data : {},
    receivedAt: receivedAt.toISOString(),
  };
}

/** The business id of the notification's execution: `tts_<notificationId>`, so a redelivery finds the same one. */
export const notificationBusinessId = (notification: Pick<TikTokNotification, 'notificationId'>) =>
  `tts_${notification.notificationId}`;
