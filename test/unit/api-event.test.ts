import { describe, expect, it } from 'vitest';
import { principalOf } from '#lib/auth/principal.ts';
import {
  formatRequestTime,
  type GatewayRequest,
  isTextContentType,
  toAuthorizerEvent,
  toProxyEvent,
} from '#local/api/event.ts';
import { authorizerOutputFor, proxyEvent, TEST_GATEWAY } from '#test/support/api-events.ts';

const RECEIVED_AT = new Date('2026-03-07T09:05:03.123Z');

function request(overrides: Partial<GatewayRequest> = {}): GatewayRequest {
  return {
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    extendedRequestId: 'ZhEVGHTzDoEEB2A=',
    receivedAt: RECEIVED_AT,
    method: 'GET',
    path: '/v1/creators/c-1',
    query: '',
    rawHeaders: ['Host', 'api.example.test', 'User-Agent', 'curl/8.5.0'],
    sourceIp: '198.51.100.7',
    localPort: 3000,
    scheme: 'http',
    protocol: 'HTTP/1.1',
    traceId: 'Root=1-69abe98f-0123456789abcdef01234567',
    ...overrides,
  };
}

const creatorResource = { resource: '/v1/creators/{creatorId}', pathParameters: { creatorId: 'c-1' } };

describe('toProxyEvent', () => {
  it('keeps the last value of a repeated header in headers and every value in multiValueHeaders', () => {
    // Arrange
    const incoming = request({
      rawHeaders: [
        'Host',
        'api.example.test',
        'X-Tag',
        'first',
        'Accept',
        'application/json',
        'x-tag',
        'second',
      ],
    });

    // Act
    const event = toProxyEvent(TEST_GATEWAY, incoming, creatorResource, undefined, undefined);

    // Assert
    expect(event.headers['X-Tag']).toBe('second');
    expect(event.multiValueHeaders['X-Tag']).toEqual(['first', 'second']);
    expect(event.headers.Accept).toBe('application/json');
    expect(event.multiValueHeaders.Host).toEqual(['api.example.test']);
  });

  it('adds the forwarding and trace headers API Gateway adds', () => {
    // Arrange
    const incoming = request({ rawHeaders: ['Host', 'api.example.test', 'X-Forwarded-For', '10.0.0.1'] });

    // Act
    const event = toProxyEvent(TEST_GATEWAY, incoming, creatorResource, undefined, undefined);

    // Assert
    expect(event.headers['X-Forwarded-For']).toBe('10.0.0.1, 198.51.100.7');
    expect(event.headers['X-Forwarded-Port']).toBe('3000');
    expect(event.headers['X-Forwarded-Proto']).toBe('http');
    expect(event.headers['X-Amzn-Trace-Id']).toBe('Root=1-69abe98f-0123456789abcdef01234567');
  });

  it('decodes the query like a REST API, keeping the last value singly and all values in the multi-value map', () => {
    // Arrange
    const incoming = request({ query: 'status=ACTIVE&tag=a&tag=b+c&note=caf%C3%A9%20%26%20bar&flag' });

    // Act
    const event = toProxyEvent(TEST_GATEWAY, incoming, creatorResource, undefined, undefined);

    // Assert
    expect(event.queryStringParameters).toEqual({
      status: 'ACTIVE',
      tag: 'b c',
      note: 'café & bar',
      flag: '',
    });
    expect(event.multiValueQueryStringParameters).toEqual({
      status: ['ACTIVE'],
      tag: ['a', 'b c'],
      note: ['café & bar'],
      flag: [''],
    });
  });

  it('answers null for an absent query, path parameters, stage variables and body', () => {
    // Arrange
    const incoming = request({ path: '/v1/creators' });

    // Act
    const event = toProxyEvent(
      TEST_GATEWAY,
      incoming,
      { resource: '/v1/creators', pathParameters: {} },
      undefined,
      undefined,
    );

    // Assert
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
    expect(event.stageVariables).toBeNull();
    expect(event.body).toBeNull();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('names the route template as resource and keeps the raw path, with decoded path parameters', () => {
    // Arrange
    const incoming = request({ path: '/v1/creators/caf%C3%A9%20one' });

    // Act
    const event = toProxyEvent(
      TEST_GATEWAY,
      incoming,
      { resource: '/v1/creators/{creatorId}', pathParameters: { creatorId: 'café one' } },
      undefined,
      undefined,
    );

    // Assert
    expect(event.resource).toBe('/v1/creators/{creatorId}');
    expect(event.path).toBe('/v1/creators/caf%C3%A9%20one');
    expect(event.pathParameters).toEqual({ creatorId: 'café one' });
    expect(event.requestContext.resourcePath).toBe('/v1/creators/{creatorId}');
    expect(event.requestContext.path).toBe('/test/v1/creators/caf%C3%A9%20one');
  });

  it('passes a JSON body as text', () => {
    // Arrange
    const incoming = request({
      method: 'POST',
      rawHeaders: ['Content-Type', 'application/json; charset=utf-8'],
    });

    // Act
    const event = toProxyEvent(
      TEST_GATEWAY,
      incoming,
      creatorResource,
      Buffer.from('{"name":"Añita"}'),
      undefined,
    );

    // Assert
    expect(event.body).toBe('{"name":"Añita"}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('base64-encodes a binary body', () => {
    // Arrange
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const incoming = request({ method: 'PUT', rawHeaders: ['Content-Type', 'image/png'] });

    // Act
    const event = toProxyEvent(TEST_GATEWAY, incoming, creatorResource, bytes, undefined);

    // Assert
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('fills the request context as API Gateway does, with the authorizer context as strings', () => {
    // Arrange
    const authorizer = {
      principalId: 'key-1',
      context: { role: 'partner', partnerId: 'p-1' },
      integrationLatency: 12,
    };

    // Act
    const event = toProxyEvent(TEST_GATEWAY, request(), creatorResource, undefined, authorizer);

    // Assert
    expect(event.requestContext).toMatchObject({
      accountId: TEST_GATEWAY.accountId,
      apiId: TEST_GATEWAY.apiId,
      stage: 'test',
      httpMethod: 'GET',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      extendedRequestId: 'ZhEVGHTzDoEEB2A=',
      requestTime: '07/Mar/2026:09:05:03 +0000',
      requestTimeEpoch: RECEIVED_AT.getTime(),
      protocol: 'HTTP/1.1',
      domainName: 'api.example.test',
      authorizer: { principalId: 'key-1', integrationLatency: 12, role: 'partner', partnerId: 'p-1' },
    });
    expect(event.requestContext.resourceId).toMatch(/^[a-z0-9]{6}$/);
    expect(event.requestContext.identity).toMatchObject({
      sourceIp: '198.51.100.7',
      userAgent: 'curl/8.5.0',
      accessKey: null,
      caller: null,
      user: null,
      userArn: null,
      cognitoIdentityId: null,
    });
  });

  it('leaves the authorizer out on public routes', () => {
    // Act
    const event = JSON.parse(
      JSON.stringify(toProxyEvent(TEST_GATEWAY, request(), creatorResource, undefined, undefined)),
    );

    // Assert
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('produces an event the handlers read the principal from', () => {
    // Arrange
    const principal = { keyId: 'key-7', role: 'manager', partnerId: 'p-9' } as const;

    // Act
    const event = proxyEvent({ path: '/v1/reviews', principal });

    // Assert
    expect(principalOf(event)).toEqual(principal);
    expect(event.requestContext.authorizer).toMatchObject(authorizerOutputFor(principal).context);
  });
});

describe('toAuthorizerEvent', () => {
  it('builds a REQUEST event with the method ARN of the called path', () => {
    // Arrange
    const incoming = request({ method: 'POST', rawHeaders: ['Authorization', 'Bearer pf_x'], query: 'a=1' });

    // Act
    const event = toAuthorizerEvent(TEST_GATEWAY, incoming, creatorResource);

    // Assert
    expect(event.type).toBe('REQUEST');
    expect(event.methodArn).toBe(
      `arn:aws:execute-api:${TEST_GATEWAY.region}:${TEST_GATEWAY.accountId}:${TEST_GATEWAY.apiId}/test/POST/v1/creators/c-1`,
    );
    expect(event.headers?.Authorization).toBe('Bearer pf_x');
    expect(event.queryStringParameters).toEqual({ a: '1' });
    expect(event.pathParameters).toEqual({ creatorId: 'c-1' });
    expect(event.stageVariables).toEqual({});
    expect(event.requestContext.authorizer).toBeUndefined();
  });
});

describe('formatRequestTime', () => {
  it("uses API Gateway's dd/MMM/yyyy:HH:mm:ss +0000 in UTC", () => {
    expect(formatRequestTime(new Date('2024-12-31T23:59:59.999Z'))).toBe('31/Dec/2024:23:59:59 +0000');
    expect(formatRequestTime(new Date('2025-01-02T03:04:05Z'))).toBe('02/Jan/2025:03:04:05 +0000');
  });
});

describe('isTextContentType', () => {
  it('treats JSON, text and forms as text and anything else as binary', () => {
    expect(isTextContentType('application/json; charset=utf-8')).toBe(true);
    expect(isTextContentType('application/problem+json')).toBe(true);
    expect(isTextContentType('text/csv')).toBe(true);
    expect(isTextContentType('application/x-www-form-urlencoded')).toBe(true);
    expect(isTextContentType(undefined)).toBe(true);
    expect(isTextContentType('image/png')).toBe(false);
    expect(isTextContentType('application/octet-stream')).toBe(false);
    expect(isTextContentType('application/pdf')).toBe(false);
  });
});
