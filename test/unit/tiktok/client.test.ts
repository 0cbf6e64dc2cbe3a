import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { TikTokShopClient } from '#lib/tiktok/client.ts';
import { TikTokApiError } from '#lib/tiktok/errors.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from '#lib/tiktok/transport.ts';
import { verifySignedRequest } from '#local/tiktok/verify.ts';

const APP = { appKey: 'app-key-1', appSecret: 'app-secret-never-shown' };
const NOW = new Date('2026-11-20T10:00:00.000Z');

interface Call {
  readonly url: URL;
  readonly init: RequestInit;
}

/** A fetch that answers from a script, one answer per call, and remembers what it was asked. */
function scriptedFetch(answers: readonly (Response | Error)[]) {
  const calls: Call[] = [];
  let next = 0;
  const fetchFn = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: new URL(String(input)), init: init ?? {} });
    const answer = answers[Math.min(next, answers.length - 1)];
    next += 1;
    if (answer instanceof Error) throw answer;
    if (answer === undefined) throw new Error('no scripted answer');
    return answer.clone();
  });
  return { fetchFn: fetchFn as unknown as typeof fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const grant = (overrides: Record<string, unknown> = {}) =>
  json(200, {
    code: 0,
    message: 'success',
    request_id: 'r1',
    data: {
      access_token: 'TTP_access',
      access_token_expire_in: 1_795_000_000,
      refresh_token: 'TTP_refresh',
      refresh_token_expire_in: 1_800_000_000,
      open_id: 'open',
      seller_name: 'Acme',
      seller_base_region: 'ID',
      user_type: 0,
      granted_scopes: ['seller.authorization.info'],
      ...overrides,
    },
  });

function clientWith(answers: readonly (Response | Error)[]) {
  const { fetchFn, calls } = scriptedFetch(answers);
  const sleep = vi.fn(async (_ms: number) => undefined);
  const client = new TikTokShopClient({
    apiBaseUrl: 'https://open-api.test',
    authBaseUrl: 'https://auth.test',
    credentials: APP,
    fetch: fetchFn,
    sleep,
    random: () => 0.5,
    now: () => NOW,
  });
  return { client, calls, sleep };
}

async function failureOf(promise: Promise<unknown>): Promise<TikTokApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TikTokApiError)) throw new Error(`expected a TikTokApiError, got ${String(error)}`);
  return error;
}

describe('TikTokShopClient tokens', () => {
  it('exchanges a code on the auth host and reads *_expire_in as absolute Unix timestamps', async () => {
    // Arrange
    const { client, calls } = clientWith([grant()]);

    // Act
    const result = await client.getAccessToken('CODE-1');

    // Assert
    expect(result.accessTokenExpiresAt.toISOString()).toBe(new Date(1_795_000_000 * 1000).toISOString());
    expect(result.refreshTokenExpiresAt.toISOString()).toBe(new Date(1_800_000_000 * 1000).toISOString());
    const url = calls[0]?.url;
    expect(url?.origin + (url?.pathname ?? '')).toBe('https://auth.test/api/v2/token/get');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      app_key: APP.appKey,
      app_secret: APP.appSecret,
      auth_code: 'CODE-1',
      grant_type: 'authorized_code',
    });
  });

  it('refuses an expiry that reads like a duration instead of a timestamp', async () => {
    // Arrange
    const { client } = clientWith([grant({ access_token_expire_in: 604_800 })]);

    // Act
    const error = await failureOf(client.getAccessToken('CODE-1'));

    // Assert
    expect(error.kind).toBe('UnexpectedResponse');
    expect(error.message).toContain('access_token_expire_in is not an absolute Unix timestamp');
  });

  it('maps a refused code and a refused refresh token to their own kinds, without retrying', async () => {
    // Arrange
    const refused = json(200, { code: 36004004, message: 'The auth_code has expired.', request_id: 'r2' });
    const codeCase = clientWith([refused]);
    const refreshCase = clientWith([refused]);

    // Act
    const codeError = await failureOf(codeCase.client.getAccessToken('OLD'));
    const refreshError = await failureOf(refreshCase.client.refreshAccessToken('OLD'));

    // Assert
    expect(codeError).toMatchObject({
      kind: 'AuthCodeRejected',
      code: '36004004',
      requestId: 'r2',
      retryable: false,
    });
    expect(codeError.detail).toBe('The auth_code has expired.');
    expect(refreshError.kind).toBe('RefreshTokenRejected');
    expect(codeCase.calls).toHaveLength(1);
    expect(refreshCase.calls).toHaveLength(1);
  });

  it('never puts the app secret, the code or a token into an error', async () => {
    // Arrange
    const { client } = clientWith([
      new TypeError('fetch failed https://auth.test/?app_secret=app-secret-never-shown'),
    ]);

    // Act
    const error = await failureOf(client.getAccessToken('CODE-SECRET'));

    // Assert
    const shown = `${error.message} ${error.detail} ${String(error.cause ?? '')} ${JSON.stringify(error)}`;
    expect(error).toMatchObject({ kind: 'Unavailable', code: 'NETWORK' });
    expect(shown).not.toContain(APP.appSecret);
    expect(shown).not.toContain('CODE-SECRET');
  });
});

