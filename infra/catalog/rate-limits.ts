/**
 * How fast one API key may call the API, declared once: the local API's token bucket (infra/local/api/) and the
 * AWS WAF rule in front of the deployed API (infra/constructs/firewall.ts) both read it.
 */
export interface KeyRateLimit {
  /** Steady rate a key may sustain. */
  readonly requestsPerSecond: number;
  /** Requests a key may make at once after being idle (the local token bucket's size). */
  readonly burst: number;
}

export const API_KEY_RATE_LIMIT: KeyRateLimit = { requestsPerSecond: 50, burst: 100 };

/**
 * AWS WAF counts a rate-based rule's requests over a sliding window (60, 120, 300 or 600 s), not as a token
 * bucket: with a 60 s window a key may send `requestsPerSecond × 60` requests in any minute. What is over the
 * limit is answered 429 with `Retry-After` of the window, like the local API's answer.
 */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

/** The requests one key may send in one WAF evaluation window. */
export const requestsPerKeyPerWindow = (limit: KeyRateLimit = API_KEY_RATE_LIMIT): number =>
  Math.round(limit.requestsPerSecond * RATE_LIMIT_WINDOW_SECONDS);
