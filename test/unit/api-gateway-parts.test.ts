import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { RouteSpec } from '#catalog/types.ts';
import { createLambdaAuthorizer } from '#local/api/authorizer.ts';
import { evaluatePolicy } from '#local/api/policy.ts';
import { createRateLimiter } from '#local/api/rate-limiter.ts';
import { readProxyResult } from '#local/api/response.ts';
import { createRouter } from '#local/api/router.ts';
import { authorizerEvent } from '#test/support/api-events.ts';

const route = (method: RouteSpec['method'], path: string, functionId: string): RouteSpec => ({
  method,
  path,
  functionId,
  roles: 'public',
  summary: functionId,
});

describe('createRouter', () => {
  const router = createRouter([
    route('GET', '/v1/creators/{creatorId}', 'get-creator'),
    route('POST', '/v1/creators/onboardings', 'start-onboarding'),
    route('GET', '/v1/creators', 'list-creators'),
    route('POST', '/v1/reviews/{reviewId}/decision', 'decide-review'),
  ]);

  it('binds decoded path parameters', () => {
    expect(router.match('POST', '/v1/reviews/r%2F1%20x/decision')).toMatchObject({
      kind: 'found',
      route: { functionId: 'decide-review' },
      pathParameters: { reviewId: 'r/1 x' },
    });
  });

  it('prefers a literal segment to a parameter, then looks up the method there (405 with what is allowed)', () => {
    expect(router.match('POST', '/v1/creators/onboardings')).toMatchObject({ kind: 'found' });
    expect(router.match('GET', '/v1/creators/onboardings')).toEqual({
      kind: 'method_not_allowed',
      allow: ['POST'],
    });
    expect(router.match('GET', '/v1/creators/c-1')).toMatchObject({ route: { functionId: 'get-creator' } });
  });

  it('answers not_found for unknown paths, empty segments and trailing slashes', () => {
    expect(router.match('GET', '/v1/nothing')).toEqual({ kind: 'not_found' });
    expect(router.match('GET', '/v1/creators/')).toEqual({ kind: 'not_found' });
    expect(router.match('GET', '/v1/creators/c-1/extra')).toEqual({ kind: 'not_found' });
  });

  it('reports a malformed percent-escape instead of throwing', () => {
    expect(router.match('GET', '/v1/creators/%E0%A4%A')).toEqual({ kind: 'bad_path' });
  });

  it('refuses a route table that declares a method twice', () => {
    expect(() => createRouter([route('GET', '/v1/x', 'a'), route('GET', '/v1/x', 'b')])).toThrow(
      /declared twice/,
    );
  });
});

describe('evaluatePolicy', () => {
  const arn = 'arn:aws:execute-api:us-east-1:000000000000:api/local/GET/v1/creators/c-1';
  const allowStage = {
    Effect: 'Allow',
    Action: 'execute-api:Invoke',
    Resource: 'arn:aws:execute-api:us-east-1:000000000000:api/local/*/*',
  } as const;

  it('allows a method its wildcard resource covers', () => {
    expect(evaluatePolicy({ Statement: [allowStage] }, arn)).toBe('allow');
  });

  it('lets an explicit Deny win and denies what no Allow covers', () => {
    const deny = {
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      Resource: [`${arn.slice(0, -3)}*`],
    } as const;
    expect(evaluatePolicy({ Statement: [allowStage, deny] }, arn)).toBe('explicit_deny');
    const otherStage = { ...allowStage, Resource: 'arn:aws:execute-api:us-east-1:000000000000:api/prod/*/*' };
    expect(evaluatePolicy({ Statement: [otherStage] }, arn)).toBe('implicit_deny');
  });
});

