import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUTHORIZER_FUNCTION_ID, routes as catalogRoutes } from '#catalog/index.ts';
import type { RouteSpec } from '#catalog/types.ts';
import { type ApiServer, type ApiServerOptions, startApiServer } from '#local/api/server.ts';
import { invokeLocalFunction } from '#local/lambda/invoke.ts';
import { fakeFunctions } from '#test/support/fake-functions.ts';
import { errorOf, httpRequest } from '#test/support/http.ts';
import { type CapturedStream, captureStderr } from '#test/support/stderr.ts';

const AUTHORIZER = 'fake-authorizer';

const ROUTES: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/v1/things/{thingId}',
    functionId: 'echo',
    roles: ['partner'],
    summary: 'Get a thing',
  },
  { method: 'POST', path: '/v1/things', functionId: 'echo', roles: ['partner'], summary: 'Create a thing' },
  { method: 'GET', path: '/v1/ping', functionId: 'echo', roles: 'public', summary: 'Ping' },
  { method: 'POST', path: '/v1/uploads', functionId: 'echo', roles: 'public', summary: 'Upload' },
  { method: 'GET', path: '/v1/crash', functionId: 'crash', roles: 'public', summary: 'Crashes' },
  { method: 'GET', path: '/v1/junk', functionId: 'junk', roles: 'public', summary: 'Answers junk' },
  { method: 'GET', path: '/v1/image', functionId: 'image', roles: 'public', summary: 'Answers bytes' },
];

const PARTNER_KEY = 'pf_partner';
const OTHER_PARTNER_KEY = 'pf_other';
const DENIED_KEY = 'pf_denied';
const BROKEN_KEY = 'pf_broken';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);

/** Answers with the event it got, so tests can read what the gateway built. */
const echo = (event: unknown) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'x-request-id': 'spoofed' },
  multiValueHeaders: { 'x-echo': ['one', 'two'] },
  body: JSON.stringify(event),
});

