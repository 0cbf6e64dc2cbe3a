import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The stand-in's check of a signed Open API request, written from TikTok's reference code ("Sign your API
 * request": the Go `CalSign`) rather than shared with PartnerFlow's client, so a client bug cannot hide behind
 * the same bug here: the URL as received, its decoded query without `sign` and `access_token` sorted by key,
 * key+value concatenated after the path, the raw body unless multipart, wrapped in the secret, HMAC-SHA256.
 */

/** TikTok refuses a `timestamp` more than 5 minutes from its clock. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type SignatureVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: number; readonly message: string };

export function expectedSign(url: URL, body: string, contentType: string, secret: string): string {
  const keys = [...new Set(url.searchParams.keys())].filter(
    (key) => key !== 'sign' && key !== 'access_token',
  );
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let input = '';
  for (const key of keys) input += key + (url.searchParams.get(key) ?? '');
  input = decodeURIComponent(url.pathname) + input;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'multipart/form-data') input += body;
  return createHmac('sha256', secret)
    .update(secret + input + secret)
    .digest('hex');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Checks app key, timestamp and signature of a request, in the order TikTok reports them. */
export function verifySignedRequest(options: {
  readonly url: URL;
  readonly body: string;
  readonly contentType: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly nowSeconds: number;
}): SignatureVerdict {
  const { url } = options;
  const sign = url.searchParams.get('sign');
  const timestamp = url.searchParams.get('timestamp');
  if (sign === null || timestamp === null) {
    return {
      ok: false,
      code: 36009004,
      message: 'Missing credentials. The request does not include a required signature in the query.',
    };
  }
  if (!sameText(url.searchParams.get('app_key') ?? '', options.appKey)) {
    return { ok: false, code: 36009004, message: 'Invalid credentials. Invalid `app_key` query parameter.' };
  }
  const seconds = Number(timestamp);
  if (!/^\d{10}$/.test(timestamp) || Math.abs(options.nowSeconds - seconds) > TIMESTAMP_TOLERANCE_SECONDS) {
    return {
      ok: false,
      code: 36009004,
      message:
        'Invalid timestamp. The value of the `timestamp` query parameter must be within 5 minutes of the current time.',
    };
  }
  const expected = expectedSign(url, options.body, options.contentType, options.appSecret);
  if (!sameText(sign, expected)) return { ok: false, code: 106001, message: 'Invalid signature.' };
  return { ok: true };
}
