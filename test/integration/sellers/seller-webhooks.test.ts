import { ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localStateMachineArn } from '#catalog/naming.ts';
import { executionArnFor, statePath } from '#test/support/executions.ts';
import {
  api,
  createApiKey,
  createPartner,
  pollUntil,
  sentEmails,
  startTestRuntime,
  type TestRuntime,
  waitForExecution,
} from '#test/support/runtime.ts';
import { authorizeSeller, type SellerAnswer } from '#test/support/sellers.ts';

const PARKED = { waitMs: { WaitUntilRefreshDue: 60 * 60 * 1000 } };
const WEBHOOK = '/v1/webhooks/tiktok-shop';

interface WebhookAnswer {
  readonly received: boolean;
  readonly processed: boolean;
  readonly duplicate?: boolean;
}

describe('TikTok Shop webhooks', () => {
  let runtime: TestRuntime;
  let partnerId: string;
  let managerEmail: string;
  let key: string;
  let sellerId: string;
  let shopId: string;
  const contactEmail = 'owner@hook.example.com';

  const notificationArn = (notificationId: string) =>
    executionArnFor('seller-notification', `tts_${notificationId}-notification`);
  const processed = async (notificationId: string) => {
    const arn = notificationArn(notificationId);
    return { execution: await waitForExecution(runtime, arn), path: await statePath(runtime, arn) };
  };
  const notificationExecutions = async () =>
    (
      await runtime.sfnClient.send(
        new ListExecutionsCommand({
          stateMachineArn: localStateMachineArn('seller-notification'),
          maxResults: 1000,
        }),
      )
    ).executions ?? [];
  const week = async () => {
    const { readWeeklyCounters } = await import('#lib/metrics/weekly-counters.ts');
    const { isoWeekOf, localDate } = await import('#lib/metrics/calendar.ts');
    return (await readWeeklyCounters(partnerId, isoWeekOf(localDate(new Date(), 'Asia/Jakarta')))).counters;
  };
  const seller = async (id: string) => (await api(runtime, key).get<SellerAnswer>(`/v1/sellers/${id}`)).body;
  const order = (orderId: string, status: string, affiliate?: Record<string, unknown>) => ({
    type: 1,
    shopId,
    data: {
      order_id: orderId,
      order_status: status,
      is_on_hold_order: false,
      update_time: Math.floor(Date.now() / 1000),
      ...(affiliate === undefined ? {} : { affiliate }),
    },
  });
  const affiliate = {
    creator_username: 'jane.hooks',
    target_collaboration_id: '7312000000000000001',
    gmv: { amount: '120.50', currency: 'USD' },
    commission: { amount: '12.05', currency: 'USD' },
  };

  beforeAll(async () => {
    runtime = await startTestRuntime({ time: PARKED });
    const created = await createPartner(runtime);
    partnerId = created.partnerId;
    managerEmail = created.managerEmails[0] ?? '';
    key = await createApiKey(runtime, { partnerId, role: 'partner' });
    const run = await authorizeSeller(runtime, key, { shopName: 'Hook Shop', contactEmail });
    sellerId = run.answer.body.sellerId;
    shopId = run.seller.shop?.shopId ?? '';
    const { reserveHandle } = await import('#lib/repositories/creators.ts');
    await reserveHandle('jane.hooks', 'cr_janehooks', partnerId, new Date().toISOString());
  });

  afterAll(() => runtime?.close());

  it('refuses a missing or wrong signature with 401 and starts nothing', async () => {
    // Arrange
    const { webhookSignature } = await import('#lib/tiktok/signing.ts');
    const appKey = runtime.env.TIKTOK_APP_KEY ?? '';
    const appSecret = runtime.env.TIKTOK_APP_SECRET ?? '';
    const body = JSON.stringify({
      type: 6,
      tts_notification_id: '7000000000000000001',
      shop_id: shopId,
      timestamp: 1,
      data: {},
    });
    const before = (await notificationExecutions()).length;
    const post = (headers: Record<string, string>, text = body) =>
      fetch(`${runtime.urls.api}${WEBHOOK}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: text,
      });

    // Act
    const refused = [
      await post({}),
      await post({ authorization: 'a'.repeat(64) }),
      await post({ authorization: webhookSignature(appKey, appSecret, body) }, `${body} `),
      await post({ authorization: webhookSignature(appKey, `${appSecret}x`, body) }),
      await post({ authorization: `Bearer ${webhookSignature(appKey, appSecret, body)}` }),
    ];

    // Assert
    for (const answer of refused) {
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await notificationExecutions()).length).toBe(before);
    expect((await seller(sellerId)).status).toBe('ACTIVE');
  });

  it('accepts and ignores a type it does not handle, and logs it', async () => {
    // Arrange
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const before = (await notificationExecutions()).length;

    // Act
    let delivered: Awaited<ReturnType<typeof runtime.tiktok.deliverWebhook>>;
    try {
      delivered = await runtime.tiktok.deliverWebhook({ type: 99, shopId, data: { anything: true } });
    } finally {
      spy.mockRestore();
    }

    // Assert
    expect(delivered.status).toBe(200);
    expect(JSON.parse(delivered.body)).toEqual({ received: true, processed: false });
    expect((await notificationExecutions()).length).toBe(before);
    expect(lines.join('')).toContain(
      'Ignored a TikTok Shop notification of a type PartnerFlow does not handle',
    );
    expect(lines.join('')).toContain(delivered.notificationId);
  });

  it('type 7: records the expiry and asks the seller to authorize again, at most once a day', async () => {
    // Arrange
    const expiresAt = Math.floor(Date.now() / 1000) + 20 * 86_400;
    const data = {
      message: 'Authorization of shop_id {xxx} is expiring in 20 days.',
      expiration_time: String(expiresAt),
    };

    // Act
    const first = await runtime.tiktok.deliverWebhook({ type: 7, shopId, data });
    const firstRun = await processed(first.notificationId);
    const second = await runtime.tiktok.deliverWebhook({ type: 7, shopId, data });
    const secondRun = await processed(second.notificationId);

    // Assert
    expect(JSON.parse(first.body)).toEqual({ received: true, processed: true });
    expect(firstRun.path).toEqual([
      'RouteNotification',
      'HandleExpiringAuthorization',
      'NotificationProcessed',
    ]);
    expect(JSON.parse(firstRun.execution.output ?? '{}')).toMatchObject({ handled: true, emailed: true });
    expect(JSON.parse(secondRun.execution.output ?? '{}')).toMatchObject({
      emailed: false,
      reason: 'ALREADY_ASKED_TODAY',
    });
    expect((await seller(sellerId)).authorizationExpiresAt).toBe(new Date(expiresAt * 1000).toISOString());
    const requests = (await sentEmails(runtime)).filter(
      (email) => email.destination.to.includes(contactEmail) && email.subject.startsWith('Please authorize'),
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body.text).toContain(
      `expires on ${new Date(expiresAt * 1000).toISOString().slice(0, 10)}`,
    );
  });

  it("type 1: counts each status event once, an affiliate order's GMV and commission once, and takes them back on cancel", async () => {
    // Arrange
    const before = await week();

    // Act
    const runs = [];
    for (const status of ['UNPAID', 'AWAITING_SHIPMENT', 'DELIVERED', 'CANCEL']) {
      const delivered = await runtime.tiktok.deliverWebhook(order('576000000000000001', status, affiliate));
      runs.push(await processed(delivered.notificationId));
    }
    const plain = await runtime.tiktok.deliverWebhook(order('576000000000000002', 'AWAITING_SHIPMENT'));
    await processed(plain.notificationId);
    const after = await week();

    // Assert
    const added = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
    expect(runs.map((run) => run.path)).toEqual(
      Array(4).fill(['RouteNotification', 'RecordOrderStatusChange', 'NotificationProcessed']),
    );
    expect(runs.map((run) => JSON.parse(run.execution.output ?? '{}').counted)).toEqual([
      'none',
      'sale',
      'sale',
      'refund',
    ]);
    expect(added('orders.statusChanges')).toBe(5);
    expect(added('orders.status.AWAITING_SHIPMENT')).toBe(2);
    expect(added('orders.affiliate')).toBe(1);
    expect(added('gmv.USD')).toBe(0);
    expect(added('commission.USD')).toBe(0);
    const { creatorWeeklyMetricsPk, creatorWeeklyMetricsSk } = await import(
      '#lib/metrics/weekly-counters.ts'
    );
    const { isoWeekOf, localDate } = await import('#lib/metrics/calendar.ts');
    const creatorItem = await runtime.documentClient.send(
      new (await import('@aws-sdk/lib-dynamodb')).GetCommand({
        TableName: runtime.tableName,
        Key: {
          pk: creatorWeeklyMetricsPk(partnerId, isoWeekOf(localDate(new Date(), 'Asia/Jakarta'))),
          sk: creatorWeeklyMetricsSk('cr_janehooks'),
        },
      }),
    );
    expect(creatorItem.Item).toMatchObject({
      'm_orders.affiliate': 1,
      'm_gmv.USD': 0,
      'm_commission.USD': 0,
    });
  });

  it('processes a replayed webhook once: the same bytes again are answered 200 as a duplicate', async () => {
    // Arrange
    const before = await week();
    const delivered = await runtime.tiktok.deliverWebhook(
      order('576000000000000003', 'AWAITING_SHIPMENT', affiliate),
    );
    await processed(delivered.notificationId);

    // Act
    const replays = [
      await runtime.tiktok.deliverRawWebhook(delivered.rawBody),
      await runtime.tiktok.deliverRawWebhook(delivered.rawBody),
    ];
    const after = await week();

    // Assert
    for (const replay of replays) {
      expect(replay.status).toBe(200);
      expect(JSON.parse(replay.body) as WebhookAnswer).toEqual({
        received: true,
        processed: false,
        duplicate: true,
      });
    }
    const executions = (await notificationExecutions()).filter((execution) =>
      execution.name?.includes(delivered.notificationId),
    );
    expect(executions).toHaveLength(1);
    expect((after['orders.affiliate'] ?? 0) - (before['orders.affiliate'] ?? 0)).toBe(1);
    expect((after['gmv.USD'] ?? 0) - (before['gmv.USD'] ?? 0)).toBe(12_050);
    expect((after['commission.USD'] ?? 0) - (before['commission.USD'] ?? 0)).toBe(1_205);
  });

  it('ignores a deauthorization TikTok pushed before the seller was (re)authorized', async () => {
    // Arrange
    const fresh = await authorizeSeller(runtime, key, { shopName: 'Late Hook Shop' });
    const pushedBefore = Math.floor(Date.parse(fresh.seller.tokens?.lastStoredAt ?? '') / 1000) - 120;

    // Act
    const delivered = await runtime.tiktok.deliverWebhook({
      type: 6,
      shopId: fresh.seller.shop?.shopId ?? '',
      timestamp: pushedBefore,
    });
    const run = await processed(delivered.notificationId);

    // Assert
    expect(JSON.parse(run.execution.output ?? '{}')).toEqual({ handled: false, reason: 'AUTHORIZED_SINCE' });
    expect((await seller(fresh.answer.body.sellerId)).status).toBe('ACTIVE');
  });

  it('type 6: the seller is REVOKED, its tokens deleted, refreshing stops, the managers are emailed once', async () => {
    // Arrange
    const refreshCallsBefore = runtime.tiktok.state.requests.filter(
      (call) => call.path === '/api/v2/token/refresh',
    ).length;

    // Act
    const delivered = await runtime.tiktok.deliverWebhook({
      type: 6,
      shopId,
      data: { message: 'Shop_id {xxx} is deauthorized from your APP by merchant.' },
    });
    const run = await processed(delivered.notificationId);
    const replay = await runtime.tiktok.deliverRawWebhook(delivered.rawBody);
    const cycle = await runtime.sfnClient.send(
      new StartExecutionCommand({
        stateMachineArn: localStateMachineArn('seller-authorization'),
        name: `${sellerId}-v9-authorization`,
        input: JSON.stringify({ mode: 'refresh', sellerId, partnerId, tokenVersion: 1 }),
      }),
    );
    await waitForExecution(runtime, cycle.executionArn ?? '');
    const { refreshAccessToken } = await import('#functions/sellers/tasks/refresh-access-token.ts');
    const wokenCycle = await refreshAccessToken(
      { mode: 'refresh', sellerId, partnerId, tokenVersion: 1 },
      { executionId: `${sellerId}-v1-authorization`, taskToken: undefined, args: {}, lambda: {} as never },
    );

    // Assert
    expect(run.path).toEqual(['RouteNotification', 'HandleSellerDeauthorization', 'NotificationProcessed']);
    expect(JSON.parse(run.execution.output ?? '{}')).toMatchObject({
      handled: true,
      status: 'REVOKED',
      notified: true,
    });
    expect(await seller(sellerId)).toMatchObject({ status: 'REVOKED', failure: { code: 'DEAUTHORIZED' } });
    expect((await seller(sellerId)).tokens).toBeUndefined();
    expect(JSON.parse(replay.body)).toMatchObject({ duplicate: true });
    expect(await statePath(runtime, cycle.executionArn ?? '')).toEqual([
      'RouteByMode',
      'PlanTokenRefresh',
      'RefreshDecision',
      'TokenRefreshStopped',
    ]);
    expect(wokenCycle).toEqual({ action: 'stop', reason: 'SELLER_REVOKED' });
    expect(
      runtime.tiktok.state.requests.filter((call) => call.path === '/api/v2/token/refresh'),
    ).toHaveLength(refreshCallsBefore);
    const notices = (await sentEmails(runtime)).filter(
      (email) =>
        email.destination.to.includes(managerEmail) && email.subject === 'Seller deauthorized: Hook Shop',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body.text).toContain('It had no active campaigns.');
  });

  it('renews a REVOKED seller with its sellerId: ACTIVE again, a higher token version, a new refresh cycle', async () => {
    // Act
    const renewal = await authorizeSeller(runtime, key, { shopName: 'Hook Shop', contactEmail, sellerId });

    // Assert
    expect(renewal.execution.status).toBe('SUCCEEDED');
    expect(renewal.seller).toMatchObject({ status: 'ACTIVE', shop: { shopId } });
    expect(renewal.seller.failure).toBeUndefined();
    const { getTokenMetadata } = await import('#lib/repositories/seller-tokens.ts');
    expect((await getTokenMetadata(sellerId))?.version).toBe(2);
    const cycle = await pollUntil(async () => {
      const path = await statePath(
        runtime,
        executionArnFor('seller-authorization', `${sellerId}-v2-authorization`),
      ).catch(() => []);
      return path.at(-1) === 'WaitUntilRefreshDue' ? path : undefined;
    });
    expect(cycle).toContain('PlanTokenRefresh');
  });

  it('ends a notification of a type it does not handle without a step, when one is started directly', async () => {
    // Act
    const started = await runtime.sfnClient.send(
      new StartExecutionCommand({
        stateMachineArn: localStateMachineArn('seller-notification'),
        name: 'tts_direct99-notification',
        input: JSON.stringify({
          notificationId: 'direct99',
          type: 99,
          shopId,
          timestamp: 1,
          data: {},
          receivedAt: '',
        }),
      }),
    );
    const done = await waitForExecution(runtime, started.executionArn ?? '');

    // Assert
    expect(done.status).toBe('SUCCEEDED');
    expect(await statePath(runtime, started.executionArn ?? '')).toEqual([
      'RouteNotification',
      'NotificationIgnored',
    ]);
  });

  it('accepts a notification about a shop no seller holds, and does nothing with it', async () => {
    // Act
    const delivered = await runtime.tiktok.deliverWebhook({ type: 6, shopId: '7490000000000000000' });
    const run = await processed(delivered.notificationId);

    // Assert
    expect(delivered.status).toBe(200);
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(run.execution.output ?? '{}')).toEqual({ handled: false, reason: 'UNKNOWN_SHOP' });
  });
});
