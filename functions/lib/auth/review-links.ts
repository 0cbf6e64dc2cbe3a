import { createHmac, timingSafeEqual } from 'node:crypto';
import { requireEnv } from '#lib/config.ts';

/** What a review link grants: one manager may decide one review until it expires. */
export interface ReviewLinkClaims {
  readonly reviewId: string;
  /** The manager's email address; the decision is recorded as `manager:<email>`. */
  readonly manager: string;
  /** ISO 8601 instant after which the link no longer works. */
  readonly expiresAt: string;
}

export type ReviewLinkProblem = { readonly error: 'malformed' | 'bad-signature' | 'expired' };

export const REVIEW_LINK_SECRET_VARIABLE = 'REVIEW_LINK_SECRET';

/** Longer tokens are refused before any work: a real one is a few hundred characters. */
const MAX_TOKEN_LENGTH = 2048;
const TOKEN_PATTERN = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;
const VERSION = 1;

interface Payload {
  readonly v: number;
  readonly r: string;
  readonly m: string;
  readonly e: string;
}

const mac = (secret: Buffer, encodedPayload: string) =>
  createHmac('sha256', secret).update(encodedPayload).digest();

/** Signs claims with an explicit secret: `<base64url(JSON payload)>.<base64url(HMAC-SHA256)>`, URL-safe. */
export function signReviewLinkWith(secret: Buffer, claims: ReviewLinkClaims): string {
  if (Number.isNaN(Date.parse(claims.expiresAt)))
    throw new RangeError('expiresAt must be an ISO 8601 instant');
  const payload: Payload = { v: VERSION, r: claims.reviewId, m: claims.manager, e: claims.expiresAt };
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${encoded}.${mac(secret, encoded).toString('base64url')}`;
}

function readPayload(encoded: string): ReviewLinkClaims | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { v, r, m, e } = parsed as Partial<Record<keyof Payload, unknown>>;
    if (v !== VERSION || typeof r !== 'string' || typeof m !== 'string' || typeof e !== 'string')
      return undefined;
    if (Number.isNaN(Date.parse(e))) return undefined;
    return { reviewId: r, manager: m, expiresAt: e };
  } catch {
    return undefined;
  }
}

/**
 * Verifies a token with an explicit secret: the signature first (in constant time, before the payload is even
 * parsed), then the expiry against `now`. Binding to a review and single use are the caller's checks.
 */
export function verifyReviewLinkWith(
  secret: Buffer,
  token: string,
  now: Date,
): ReviewLinkClaims | ReviewLinkProblem {
  if (token.length > MAX_TOKEN_LENGTH) return { error: 'malformed' };
  const match = TOKEN_PATTERN.exec(token);
  const encoded = match?.[1];
  const signature = match?.[2];
  if (encoded === undefined || signature === undefined) return { error: 'malformed' };
  const presented = Buffer.from(signature, 'base64url');
  const expected = mac(secret, encoded);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected))
    return { error: 'bad-signature' };
  const claims = readPayload(encoded);
  if (claims === undefined) return { error: 'malformed' };
  if (Date.parse(claims.expiresAt) <= now.getTime()) return { error: 'expired' };
  return claims;
}

let secret: Buffer | undefined;

/** The signing secret, read once from REVIEW_LINK_SECRET; the first use fails fast when it is missing. */
function linkSecret(): Buffer {
  if (secret === undefined) {
    const value = requireEnv(REVIEW_LINK_SECRET_VARIABLE);
    if (value.length < 32) throw new Error(`${REVIEW_LINK_SECRET_VARIABLE} must be at least 32 characters`);
    secret = Buffer.from(value, 'utf8');
  }
  return secret;
}

/** A URL-safe token that lets `manager` decide `reviewId` until `expiresAt`, signed with REVIEW_LINK_SECRET. */
export function signReviewLink(claims: ReviewLinkClaims): string {
  return signReviewLinkWith(linkSecret(), claims);
}

/** Checks a token signed by `signReviewLink`; a problem says why it cannot be used. */
export function verifyReviewLink(token: string, now: Date): ReviewLinkClaims | ReviewLinkProblem {
  return verifyReviewLinkWith(linkSecret(), token, now);
}

/** True when verification failed. */
export const isReviewLinkProblem = (
  result: ReviewLinkClaims | ReviewLinkProblem,
): result is ReviewLinkProblem => 'error' in result;

/**
 * The confirmation page a review email links to:
 * `${apiBaseUrl}/v1/reviews/<reviewId>/confirm?token=<token>&decision=approve|reject`. The page only shows a
 * form; its POST decides (link scanners follow GETs).
 */
export function reviewConfirmUrl(
  apiBaseUrl: string,
  reviewId: string,
  token: string,
  decision: 'approve' | 'reject',
): string {
  const query = new URLSearchParams({ token, decision });
  return `${apiBaseUrl.replace(/\/+$/, '')}/v1/reviews/${encodeURIComponent(reviewId)}/confirm?${query}`;
}

/** The approve and reject links of one manager's review email, both carrying one signed token. */
export function reviewDecisionUrls(
  apiBaseUrl: string,
  claims: ReviewLinkClaims,
): { readonly approveUrl: string; readonly rejectUrl: string } {
  const token = signReviewLink(claims);
  return {
    approveUrl: reviewConfirmUrl(apiBaseUrl, claims.reviewId, token, 'approve'),
    rejectUrl: reviewConfirmUrl(apiBaseUrl, claims.reviewId, token, 'reject'),
  };
}
