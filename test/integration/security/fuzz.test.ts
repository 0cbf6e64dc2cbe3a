/**
 * Property-based fuzzing of every POST route of the catalog (fast-check): hostile bodies shaped after each
 * route's schema (test/support/security/fuzz-inputs.ts), sent by a caller the route allows, on partner A's real
 * resources. Whatever the input: never a 5xx, never a write, never an execution; a clear 4xx in the API's error
 * shape, with details whenever the body was JSON the schema refused.
 *
 * `npm test` spends about PARTNERFLOW_FUZZ_SECONDS (default 20) across the routes; set it higher for a longer
 * run, e.g. `PARTNERFLOW_FUZZ_SECONDS=600 npx vitest run test/integration/security/fuzz.test.ts`. Each route
 * prints how many inputs it tried; a failure prints fast-check's seed and the smallest failing input.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { $ZodType } from 'zod/v4/core';
import { AUTHORIZER_FUNCTION_ID, routes } from '#catalog/index.ts';
import type { RouteSpec } from '#catalog/types.ts';
import { validate } from '#lib/http/validation.ts';
import { webhookSignature } from '#lib/tiktok/signing.ts';
import type { ApiServer } from '#local/api/server.ts';
import { startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';
import { type FuzzBody, formBodies, jsonBodies } from '#test/support/security/fuzz-inputs.ts';
import { ROUTE_FIXTURES } from '#test/support/security/route-fixtures.ts';
import {
  buildWorld,
  type Caller,
  PARKED_WORKFLOWS,
  roleOf,
  type World,
} from '#test/support/security/world.ts';
import { changesBetween, settled, sideEffects } from '#test/support/side-effects.ts';

const FUZZ_SECONDS = Number(process.env.PARTNERFLOW_FUZZ_SECONDS ?? 20);
const MAX_BODY_BYTES = 64 * 1024;
const postRoutes = routes.filter((route) => route.method === 'POST');
/** The signed-webhook run counts as one more share of the time. */
const msPerRun = (FUZZ_SECONDS * 1000) / (postRoutes.length + 1);

let runtime: TestRuntime;
let world: World;
/** An API server on the same runtime without the per-key rate limit, so the fuzzer is not answered 429. */
let gateway: ApiServer;
const tried: Record<string, { inputs: number; skippedAsValid: number }> = {};

beforeAll(async () => {
  runtime = await startTestRuntime({ time: PARKED_WORKFLOWS });
  world = await buildWorld(runtime);
  const { startApiServer } = await import('#local/api/server.ts');
  const { invokeLocalFunction } = await import('#local/lambda/invoke.ts');
  gateway = await startApiServer({
    port: 0,
    routes,
    invokeFunction: invokeLocalFunction,
    authorizerFunctionId: AUTHORIZER_FUNCTION_ID,
    rateLimit: { requestsPerSecond: 1_000_000, burst: 1_000_000 },
  });
  await settled(runtime);
}, 120_000);

afterAll(async () => {
  const lines = Object.entries(tried).map(
    ([route, count]) => `  ${route}: ${count.inputs} inputs (${count.skippedAsValid} valid ones not sent)`,
  );
  const total = Object.values(tried).reduce((sum, count) => sum + count.inputs, 0);
  console.log(`API fuzzing: ${total} hostile inputs in about ${FUZZ_SECONDS} s\n${lines.join('\n')}`);
  await gateway?.close();
  await runtime?.close();
});

/** The caller that gets furthest into a route: one of A's roles the route allows, or nobody on a public route. */
function fuzzingCaller(route: RouteSpec): Caller | undefined {
  if (route.roles === 'public') return undefined;
  const roles = route.roles;
  return (['partner A', 'manager A', 'ops'] as const).find((caller) => {
    const role = roleOf(caller);
    return role !== undefined && roles.includes(role);
  });
}

/** True when the body would pass the route's schema: such an input is a real request, not a hostile one. */
function wouldBeAccepted(schema: $ZodType | undefined, body: FuzzBody): boolean {
  if (schema === undefined || body.contentType !== 'application/json') return false;
  if (Buffer.byteLength(body.text) > MAX_BODY_BYTES) return false;
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    return false;
  }
  return validate(schema, value).ok;
}

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function post(path: string, body: FuzzBody, headers: Record<string, string>): Promise<Reply> {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { ...headers, ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }) },
    body: body.text,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** What makes an answer "a clear 4xx": the error shape, and details when a JSON body broke the schema. */