function policy(
  principalId: string,
  effect: 'Allow' | 'Deny',
  partnerId: string,
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: effect, Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/*/*' },
      ],
    },
    context: { keyId: principalId, role: 'partner', partnerId },
  };
}

/** A stand-in for functions/api/authorizer.ts: a few known keys, one revocable. */
function createFakeAuthorizer() {
  const revoked = new Set<string>();
  return {
    revoke: (key: string) => revoked.add(key),
    handler: (event: unknown) => {
      const header = (event as APIGatewayRequestAuthorizerEvent).headers?.authorization ?? '';
      const key = header.replace(/^Bearer /, '');
      if (revoked.has(key)) throw new Error('Unauthorized');
      if (key === PARTNER_KEY) return policy('key-partner', 'Allow', 'p-1');
      if (key === OTHER_PARTNER_KEY) return policy('key-other', 'Allow', 'p-2');
      if (key === DENIED_KEY) return policy('key-denied', 'Deny', 'p-3');
      if (key === BROKEN_KEY) throw new Error('ResourceNotFoundException: table partnerflow does not exist');
      throw new Error('Unauthorized');
    },
  };
}

function createFakes() {
  const authorizer = createFakeAuthorizer();
  const functions = fakeFunctions({
    [AUTHORIZER]: authorizer.handler,
    echo,
    crash: () => {
      throw new Error('connection string postgres://admin:hunter2@db');
    },
    junk: () => ({ statusCode: 200, body: { not: 'a string' } }),
    image: () => ({
      statusCode: 200,
      headers: { 'content-type': 'image/png' },
      body: PNG.toString('base64'),
      isBase64Encoded: true,
    }),
  });
  return { authorizer, functions };
}

const started: ApiServer[] = [];

async function startTestServer(overrides: Partial<ApiServerOptions> = {}) {
  const fakes = createFakes();
  const server = await startApiServer({
    port: 0,
    routes: ROUTES,
    invokeFunction: fakes.functions.invoke,
    authorizerFunctionId: AUTHORIZER,
    extraRoutes: async (request, response) => {
      if (request.url !== '/health') return false;
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
      return true;
    },
    ...overrides,
  });
  started.push(server);
  return { server, ...fakes };
}

/** Freezes `Date` only (sockets and timers keep running), so cache and rate windows are exact. */
function freezeClock(): { advance(ms: number): void } {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-06-01T12:00:00Z'));
  return { advance: (ms) => vi.setSystemTime(Date.now() + ms) };
}

const eventOf = (json: unknown) => json as APIGatewayProxyEvent;

let stderr: CapturedStream | undefined;

afterEach(() => {
  vi.useRealTimers();
  stderr?.restore();
  stderr = undefined;
});

afterAll(async () => {
  await Promise.all(started.map((server) => server.close()));
});

describe('local API server: routing', () => {
  let gateway: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    gateway = await startTestServer();
  });

  it('invokes the route function with a proxy event and answers with its result', async () => {
    // Act
    const reply = await httpRequest(gateway.server.url, '/v1/things/th%201?expand=owner&expand=tags', {
      bearer: PARTNER_KEY,
    });

    // Assert
    expect(reply.status).toBe(200);
    const event = eventOf(reply.json);
    expect(event).toMatchObject({
      resource: '/v1/things/{thingId}',
      path: '/v1/things/th%201',
      httpMethod: 'GET',
      pathParameters: { thingId: 'th 1' },
      queryStringParameters: { expand: 'tags' },
      multiValueQueryStringParameters: { expand: ['owner', 'tags'] },
      body: null,
      isBase64Encoded: false,
    });
    expect(event.requestContext.authorizer).toMatchObject({
      principalId: 'key-partner',
      keyId: 'key-partner',
      role: 'partner',
      partnerId: 'p-1',
    });
    expect(event.requestContext.stage).toBe('local');
    expect(reply.headers.get('x-echo')).toBe('one, two');
    expect(reply.headers.get('x-request-id')).toBe(event.requestContext.requestId);
    expect(reply.headers.get('x-amzn-requestid')).toBe(event.requestContext.requestId);
  });

  it('gives the authorizer a REQUEST event with the method ARN of the call', async () => {
    // Act
    await httpRequest(gateway.server.url, '/v1/things', { bearer: OTHER_PARTNER_KEY, json: { name: 'x' } });

    // Assert
    const event = gateway.functions.events(AUTHORIZER).at(-1) as APIGatewayRequestAuthorizerEvent;
    expect(event.type).toBe('REQUEST');
    expect(event.methodArn).toMatch(
      /^arn:aws:execute-api:us-east-1:000000000000:[a-z0-9]{10}\/local\/POST\/v1\/things$/,
    );
    expect(event.headers?.authorization).toBe(`Bearer ${OTHER_PARTNER_KEY}`);
  });

  it('passes a JSON body as text and a binary body as base64', async () => {
    // Act
    const json = await httpRequest(gateway.server.url, '/v1/uploads', { json: { a: 1 } });
    const binary = await httpRequest(gateway.server.url, '/v1/uploads', {
      body: PNG,
      headers: { 'content-type': 'image/png' },
    });

    // Assert
    expect(eventOf(json.json)).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    expect(eventOf(binary.json)).toMatchObject({ body: PNG.toString('base64'), isBase64Encoded: true });
  });

  it('sends a base64 answer as bytes', async () => {
    // Act
    const response = await fetch(`${gateway.server.url}/v1/image`);

    // Assert
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  it('answers 404 in the standard error shape for an unknown path', async () => {
    // Act
    const reply = await httpRequest(gateway.server.url, '/v1/nowhere');

    // Assert
    expect(reply.status).toBe(404);
    expect(errorOf(reply).code).toBe('not_found');
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 405 with an Allow header for a known path and another method', async () => {
    // Act
    const reply = await httpRequest(gateway.server.url, '/v1/things', {
      method: 'DELETE',
      bearer: PARTNER_KEY,
    });

    // Assert
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
    expect(errorOf(reply).code).toBe('method_not_allowed');
  });

  it('answers 400 for a malformed path and keeps serving', async () => {
    // Act
    const bad = await httpRequest(gateway.server.url, '/v1/things/%E0%A4%A', { bearer: PARTNER_KEY });
    const next = await httpRequest(gateway.server.url, '/v1/ping');

    // Assert
    expect(bad.status).toBe(400);
    expect(errorOf(bad).code).toBe('bad_request');
    expect(next.status).toBe(200);
  });

  it('lets the runtime own extra pages, with the request id header too', async () => {
    // Act
    const reply = await httpRequest(gateway.server.url, '/health');

    // Assert
    expect(reply.json).toEqual({ ok: true });
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('local API server: authorizer', () => {
  it('answers 401 without calling the authorizer when no Authorization header is sent', async () => {
    // Arrange
    const { server, functions } = await startTestServer();

    // Act
    const reply = await httpRequest(server.url, '/v1/things/t-1');

    // Assert
    expect(reply.status).toBe(401);
    expect(errorOf(reply).code).toBe('unauthorized');
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    expect(functions.events(AUTHORIZER)).toHaveLength(0);
  });

  it('answers 401 when the authorizer throws Unauthorized, and never invokes the route', async () => {
    // Arrange
    const { server, functions } = await startTestServer();

    // Act
    const reply = await httpRequest(server.url, '/v1/things/t-1', { bearer: 'pf_unknown' });

    // Assert
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    expect(errorOf(reply).code).toBe('unauthorized');
    expect(functions.events('echo')).toHaveLength(0);
  });

  it('answers 403 when the policy denies the method', async () => {
    // Arrange
    const { server, functions } = await startTestServer();

    // Act
    const reply = await httpRequest(server.url, '/v1/things/t-1', { bearer: DENIED_KEY });

    // Assert
    expect(reply.status).toBe(403);
    expect(errorOf(reply).code).toBe('forbidden');
    expect(functions.events('echo')).toHaveLength(0);
  });

  it('answers 500 without leaking when the authorizer fails', async () => {
    // Arrange
    const { server } = await startTestServer();
    stderr = captureStderr();

    // Act
    const reply = await httpRequest(server.url, '/v1/things/t-1', { bearer: BROKEN_KEY });

    // Assert
    expect(reply.status).toBe(500);
    expect(errorOf(reply).code).toBe('internal_error');
    expect(reply.text).not.toContain('ResourceNotFound');
    expect(stderr.text()).toContain('ResourceNotFoundException');
  });

  it('keeps honouring a cached Allow until the TTL passes, so a revocation lands within the TTL', async () => {
    // Arrange
    const clock = freezeClock();
    const { server, functions, authorizer } = await startTestServer({ authorizerCacheTtlMs: 1_000 });
    const first = await httpRequest(server.url, '/v1/things/t-1', { bearer: PARTNER_KEY });
    authorizer.revoke(PARTNER_KEY);

    // Act
    clock.advance(999);
    const withinTtl = await httpRequest(server.url, '/v1/things/t-2', { bearer: PARTNER_KEY });
    const callsWithinTtl = functions.events(AUTHORIZER).length;
    clock.advance(1);
    const afterTtl = await httpRequest(server.url, '/v1/things/t-3', { bearer: PARTNER_KEY });

    // Assert
    expect(first.status).toBe(200);
    expect(withinTtl.status).toBe(200);
    expect(eventOf(withinTtl.json).requestContext.authorizer).toMatchObject({
      principalId: 'key-partner',
      integrationLatency: 0,
    });
    expect(callsWithinTtl).toBe(1);
    expect(afterTtl.status).toBe(401);
    expect(functions.events(AUTHORIZER)).toHaveLength(2);
  });
});

describe('local API server: rate limit', () => {
  it('answers 429 with Retry-After once a key has spent its burst, per key', async () => {
    // Arrange
    freezeClock();
    const { server } = await startTestServer({ rateLimit: { requestsPerSecond: 1, burst: 2 } });
    await httpRequest(server.url, '/v1/things/t-1', { bearer: PARTNER_KEY });
    await httpRequest(server.url, '/v1/things/t-1', { bearer: PARTNER_KEY });

    // Act
    const limited = await httpRequest(server.url, '/v1/things/t-1', { bearer: PARTNER_KEY });
    const otherKey = await httpRequest(server.url, '/v1/things/t-1', { bearer: OTHER_PARTNER_KEY });

    // Assert
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(errorOf(limited).code).toBe('rate_limited');
    expect(otherKey.status).toBe(200);
  });

  it('limits public routes by client address', async () => {
    // Arrange
    freezeClock();
    const { server } = await startTestServer({ rateLimit: { requestsPerSecond: 0.5, burst: 1 } });
    await httpRequest(server.url, '/v1/ping');

    // Act
    const limited = await httpRequest(server.url, '/v1/ping');

    // Assert
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
  });
});

describe('local API server: failures', () => {
  let gateway: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    gateway = await startTestServer();
  });

  it('answers 502 when the function throws, logging the cause without leaking it', async () => {
    // Arrange
    stderr = captureStderr();

    // Act
    const reply = await httpRequest(gateway.server.url, '/v1/crash');

    // Assert
    expect(reply.status).toBe(502);
    const error = errorOf(reply);
    expect(error.code).toBe('internal_error');
    expect(error.message).toContain(reply.headers.get('x-request-id'));
    expect(reply.text).not.toContain('hunter2');
    expect(stderr.text()).toContain('hunter2');
  });

  it('answers 502 when the function returns something that is not a proxy result', async () => {
    // Arrange
    stderr = captureStderr();

    // Act
    const reply = await httpRequest(gateway.server.url, '/v1/junk');

    // Assert
    expect(reply.status).toBe(502);
    expect(errorOf(reply).code).toBe('internal_error');
    expect(stderr.text()).toContain('body is not a string');
  });

  it('answers 413 to a body over 10 MB without invoking the function', async () => {
    // Arrange
    const oversized = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    const invocationsBefore = gateway.functions.events('echo').length;

    // Act
    const reply = await httpRequest(gateway.server.url, '/v1/uploads', {
      body: oversized,
      headers: { 'content-type': 'text/plain' },
    });

    // Assert
    expect(reply.status).toBe(413);
    expect(errorOf(reply).code).toBe('payload_too_large');
    expect(gateway.functions.events('echo')).toHaveLength(invocationsBefore);
  });

  it('answers 413 to an oversized body sent without a length (chunked)', async () => {
    // Arrange
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 11; index += 1) controller.enqueue(chunk);
        controller.close();
      },
    });

    // Act
    const response = await fetch(`${gateway.server.url}/v1/uploads`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });

    // Assert
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });
});

describe('local API server with the real catalog', () => {
  it('serves the generated OpenAPI document and the reference page through their handlers', async () => {
    // Arrange
    const server = await startApiServer({
      port: 0,
      routes: catalogRoutes,
      invokeFunction: invokeLocalFunction,
      authorizerFunctionId: AUTHORIZER_FUNCTION_ID,
    });
    started.push(server);

    // Act
    const spec = await httpRequest(server.url, '/v1/openapi.json');
    const docs = await httpRequest(server.url, '/v1/docs');

    // Assert
    expect(spec.status).toBe(200);
    expect(spec.json).toMatchObject({ openapi: '3.1.0', servers: [{ url: server.url }] });
    expect(Object.keys((spec.json as { paths: object }).paths)).toEqual(
      expect.arrayContaining(catalogRoutes.map((route) => route.path)),
    );
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(docs.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(docs.text).toContain('<h1>PartnerFlow API');
  });
});
