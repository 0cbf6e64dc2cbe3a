/**
 * Typed failures of the TikTok Shop Open API. TikTok answers `{code, message, request_id}`; the codes come from
 * Partner Center's "Common errors" page. Messages carry TikTok's text and the path called, never a query string
 * (the token endpoints take the app secret and the codes there) and never a token.
 */

export type TikTokErrorKind =
  /** 429 / 36009002: over the documented 50 QPS per app and shop. Retried with backoff. */
  | 'RateLimited'
  /** 5xx / 36009003, or no answer at all. Retried with backoff. */
  | 'Unavailable'
  /** The seller's auth code is invalid, expired (30 minutes) or already used: the seller must authorize again. */
  | 'AuthCodeRejected'
  /** The refresh token is invalid or expired: only a new authorization helps. */
  | 'RefreshTokenRejected'
  /** The access token is invalid or expired (105001-105004). */
  | 'AccessTokenRejected'
  /** The signature or its timestamp was refused (106001, 36009004 "timestamp"): a bug or a skewed clock. */
  | 'SignatureRejected'
  /** The app key or secret is wrong (configuration). */
  | 'AppCredentialsRejected'
  /** The app lacks the scope the endpoint needs (105005). */
  | 'PermissionDenied'
  /** The answer is not what the API documents (e.g. an expiry that is not an absolute timestamp). */
  | 'UnexpectedResponse'
  /** Any other business error TikTok reports. */
  | 'RequestRejected';

const RETRYABLE: ReadonlySet<TikTokErrorKind> = new Set(['RateLimited', 'Unavailable']);

export interface TikTokErrorDetails {
  readonly kind: TikTokErrorKind;
  /** TikTok's numeric code as text, or `HTTP <status>` when the answer had none. */
  readonly code: string;
  readonly message: string;
  /** The API path called, without its query. */
  readonly endpoint: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** Seconds the API asked to wait (Retry-After), when it did. */
  readonly retryAfterSeconds?: number;
}

/** One failed TikTok Shop call; `retryable` says whether another attempt may succeed. */
export class TikTokApiError extends Error {
  readonly kind: TikTokErrorKind;
  readonly code: string;
  /** TikTok's own message (or PartnerFlow's, when TikTok gave none). */
  readonly detail: string;
  readonly endpoint: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(details: TikTokErrorDetails) {
    super(`TikTok Shop ${details.endpoint} failed (${details.code}): ${details.message}`);
    this.name = `TikTokShop.${details.kind}`;
    this.kind = details.kind;
    this.code = details.code;
    this.detail = details.message;
    this.endpoint = details.endpoint;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export const isTikTokError = (error: unknown, kind?: TikTokErrorKind): error is TikTokApiError =>
  error instanceof TikTokApiError && (kind === undefined || error.kind === kind);

const ACCESS_TOKEN_CODES = new Set(['105001', '105002', '105003', '105004']);

/**
 * The kind of a non-zero TikTok `code`. 36009004 is TikTok's overloaded "invalid parameter" code: its message
 * tells a bad timestamp or signature from a bad app key or access token.
 */
export function kindOfCode(code: string, message: string, httpStatus: number): TikTokErrorKind {
  if (code === '36009002' || httpStatus === 429) return 'RateLimited';
  if (code === '36009003' || code === '36009007' || httpStatus >= 500) return 'Unavailable';
  if (code === '106001') return 'SignatureRejected';
  if (ACCESS_TOKEN_CODES.has(code)) return 'AccessTokenRejected';
  if (code === '105005') return 'PermissionDenied';
  if (code === '36009004') {
    const text = message.toLowerCase();
    if (text.includes('timestamp') || text.includes('signature') || text.includes('sign ')) {
      return 'SignatureRejected';
    }
    if (text.includes('app_key') || text.includes('app_secret')) return 'AppCredentialsRejected';
    if (text.includes('access_token') || text.includes('access-token')) return 'AccessTokenRejected';
  }
  return 'RequestRejected';
}
