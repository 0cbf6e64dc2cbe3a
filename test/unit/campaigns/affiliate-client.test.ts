import { describe, expect, it, vi } from 'vitest';
import {
  CREATE_TARGET_COLLABORATION_PATH,
  commissionRateToHundredths,
  createTargetCollaboration,
  removeTargetCollaboration,
  targetCollaborationPath,
} from '#lib/tiktok/affiliate.ts';
import { TikTokShopClient } from '#lib/tiktok/client.ts';
import { verifySignedRequest } from '#local/tiktok/verify.ts';

const APP = { appKey: 'app-key-1', appSecret: 'app-secret-never-shown' };
const NOW = new Date('2026-11-20T10:00:00.000Z');
const ACCESS = { accessToken: 'TTP_access', shopCipher: 'ROW_cipher' };

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

/** A client whose fetch answers `answer` and remembers the request. */
function clientAnswering(answer: unknown) {
  const calls: { url: URL; init: RequestInit }[] = [];
  const fetchFn = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: new URL(String(input)), init: init ?? {} });
    return json(answer);
  });
  const client = new TikTokShopClient({
    apiBaseUrl: 'https://open-api.example.test',
    authBaseUrl: 'https://auth.example.test',
    credentials: APP,
    now: () => NOW,
    fetch: fetchFn as unknown as typeof fetch,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  return { client, calls };
}

const request = {
  name: 'Glow Serum launch',
  message: 'Try our serum',
  endAt: new Date('2026-12-01T00:00:00.000Z'),
  products: [
    { productId: '1729', commissionRate: 12.5 },
    { productId: '1730', commissionRate: 12.35 },
  ],
  creatorUserIds: ['ann.creates', 'bo.sells'],
  freeSamples: true,
  sellerEmail: 'owner@shop.example.com',
};

describe('commission rates in hundredths of a percent (TikTok target_commission_rate)', () => {
  it.each([
    [10, 1000],
    [12.5, 1250],
    [12.35, 1235],
    [19.99, 1999],
    [35.87, 3587],
    [80, 8000],
  ])('%s %% is %s', (percent, hundredths) => {
    expect(commissionRateToHundredths(percent)).toBe(hundredths);
  });
});

describe('createTargetCollaboration', () => {
  it('sends the documented body, signed, with the token and the shop cipher', async () => {
    // Arrange
    const { client, calls } = clientAnswering({
      code: 0,
      data: { target_collaboration: { id: '7365861555575916210' } },
    });

    // Act
    const result = await createTargetCollaboration(client, ACCESS, request);

    // Assert
    expect(result).toEqual({ kind: 'created', collaborationId: '7365861555575916210', conflicts: [] });
    const call = calls[0];
    expect(call?.url.pathname).toBe(CREATE_TARGET_COLLABORATION_PATH);
    expect(call?.init.method).toBe('POST');
    expect(call?.url.searchParams.get('shop_cipher')).toBe('ROW_cipher');
    expect(call?.init.headers).toMatchObject({ 'x-tts-access-token': 'TTP_access' });
    expect(JSON.parse(String(call?.init.body))).toEqual({
      name: 'Glow Serum launch',
      message: 'Try our serum',
      end_time: String(Date.parse('2026-12-01T00:00:00.000Z') / 1000),
      products: [
        { id: '1729', target_commission_rate: 1250 },
        { id: '1730', target_commission_rate: 1235 },
      ],
      creator_user_ids: ['ann.creates', 'bo.sells'],
      free_sample_rule: { has_free_sample: true, is_sample_approval_exempt: false },
      seller_contact_info: { email: 'owner@shop.example.com' },
    });
    const verdict = verifySignedRequest({
      url: call?.url ?? new URL('https://x'),
      body: String(call?.init.body),
      contentType: 'application/json',
      appKey: APP.appKey,
      appSecret: APP.appSecret,
      nowSeconds: NOW.getTime() / 1000,
    });
    expect(verdict).toEqual({ ok: true });
  });

  it('answers the conflicts when TikTok refuses the creation because of them', async () => {
    // Arrange
    const { client } = clientAnswering({
      code: 0,
      data: { target_collaboration_conflicts: [{ creator_user_id: 'ann.creates', product_id: '1729' }] },
    });

    // Act
    const result = await createTargetCollaboration(client, ACCESS, request);

    // Assert
    expect(result).toEqual({
      kind: 'conflicts',
      conflicts: [{ creatorUserId: 'ann.creates', productId: '1729' }],
    });
  });

  it('refuses an answer with neither a collaboration nor a conflict', async () => {
    const { client } = clientAnswering({ code: 0, data: {} });

    await expect(createTargetCollaboration(client, ACCESS, request)).rejects.toMatchObject({
      name: 'TikTokShop.UnexpectedResponse',
    });
  });
});

describe('removeTargetCollaboration', () => {
  it('DELETEs the collaboration and treats one TikTok does not know as already gone', async () => {
    // Arrange
    const removed = clientAnswering({ code: 0, data: {} });
    const unknown = clientAnswering({ code: 16024004, message: 'The target collaboration does not exist.' });

    // Act
    const results = [
      await removeTargetCollaboration(removed.client, ACCESS, '7365861555575916210'),
      await removeTargetCollaboration(unknown.client, ACCESS, '42'),
    ];

    // Assert
    expect(results).toEqual(['REMOVED', 'ALREADY_GONE']);
    expect(removed.calls[0]?.init.method).toBe('DELETE');
    expect(removed.calls[0]?.url.pathname).toBe(targetCollaborationPath('7365861555575916210'));
  });

  it('passes any other refusal on', async () => {
    const { client } = clientAnswering({ code: 16024001, message: 'The request was rejected.' });

    await expect(removeTargetCollaboration(client, ACCESS, '42')).rejects.toMatchObject({
      name: 'TikTokShop.RequestRejected',
    });
  });
});
