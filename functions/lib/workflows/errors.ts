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

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'InternalServerException',
  'TransactionConflictException',
  'LimitExceededException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

interface SdkLikeError {
  readonly name?: string;
  readonly code?: string;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** True for errors a later attempt may not meet: throttling, 5xx, dropped connections. */
export function isTransient(error: unknown): boolean {
  if (error instanceof TransientError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const sdk = error as SdkLikeError;
  if (sdk.$retryable !== undefined) return true;
  const status = sdk.$metadata?.httpStatusCode;
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  return TRANSIENT_NAMES.has(sdk.name ?? '') || TRANSIENT_NAMES.has(sdk.code ?? '');
}

/** Re-throws a transient dependency failure under the one name every Retry block matches. */
export function classifyError(error: unknown): unknown {
  if (error instanceof TransientError || !isTransient(error)) return error;
  const transient = new TransientError(`Transient dependency failure: ${(error as Error).name ?? 'unknown'}`);
  transient.cause = error;
  return transient;
}
