import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * TikTok Shop's request signature ("Sign your API request", Partner Center developer guide): every query
 * parameter except `sign` and `access_token`, sorted by key, concatenated as key + value, prefixed with the
 * request path and followed by the raw body (not for multipart/form-data); the result wrapped as
 * `secret + string + secret` and HMAC-SHA256-ed with the app secret, in lower-case hex.
 */

/** What the signature covers: the path, the query as sent, and the exact body bytes (as UTF-8 text). */
export interface SignableRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Exactly the bytes sent; JSON re-serialized differently would sign something else. */
  readonly body?: string;
  readonly contentType?: string;
}

/** Never signed: the signature itself and a legacy access token in the query. */
const UNSIGNED_PARAMETERS: ReadonlySet<string> = new Set(['sign', 'access_token']);

/** Byte-order comparison, as TikTok's reference code sorts (`keys[i] < keys[j]` in Go). */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isMultipart(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';
}

/** The string TikTok signs, before it is wrapped in the secret: path, sorted key+value pairs, body. */
export function signatureBaseString(request: SignableRequest): string {
  const keys = Object.keys(request.query)
    .filter((key) => !UNSIGNED_PARAMETERS.has(key))
    .sort(byCodeUnit);
  let base = request.path;
  for (const key of keys) base += `${key}${request.query[key] ?? ''}`;
  if (request.body !== undefined && !isMultipart(request.contentType)) base += request.body;
  return base;
}

/** The `sign` query parameter for a request: hex HMAC-SHA256 of `secret + base + secret`, keyed with the secret. */
export function signRequest(request: SignableRequest, appSecret: string): string {
  return createHmac('sha256', appSecret)
    .update(`${appSecret}${signatureBaseString(request)}${appSecret}`, 'utf8')
    .digest('hex');
}

/** The `timestamp` parameter: Unix seconds (10 digits), which TikTok accepts within 5 minutes of its clock. */
export function signatureTimestamp(now: Date): string {
  return String(Math.floor(now.getTime() / 1000));
}

/**
 * The `Authorization` header of a TikTok Shop webhook: hex HMAC-SHA256, keyed with the app secret, of the app key
 * followed by the raw request body ("Webhooks overview").
 */
export function webhookSignature(appKey: string, appSecret: string, rawBody: string): string {
  return createHmac('sha256', appSecret).update(`${appKey}${rawBody}`, 'utf8').digest('hex');
}

/**
 * True when `received` is the webhook signature of `rawBody`; compared in constant time, so a forger learns
 * nothing from how long a wrong guess takes.
 */
export function isValidWebhookSignature(
  received: string | undefined,
  appKey: string,
  appSecret: string,
  rawBody: string,
): boolean {
  const expected = Buffer.from(webhookSignature(appKey, appSecret, rawBody), 'utf8');
  const given = Buffer.from(received?.trim() ?? '', 'utf8');
  // timingSafeEqual needs equal lengths; comparing the expected value with itself keeps the time the same.
  const comparable = given.length === expected.length;
  return timingSafeEqual(comparable ? given : expected, expected) && comparable;
}