describe('createRateLimiter', () => {
  it('allows a burst, then refills at the steady rate and says when to retry', () => {
    // Arrange
    let now = 1_000_000;
    const limiter = createRateLimiter({ requestsPerSecond: 2, burst: 3 }, () => now);

    // Act
    const burst = [limiter.take('k'), limiter.take('k'), limiter.take('k')];
    const limited = limiter.take('k');
    const otherKey = limiter.take('other');
    now += 500;
    const afterRefill = limiter.take('k');

    // Assert
    expect(burst.every((decision) => decision.allowed)).toBe(true);
    expect(limited).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(otherKey.allowed).toBe(true);
    expect(afterRefill.allowed).toBe(true);
  });

  it('rounds the wait up to whole seconds for slow rates', () => {
    const limiter = createRateLimiter({ requestsPerSecond: 0.25, burst: 1 }, () => 0);
    limiter.take('k');
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });
});

describe('createLambdaAuthorizer', () => {
  const allowAll = (principalId: string): APIGatewayAuthorizerResult => ({
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*' }],
    },
    context: { role: 'ops', count: 3, active: true },
  });

  it('caches an Allow per identity for the TTL, then asks again', async () => {
    // Arrange
    let now = 0;
    let calls = 0;
    const authorizer = createLambdaAuthorizer({
      functionId: 'auth',
      ttlMs: 1_000,
      now: () => now,
      invokeFunction: async () => {
        calls += 1;
        return allowAll('key-1');
      },
    });
    const event = authorizerEvent({ path: '/v1/creators' });

    // Act
    const first = await authorizer.authorize(event, 'Bearer a');
    now = 999;
    await authorizer.authorize(event, 'Bearer a');
    const callsWithinTtl = calls;
    now = 1_000;
    await authorizer.authorize(event, 'Bearer a');

    // Assert
    expect(first).toEqual({
      kind: 'allow',
      output: {
        principalId: 'key-1',
        context: { role: 'ops', count: '3', active: 'true' },
        integrationLatency: 0,
      },
    });
    expect(callsWithinTtl).toBe(1);
    expect(calls).toBe(2);
  });

  it('maps a thrown Unauthorized to unauthorized and any other failure or junk to failed', async () => {
    const failing = (error: unknown) =>
      createLambdaAuthorizer({ functionId: 'auth', ttlMs: 0, invokeFunction: () => Promise.reject(error) });
    const answering = (answer: unknown) =>
      createLambdaAuthorizer({ functionId: 'auth', ttlMs: 0, invokeFunction: async () => answer });
    const event = authorizerEvent({ path: '/v1/creators' });

    expect(await failing(new Error('Unauthorized')).authorize(event, 'x')).toEqual({ kind: 'unauthorized' });
    expect((await failing(new Error('boom')).authorize(event, 'x')).kind).toBe('failed');
    expect((await answering({ principalId: 'k' }).authorize(event, 'x')).kind).toBe('failed');
    expect((await answering({ ...allowAll('k'), context: { nested: {} } }).authorize(event, 'x')).kind).toBe(
      'failed',
    );
  });
});

describe('readProxyResult', () => {
  it('merges headers with multiValueHeaders (multi-value wins) and decodes base64 bodies', () => {
    const reading = readProxyResult({
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', 'X-One': 'a', 'Content-Length': '999' },
      multiValueHeaders: { 'x-one': ['b', 'c'], 'Set-Cookie': ['a=1', 'b=2'] },
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    });
    expect(reading).toEqual({
      ok: true,
      answer: {
        statusCode: 201,
        headers: { 'Content-Type': 'image/png', 'x-one': ['b', 'c'], 'Set-Cookie': ['a=1', 'b=2'] },
        body: Buffer.from([1, 2, 3]),
      },
    });
  });

  it.each([
    ['no object', 'ok'],
    ['no status', { body: '' }],
    ['a status out of range', { statusCode: 99 }],
    ['an object body', { statusCode: 200, body: { a: 1 } }],
    ['a header with a line break', { statusCode: 200, headers: { 'x-a': 'a\r\nb' } }],
    ['a header with an object value', { statusCode: 200, headers: { 'x-a': { b: 1 } } }],
  ])('calls %s malformed', (_, result) => {
    expect(readProxyResult(result).ok).toBe(false);
  });
});