describe('TikTokShopClient retries', () => {
  it('retries a 429 after a jittered backoff and then succeeds', async () => {
    // Arrange
    const { client, calls, sleep } = clientWith([
      json(429, { code: 36009002, message: 'Too many requests' }),
      grant(),
    ]);

    // Act
    const result = await client.getAccessToken('CODE-1');

    // Assert
    expect(result.accessToken).toBe('TTP_access');
    expect(calls).toHaveLength(2);
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep.mock.calls[0]?.[0]).toBe(Math.floor(0.5 * DEFAULT_RETRY_POLICY.baseDelayMs));
  });

  it('honours Retry-After when it asks for longer than the jitter', async () => {
    // Arrange
    const { client, sleep } = clientWith([
      json(429, { code: 36009002, message: 'slow down' }, { 'retry-after': '2' }),
      grant(),
    ]);

    // Act
    await client.getAccessToken('CODE-1');

    // Assert
    expect(sleep.mock.calls[0]?.[0]).toBe(2000);
  });

  it('gives up on 5xx after the last attempt with a retryable error', async () => {
    // Arrange
    const { client, calls, sleep } = clientWith([json(503, { code: 36009003, message: 'busy' })]);

    // Act
    const error = await failureOf(client.getAuthorizedShops('TTP_access'));

    // Assert
    expect(error).toMatchObject({ kind: 'Unavailable', httpStatus: 503, retryable: true });
    expect(calls).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(sleep).toHaveBeenCalledTimes(DEFAULT_RETRY_POLICY.maxAttempts - 1);
  });

  it('types the refusals of a signed call: signature, timestamp, access token, permission', async () => {
    // Arrange
    const cases = [
      [json(401, { code: 106001, message: 'Invalid signature.' }), 'SignatureRejected'],
      [json(401, { code: 36009004, message: 'Invalid timestamp. Too old.' }), 'SignatureRejected'],
      [
        json(401, { code: 36009004, message: 'Invalid credentials. Invalid `app_key` query parameter.' }),
        'AppCredentialsRejected',
      ],
      [json(401, { code: 105002, message: 'Access token expired.' }), 'AccessTokenRejected'],
      [json(200, { code: 105005, message: 'No scope.' }), 'PermissionDenied'],
      [json(200, { code: 12052024, message: 'Business rule.' }), 'RequestRejected'],
      [new Response('<html>gateway</html>', { status: 200 }), 'UnexpectedResponse'],
    ] as const;

    for (const [answer, kind] of cases) {
      // Act
      const { client, calls } = clientWith([answer]);
      const error = await failureOf(client.getAuthorizedShops('TTP_access'));

      // Assert
      expect(error.kind, kind).toBe(kind);
      expect(calls, kind).toHaveLength(1);
    }
  });

  it('keeps every backoff within its exponential cap and the policy maximum', () => {
    fc.assert(
      fc.property(fc.nat(12), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (attempt, random) => {
        const delay = backoffDelayMs(attempt, DEFAULT_RETRY_POLICY, () => random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(
          Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** attempt),
        );
      }),
    );
  });
});

describe('TikTokShopClient signed calls', () => {
  it('signs as TikTok verifies: app_key, timestamp and sign in the query, the token in x-tts-access-token', async () => {
    // Arrange
    const { client, calls } = clientWith([
      json(200, {
        code: 0,
        data: {
          shops: [
            { id: '7', name: 'Acme', region: 'ID', cipher: 'ROW_c', code: 'IDLC1', seller_type: 'LOCAL' },
          ],
        },
      }),
    ]);

    // Act
    const shops = await client.getAuthorizedShops('TTP_access');

    // Assert
    expect(shops).toEqual([
      { id: '7', name: 'Acme', region: 'ID', cipher: 'ROW_c', code: 'IDLC1', sellerType: 'LOCAL' },
    ]);
    const call = calls[0];
    if (call === undefined) throw new Error('no call');
    expect(call.url.searchParams.get('timestamp')).toBe(String(NOW.getTime() / 1000));
    expect(call.url.searchParams.has('access_token')).toBe(false);
    expect((call.init.headers as Record<string, string>)['x-tts-access-token']).toBe('TTP_access');
    expect(
      verifySignedRequest({
        url: call.url,
        body: '',
        contentType: 'application/json',
        appKey: APP.appKey,
        appSecret: APP.appSecret,
        nowSeconds: NOW.getTime() / 1000,
      }),
    ).toEqual({ ok: true });
  });

  it('signs the exact JSON text it sends as the body, with the shop cipher in the query', async () => {
    // Arrange
    const { client, calls } = clientWith([json(200, { code: 0, data: {} })]);

    // Act
    await client.request({
      method: 'POST',
      path: '/affiliate_seller/202405/target_collaborations',
      body: { name: 'Spring', products: [{ id: '1' }] },
      accessToken: 'TTP_access',
      shopCipher: 'ROW_cipher',
    });

    // Assert
    const call = calls[0];
    if (call === undefined) throw new Error('no call');
    expect(call.url.searchParams.get('shop_cipher')).toBe('ROW_cipher');
    expect(
      verifySignedRequest({
        url: call.url,
        body: String(call.init.body),
        contentType: 'application/json',
        appKey: APP.appKey,
        appSecret: APP.appSecret,
        nowSeconds: NOW.getTime() / 1000,
      }),
    ).toEqual({ ok: true });
  });
});
