/**
 * Named error types the state machines tell apart: Retry matches `PartnerFlow.Transient`, Catch matches the
 * business errors by name. A Lambda's error name reaches Step Functions as the error's `name`.
 */
export class TransientError extends Error {
  override readonly name = 'PartnerFlow.Transient';
}

/** A business rule stopped the step; retrying cannot help. */
export class BusinessRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = `PartnerFlow.${code}`;
  }
}

/**
 * Error names (SDK exception names, Node and undici error codes) that say "try again later": throttling by
 * DynamoDB, SES, Step Functions and Lambda, their 5xx faults, and connections that dropped or never formed.
 */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  // Throttling, in the spellings the AWS services use.
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'TooManyRequests',
  'SlowDown',
  'LimitExceededException',
  'TransactionConflictException',
  'TransactionInProgressException',
  // Server-side faults.
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalServerErrorException',
  'InternalServerException',
  'InternalFailure',
  'InternalError',
  'ServiceException',
  'ServiceFailure',
  'PriorRequestNotComplete',
  // Time-outs and connections.
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  /** Set by the AWS SDK on errors its retry strategy would retry (throttling and transient faults). */
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  /** Clients of HTTP APIs (TikTok Shop's, say) say themselves whether another attempt may succeed. */
  readonly retryable?: unknown;
  readonly httpStatus?: unknown;
  readonly statusCode?: unknown;
}

const isRetryableStatus = (status: unknown): boolean =>
  typeof status === 'number' && (status === 429 || (status >= 500 && status <= 599));

const MAX_CAUSE_DEPTH = 3;

function isTransientAt(error: unknown, depth: number): boolean {
  if (error instanceof TransientError) return true;
  if (error instanceof BusinessRuleError) return false;
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as ErrorLike;
  if (typeof candidate.retryable === 'boolean') return candidate.retryable;
  if (candidate.$retryable !== undefined) return true;
  if (isRetryableStatus(candidate.$metadata?.httpStatusCode)) return true;
  if (isRetryableStatus(candidate.httpStatus) || isRetryableStatus(candidate.statusCode)) return true;
  for (const name of [candidate.name, candidate.code]) {
    if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
  }
  // `fetch failed` and wrapper errors (Powertools' persistence errors) carry the real failure as their cause.
  return (
    depth < MAX_CAUSE_DEPTH && candidate.cause !== undefined && isTransientAt(candidate.cause, depth + 1)
  );
}

/**
 * True for errors a later attempt may not meet: throttling, 429 and 5xx answers, time-outs and dropped
 * connections, also when wrapped as another error's `cause`. Business rule errors never are.
 */
export function isTransient(error: unknown): boolean {
  return isTransientAt(error, 0);
}

/** The name an error reached us under, for messages: `ThrottlingException`, `ECONNRESET`, `TikTokShop.RateLimited`. */
function nameOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const { name, code } = error as ErrorLike;
  if (typeof name === 'string' && name !== 'Error' && name !== 'TypeError') return name;
  if (typeof code === 'string') return code;
  return typeof name === 'string' ? name : 'unknown';
}

/** Re-throws a transient dependency failure under the one name every Retry block matches. */
export function classifyError(error: unknown): unknown {
  if (error instanceof TransientError || !isTransient(error)) return error;
  const transient = new TransientError(`Transient dependency failure: ${nameOf(error)}`);
  transient.cause = error;
  return transient;
}

/** Step Functions' answers to SendTask* for a token nobody waits on any more (timed out, finished or unknown). */
export const TASK_TOKEN_GONE_ERRORS: ReadonlySet<string> = new Set([
  'TaskTimedOut',
  'TaskDoesNotExist',
  'InvalidToken',
]);
