import { describe, expect, it } from 'vitest';
import { BusinessRuleError, classifyError, isTransient, TransientError } from '#lib/workflows/errors.ts';

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`a ${name}`), { name, ...extra });

describe('which errors are transient', () => {
  it.each([
    ['DynamoDB throttling', named('ProvisionedThroughputExceededException')],
    ['DynamoDB request limit', named('RequestLimitExceeded')],
    ['DynamoDB 500', named('InternalServerError', { $metadata: { httpStatusCode: 500 } })],
    ['SES throttling', named('Throttling')],
    ['SES 503', named('ServiceUnavailable')],
    ['Step Functions throttling', named('ThrottlingException')],
    ['Lambda throttling', named('TooManyRequestsException')],
    ['an error the SDK marked retryable', named('SomethingNew', { $retryable: { throttling: false } })],
    ['an HTTP client error with status 429', named('TikTokShop.RateLimited', { httpStatus: 429 })],
    ['an HTTP client error with status 503', named('HttpError', { statusCode: 503 })],
    ['a client that says it is retryable', named('TikTokShop.Unavailable', { retryable: true })],
    ['a dropped connection', named('Error', { code: 'ECONNRESET' })],
    ['a time-out', named('TimeoutError')],
    [
      'fetch failing to connect',
      Object.assign(new TypeError('fetch failed'), { cause: named('Error', { code: 'ECONNREFUSED' }) }),
    ],
    [
      'a wrapper whose cause is throttling',
      Object.assign(new Error('persistence failed'), { cause: named('ThrottlingException') }),
    ],
  ])('%s is transient', (_case, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a failed condition', named('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } })],
    ['a validation error', named('ValidationException', { $metadata: { httpStatusCode: 400 } })],
    ['a rejected email', named('MessageRejected')],
    ['a business rule', new BusinessRuleError('HandleTaken', 'taken')],
    [
      'a client that says it is not retryable, whatever its status',
      named('TikTokShop.AuthCodeRejected', { retryable: false, httpStatus: 500 }),
    ],
    ['a bug', new TypeError('Cannot read properties of undefined')],
    ['a string', 'boom'],
  ])('%s is not transient', (_case, error) => {
    expect(isTransient(error)).toBe(false);
  });
});

describe('classifyError', () => {
  it('renames a transient error PartnerFlow.Transient, keeping the original as its cause and in its message', () => {
    const throttled = named('TikTokShop.RateLimited', { retryable: true });

    const classified = classifyError(throttled);

    expect(classified).toBeInstanceOf(TransientError);
    expect(classified).toMatchObject({ name: 'PartnerFlow.Transient', cause: throttled });
    expect((classified as Error).message).toContain('TikTokShop.RateLimited');
  });

  it('names a connection failure by its code', () => {
    const classified = classifyError(named('Error', { code: 'ECONNRESET' })) as Error;

    expect(classified.message).toBe('Transient dependency failure: ECONNRESET');
  });

  it('passes business and unknown errors through unchanged', () => {
    const business = new BusinessRuleError('HandleTaken', 'taken');
    const bug = new TypeError('oops');

    expect(classifyError(business)).toBe(business);
    expect(classifyError(bug)).toBe(bug);
  });
});
