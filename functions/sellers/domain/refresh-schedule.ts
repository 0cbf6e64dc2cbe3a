/**
 * When to refresh a seller's access token: a safe margin before `access_token_expire_in` (a quarter of the
 * remaining life, between 5 minutes and a day: a 7-day token is refreshed after 6 days), never later than that
 * margin before the refresh token itself expires, and never more than 30 days away, so that one refresh cycle
 * (one execution) stays far inside Step Functions' one-year limit.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const MIN_REFRESH_MARGIN_MS = 5 * MINUTE;
export const MAX_REFRESH_MARGIN_MS = DAY;
export const MAX_REFRESH_WAIT_MS = 30 * DAY;

/** The margin kept before an expiry `remainingMs` away. */
export function refreshMarginMs(remainingMs: number): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, Math.max(MIN_REFRESH_MARGIN_MS, Math.floor(remainingMs / 4)));
}

/** The moment to refresh, never in the past. */
export function refreshDueAt(now: Date, accessTokenExpiresAt: Date, refreshTokenExpiresAt: Date): Date {
  const at = now.getTime();
  const byAccess = accessTokenExpiresAt.getTime() - refreshMarginMs(accessTokenExpiresAt.getTime() - at);
  const byRefresh = refreshTokenExpiresAt.getTime() - refreshMarginMs(refreshTokenExpiresAt.getTime() - at);
  return new Date(Math.max(at, Math.min(byAccess, byRefresh, at + MAX_REFRESH_WAIT_MS)));
}
