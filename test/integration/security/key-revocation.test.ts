/**
 * A revoked key stops working within the authorizer's cache time: the real authorizer function against the real
 * key records. API Gateway caches an Allow per Authorization header (60 s in the stack, checked in
 * test/infra/security.test.ts); the local API does the same, so these tests run gateways with the deployed TTL
 * and with a short one on the same runtime.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZER_FUNCTION_ID, routes } from '#catalog/index.ts';
import { type ApiServer, DEFAULT_AUTHORIZER_CACHE_TTL_MS } from '#local/api/server.ts';
import {
  api,
  createApiKey,
  createPartner,
  pollUntil,
  startTestRuntime,
  type TestRuntime,
} from '#test/support/runtime.ts';

let runtime: TestRuntime;
let partnerId: string;
const gateways: ApiServer[] = [];

/** Another API gateway on the runtime, with its own authorizer cache. */
async function gatewayWithTtl(authorizerCacheTtlMs: number): Promise<{ url: string }> {
  const { startApiServer } = await import('#local/api/server.ts');
  const { invokeLocalFunction } = await import('#local/lambda/invoke.ts');
  const gateway = await startApiServer({
    port: 0,
    routes,
    invokeFunction: invokeLocalFunction,
    authorizerFunctionId: AUTHORIZER_FUNCTION_ID,
    authorizerCacheTtlMs,
  });
  gateways.push(gateway);
  return { url: gateway.url };
}

const through = (gateway: { url: string }, key: string) =>
  api({ urls: { ...runtime.urls, api: gateway.url } }, key);
const revoke = async (key: string) => (await import('#cli/admin.ts')).revokeKey(key);

beforeAll(async () => {
  runtime = await startTestRuntime();
  partnerId = (await createPartner(runtime)).partnerId;
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await runtime?.close();
});

describe('API key revocation', () => {
  it('refuses a revoked key at once when the gateway holds no cached Allow for it', async () => {
    // Arrange
    const key = await createApiKey(runtime, { role: 'partner', partnerId });
    await revoke(key);

    // Act
    const answer = await api(runtime, key).get('/v1/creators');

    // Assert
    expect(answer.status).toBe(401);
  });

  it('keeps answering a key used just before its revocation for the deployed cache time (60 s), as API Gateway does', async () => {
    // Arrange
    const gateway = await gatewayWithTtl(DEFAULT_AUTHORIZER_CACHE_TTL_MS);
    const key = await createApiKey(runtime, { role: 'partner', partnerId });
    const before = await through(gateway, key).get('/v1/creators');
    await revoke(key);

    // Act
    const cached = await through(gateway, key).get('/v1/creators');

    // Assert: the bound a revocation has; the next test shows it ends with the cache entry.
    expect(DEFAULT_AUTHORIZER_CACHE_TTL_MS).toBe(60_000);
    expect(before.status).toBe(200);
    expect(cached.status).toBe(200);
  });

  it('refuses the revoked key on every route once its cache entry expires', async () => {
    // Arrange
    const gateway = await gatewayWithTtl(300);
    const key = await createApiKey(runtime, { role: 'partner', partnerId });
    const before = await through(gateway, key).get('/v1/creators');
    await revoke(key);

    // Act
    const refused = await pollUntil(
      async () => {
        const answer = await through(gateway, key).get('/v1/creators');
        return answer.status === 401 ? answer : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 50, describe: () => 'the revoked key still works' },
    );
    const elsewhere = await Promise.all(
      ['/v1/sellers', '/v1/executions/cr_none-onboarding', '/v1/reports/x/2026-W01'].map(
        async (path) => (await through(gateway, key).get(path)).status,
      ),
    );

    // Assert
    expect(before.status).toBe(200);
    expect(refused.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(elsewhere).toEqual([401, 401, 401]);
  });
});
