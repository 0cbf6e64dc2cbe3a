/**
 * Every POST route of the catalog, walked: a route marked `idempotency: 'key'` replays the first answer to the
 * same key and body (doing nothing again), answers 422 to the same key with another body, and runs concurrent
 * duplicates exactly once, each getting the first answer (never a 409 or a 500); a route made safe by a
 * business key does its effect once however often the request repeats. A POST route without a fixture in
 * test/support/idempotent-routes.ts fails here, so none is forgotten.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#catalog/index.ts';
import {
  BUSINESS_KEY_ROUTE_FIXTURES,
  KEYED_ROUTE_FIXTURES,
  type PreparedRequest,
  type RouteFixture,
} from '#test/support/idempotent-routes.ts';
import { startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';

const CONCURRENT_DUPLICATES = 6;

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ time: { timeScale: 0.001 } });
});
afterAll(() => runtime?.close());

interface Answer {
  readonly status: number;
  readonly replayed: boolean;
  readonly body: unknown;
}

/** The answer without what differs per request by design (the API Gateway request ids in the HTML pages). */
async function send(request: PreparedRequest, body: unknown, idempotencyKey?: string): Promise<Answer> {
  const response = await fetch(`${runtime.urls.api}${request.path}`, {
    method: 'POST',
    headers: {
      'content-type': request.contentType ?? 'application/json',
      ...(request.apiKey === undefined ? {} : { authorization: `Bearer ${request.apiKey}` }),
      ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      ...request.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed') === 'true',
    body: isJson ? JSON.parse(text) : text,
  };
}

const posts = routes.filter((route) => route.method === 'POST');
const nameOf = (route: (typeof posts)[number]) => `${route.method} ${route.path}`;
const keyed = posts.filter((route) => route.idempotency === 'key');
const byBusinessKey = posts.filter((route) => typeof route.idempotency === 'object');

function fixtureOf(fixtures: Readonly<Record<string, RouteFixture>>, name: string): RouteFixture {
  const fixture = fixtures[name];
  if (fixture === undefined) {
    throw new Error(`No fixture for ${name}: add one to test/support/idempotent-routes.ts`);
  }
  return fixture;
}

describe.each(keyed.map((route) => [nameOf(route)] as const))('%s honours Idempotency-Key', (name) => {
  it('replays the first answer to the same key and body, and does nothing again', async () => {
    // Arrange
    const request = await fixtureOf(KEYED_ROUTE_FIXTURES, name).prepare(runtime);
    const key = randomUUID();

    // Act
    const first = await send(request, request.body, key);
    const again = await send(request, request.body, key);

    // Assert
    expect(first.status).toBeGreaterThanOrEqual(200);
    expect(first.status).toBeLessThan(300);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await request.effects()).toBe(1);
  });

  it('answers 422 to the same key with another body, and does nothing', async () => {
    // Arrange
    const request = await fixtureOf(KEYED_ROUTE_FIXTURES, name).prepare(runtime);
    const key = randomUUID();
    await send(request, request.body, key);

    // Act
    const reused = await send(request, request.otherBody, key);

    // Assert
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({
      error: { code: 'unprocessable_entity', details: [{ path: 'headers.idempotency-key' }] },
    });
    expect(await request.effects()).toBe(1);
  });

  it(`runs ${CONCURRENT_DUPLICATES} concurrent duplicates once, and gives each the first answer`, async () => {
    // Arrange
    const request = await fixtureOf(KEYED_ROUTE_FIXTURES, name).prepare(runtime);
    const key = randomUUID();

    // Act
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT_DUPLICATES }, () => send(request, request.body, key)),
    );

    // Assert
    const statuses = new Set(answers.map((answer) => answer.status));
    expect(statuses.size).toBe(1);
    expect([...statuses][0]).toBeLessThan(300);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(await request.effects()).toBe(1);
  });
});

describe.each(byBusinessKey.map((route) => [nameOf(route)] as const))(
  '%s is idempotent by its business key',
  (name) => {
    it('does its effect once when the same request is sent again, and answers the repeat as documented', async () => {
      // Arrange
      const fixture = fixtureOf(BUSINESS_KEY_ROUTE_FIXTURES, name);
      const request = await fixture.prepare(runtime);

      // Act
      const first = await send(request, request.body);
      const again = await send(request, request.body);

      // Assert
      expect(first.status).toBe(200);
      expect(again.status).toBe(fixture.repeatStatus);
      expect(await request.effects()).toBe(1);
    });

    it('does its effect once when duplicates arrive together', async () => {
      // Arrange
      const fixture = fixtureOf(BUSINESS_KEY_ROUTE_FIXTURES, name);
      const request = await fixture.prepare(runtime);

      // Act
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT_DUPLICATES }, () => send(request, request.body)),
      );

      // Assert
      // One first answer and CONCURRENT_DUPLICATES - 1 repeats (a webhook answers its repeats 200 too).
      expect(answers.map((answer) => answer.status).sort()).toEqual(
        [200, ...Array.from({ length: CONCURRENT_DUPLICATES - 1 }, () => fixture.repeatStatus)].sort(),
      );
      expect(await request.effects()).toBe(1);
    });
  },
);

describe('the walk itself', () => {
  it('covers every POST route that declares its idempotency', () => {
    expect(keyed.length + byBusinessKey.length).toBe(
      posts.filter((route) => route.idempotency !== undefined).length,
    );
    expect(keyed.map(nameOf)).toContain('POST /v1/creators/onboardings');
  });
});