function unclearAnswer(route: RouteSpec, body: FuzzBody, reply: Reply): string | undefined {
  if (reply.status < 400 || reply.status >= 500)
    return `answered ${reply.status}: ${reply.text.slice(0, 300)}`;
  if (route.requestContentType === 'application/x-www-form-urlencoded') {
    return reply.contentType.startsWith('text/html')
      ? undefined
      : `answered ${reply.contentType}, not a page`;
  }
  let error: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    error = (JSON.parse(reply.text) as { error?: typeof error }).error;
  } catch {
    return `answered ${reply.status} without the error shape: ${reply.text.slice(0, 200)}`;
  }
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || !Array.isArray(error.details))
    return `answered ${reply.status} without the error shape: ${reply.text.slice(0, 200)}`;
  const refusedJson =
    route.requestBody !== undefined &&
    body.contentType === 'application/json' &&
    reply.status === 400 &&
    error.code !== 'bad_request';
  if (refusedJson) {
    const details = error.details as { path?: unknown; issue?: unknown }[];
    const clear =
      details.length > 0 && details.every((d) => typeof d.path === 'string' && typeof d.issue === 'string');
    if (!clear) return `answered 400 without details: ${reply.text.slice(0, 300)}`;
  }
  return undefined;
}

async function fuzz(name: string, property: fc.IAsyncPropertyWithHooks<[FuzzBody]>, ms: number) {
  const details = await fc.check(property, {
    numRuns: 1_000_000,
    interruptAfterTimeLimit: ms,
    markInterruptAsFailure: false,
    maxSkipsPerRun: 1_000,
  });
  tried[name] = { inputs: details.numRuns, skippedAsValid: details.numSkips };
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'the property failed');
  return details;
}

describe('API fuzzing: hostile bodies on every POST route', () => {
  it.each(postRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: never a 5xx, a write or an execution; always a clear 4xx',
    async (name, route) => {
      // Arrange
      const caller = fuzzingCaller(route);
      // On A's real resource when the route has a fixture; the body is checked before the resource is read anyway.
      const fixture = ROUTE_FIXTURES[name];
      const path =
        fixture === undefined
          ? route.path.replace(/\{[^}]+\}/g, 'fuzz-placeholder')
          : (await fixture.request(world, caller ?? 'no key')).path;
      const authorization = caller === undefined ? undefined : world.authorization[caller];
      const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
      const bodies =
        route.requestContentType === 'application/x-www-form-urlencoded'
          ? formBodies(route.requestBody)
          : jsonBodies(route.requestBody);
      const before = await sideEffects(runtime);

      // Act
      const details = await fuzz(
        name,
        fc.asyncProperty(bodies, async (body) => {
          fc.pre(!wouldBeAccepted(route.requestBody, body));
          const reply = await post(path, body, headers);
          const problem = unclearAnswer(route, body, reply);
          if (problem !== undefined) throw new Error(problem);
        }),
        msPerRun,
      );
      const after = await sideEffects(runtime);

      // Assert
      expect(details.numRuns).toBeGreaterThan(20);
      expect(changesBetween(before, after)).toEqual([]);
    },
    FUZZ_SECONDS * 1000 + 60_000,
  );

  it(
    'POST /v1/webhooks/tiktok-shop, correctly signed: never a 5xx, and an execution only for a notification it accepted',
    async () => {
      // Arrange
      const appKey = runtime.env.TIKTOK_APP_KEY ?? '';
      const appSecret = runtime.env.TIKTOK_APP_SECRET ?? '';
      const signed = (text: string) => ({ authorization: webhookSignature(appKey, appSecret, text) });
      let accepted = 0;
      const before = await sideEffects(runtime);

      // Act
      await fuzz(
        'POST /v1/webhooks/tiktok-shop (signed)',
        fc.asyncProperty(jsonBodies(undefined), async (body) => {
          const reply = await post('/v1/webhooks/tiktok-shop', body, signed(body.text));
          if (reply.status >= 500) throw new Error(`answered ${reply.status}: ${reply.text.slice(0, 300)}`);
          if (reply.status === 200 && (JSON.parse(reply.text) as { processed?: boolean }).processed)
            accepted += 1;
        }),
        msPerRun,
      );
      const after = await sideEffects(runtime);

      // Assert
      const started = changesBetween(before, after).filter((change) =>
        change.startsWith('execution started'),
      );
      expect(started).toHaveLength(accepted);
      expect(started.every((change) => change.includes('seller-notification'))).toBe(true);
    },
    FUZZ_SECONDS * 1000 + 60_000,
  );
});
