import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Sends the load's requests with bounded concurrency, each under its own Idempotency-Key, and retries what a
 * well-behaved client retries (dropped connections, 429, 5xx, and 409 "still being processed") with full
 * jitter and the same key: the retry must get the first answer, never start a second execution.
 */

export interface LoadRequest {
  readonly path: string;
  readonly body: unknown;
  readonly idempotencyKey: string;
}

export type RequestOutcome =
  | {
      readonly kind: 'accepted';
      readonly index: number;
      readonly answer: unknown;
      /** From the first attempt to the 202, retries included. */
      readonly latencyMs: number;
      readonly attempts: number;
    }
  | { readonly kind: 'rejected'; readonly index: number; readonly reason: string; readonly attempts: number }
  /** Retries ran out (or the run's time did) on a retryable answer. */
  | { readonly kind: 'gave-up'; readonly index: number; readonly reason: string; readonly attempts: number };

export interface DriveOptions {
  readonly apiUrl: string;
  readonly key: string;
  readonly requests: number;
  readonly concurrency: number;
  /** Epoch ms after which no request is sent or retried. */
  readonly deadline: number;
  readonly request: (index: number) => LoadRequest;
  /** Attempts per request, the first included (default 12: enough to ride out a runtime restart). */
  readonly maxAttempts?: number;
  readonly onOutcome?: (outcome: RequestOutcome) => void;
}

export interface DriveResult {
  readonly outcomes: readonly RequestOutcome[];
  /** Retried answers by reason, e.g. `503 service_unavailable`, `network`. */
  readonly retries: ReadonlyMap<string, number>;
}

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;
const ATTEMPT_TIMEOUT_MS = 30_000;

type Answer =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly body: unknown;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'network'; readonly reason: string };

async function send(options: DriveOptions, request: LoadRequest): Promise<Answer> {
  try {
    const response = await fetch(`${options.apiUrl}${request.path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.key}`,
        'content-type': 'application/json',
        'idempotency-key': request.idempotencyKey,
      },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      kind: 'answer',
      status: response.status,
      body,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return { kind: 'network', reason: typeof cause?.code === 'string' ? cause.code : (error as Error).name };
  }
}

function errorCode(body: unknown): string {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : 'no_code';
}

/** Why an answer is worth retrying with the same key; undefined when it is final. */
function retryReason(answer: Answer): string | undefined {
  if (answer.kind === 'network') return `network ${answer.reason}`;
  const { status } = answer;
  if (status === 429 || status >= 500) return `${status} ${errorCode(answer.body)}`;
  // The same key is still being processed (the answer carries Retry-After): its answer is coming.
  if (status === 409 && answer.retryAfterMs !== undefined) return '409 key_in_use';
  return undefined;
}

async function sendOne(
  options: DriveOptions,
  index: number,
  retries: Map<string, number>,
): Promise<RequestOutcome> {
  const request = options.request(index);
  const maxAttempts = options.maxAttempts ?? 12;
  const startedAt = performance.now();
  let reason = 'deadline';
  for (let attempt = 1; attempt <= maxAttempts && Date.now() < options.deadline; attempt += 1) {
    const answer = await send(options, request);
    if (answer.kind === 'answer' && answer.status === 202) {
      return {
        kind: 'accepted',
        index,
        answer: answer.body,
        latencyMs: performance.now() - startedAt,
        attempts: attempt,
      };
    }
    const retryable = retryReason(answer);
    if (retryable === undefined && answer.kind === 'answer') {
      return {
        kind: 'rejected',
        index,
        reason: `${answer.status} ${errorCode(answer.body)}`,
        attempts: attempt,
      };
    }
    reason = retryable ?? reason;
    retries.set(reason, (retries.get(reason) ?? 0) + 1);
    const backoff = Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
    const asked = answer.kind === 'answer' ? (answer.retryAfterMs ?? 0) : 0;
    await sleep(Math.max(backoff, asked));
  }
  return { kind: 'gave-up', index, reason, attempts: maxAttempts };
}

/** Sends every request (at most `concurrency` at once) and settles each one: accepted, rejected or given up. */
export async function driveRequests(options: DriveOptions): Promise<DriveResult> {
  const outcomes: RequestOutcome[] = [];
  const retries = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < options.requests; index = next++) {
      const outcome = await sendOne(options, index, retries);
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.requests) }, worker));
  return { outcomes: outcomes.sort((a, b) => a.index - b.index), retries };
}
