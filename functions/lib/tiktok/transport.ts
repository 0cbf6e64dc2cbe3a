import { kindOfCode, TikTokApiError } from '#lib/tiktok/errors.ts';

/**
 * One HTTP exchange with TikTok Shop, retried on 429 and 5xx with exponential backoff and full jitter (AWS
 * Architecture Blog, "Exponential Backoff And Jitter"): the documented limit is 50 QPS per app and shop, and
 * jitter keeps many throttled callers from retrying in step.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 4_000 };
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

export interface TransportOptions {
  readonly fetch?: typeof fetch;
  readonly retry?: RetryPolicy;
  readonly requestTimeoutMs?: number;
  /** Injected in tests; Math.random and a timer by default. */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface HttpCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The full URL, query included; only `endpoint` ever appears in an error or a log. */
  readonly url: URL;
  /** The API path, for errors. */
  readonly endpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** TikTok's answer envelope. */
interface Envelope {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly request_id?: unknown;
  readonly data?: unknown;
}

/** The delay before attempt `attempt + 1`: full jitter over an exponential cap, at least what Retry-After asks. */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterSeconds?: number,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = Math.floor(random() * cap);
  const asked = retryAfterSeconds === undefined ? 0 : retryAfterSeconds * 1000;
  return Math.min(policy.maxDelayMs, Math.max(jittered, asked));
}

function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

const text = (value: unknown, fallback: string) =>
  typeof value === 'string' && value !== '' ? value : fallback;

/** Reads one answer: the envelope's `data` when `code` is 0, else a typed error. */
async function readAnswer(call: HttpCall, response: Response): Promise<unknown> {
  const raw = await response.text();
  let envelope: Envelope | undefined;
  try {
    const parsed: unknown = raw === '' ? undefined : JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      envelope = parsed as Envelope;
  } catch {
    envelope = undefined;
  }
  const status = response.status;
  const code = envelope?.code === undefined ? undefined : String(envelope.code);
  if (response.ok && code === '0') return envelope?.data;
  const message = text(envelope?.message, response.statusText || 'no message');
  const errorCode = code ?? `HTTP ${status}`;
  const retryAfterSeconds = retryAfterOf(response);
  throw new TikTokApiError({
    kind:
      envelope === undefined && response.ok ? 'UnexpectedResponse' : kindOfCode(code ?? '', message, status),
    code: errorCode,
    message: envelope === undefined && response.ok ? 'the answer is not TikTok JSON' : message,
    endpoint: call.endpoint,
    httpStatus: status,
    ...(typeof envelope?.request_id === 'string' ? { requestId: envelope.request_id } : {}),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** A failure to get any answer (refused, reset, timed out) is as retryable as a 503. */
function unreachable(call: HttpCall, error: unknown): TikTokApiError {
  const failure = error as Error & { cause?: { code?: string } };
  const reason =
    failure.name === 'TimeoutError' || failure.name === 'AbortError'
      ? 'no answer in time'
      : (failure.cause?.code ?? failure.name);
  const wrapped = new TikTokApiError({
    kind: 'Unavailable',
    code: 'NETWORK',
    message: `could not reach TikTok Shop (${reason})`,
    endpoint: call.endpoint,
  });
  // The original error is not kept as `cause`: undici's may quote the request, and with it the query.
  return wrapped;
}

/** Sends a call, retrying what may succeed later; every other failure is thrown at once, typed. */
export async function send(call: HttpCall, options: TransportOptions = {}): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  for (let attempt = 0; ; attempt += 1) {
    let failure: TikTokApiError;
    try {
      const response = await doFetch(call.url, {
        method: call.method,
        headers: call.headers,
        ...(call.body === undefined ? {} : { body: call.body }),
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((error: unknown) => {
        throw unreachable(call, error);
      });
      return await readAnswer(call, response);
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
      failure = error;
    }
    if (!failure.retryable || attempt + 1 >= policy.maxAttempts) throw failure;
    await sleep(backoffDelayMs(attempt, policy, random, failure.retryAfterSeconds));
  }
}
