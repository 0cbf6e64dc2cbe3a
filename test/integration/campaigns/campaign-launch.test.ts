import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  activeSeller,
  CAMPAIGN_TIME,
  type CampaignAnswer,
  campaignOf,
  campaignRequest,
  launchCampaign,
  PARKED_MS,
  seedCreator,
} from '#test/support/campaigns.ts';
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

const LAUNCHED_TO_END = [
  'RouteByMode',
  'RecheckPreflight',
  'ReserveCampaign',
  'CreateTargetCollaboration',
  'InviteCreators',
  'InviteCreator',
  'InviteCreator',
  'SummarizeInvitations',
  'AnyCreatorReached',
  'WaitUntilStart',
  'ActivateCampaign',
  'RouteActivation',
  'WaitUntilEnd',
  'EndCampaign',
  'CampaignEnded',
];

interface OrderFacts {
  readonly handle: string;
  readonly collaborationId: string;
  readonly gmv: string;
  readonly commission: string;
}

describe('campaign launch (TAP) through the local runtime', () => {
  let runtime: TestRuntime;
  let partnerId: string;
  let managerEmail: string;
  let key: string;
  let sellerId: string;
  let shopId: string;
  let shopName: string;
  let sellerEmail: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ time: CAMPAIGN_TIME });
    const partner = await createPartner(runtime);
    partnerId = partner.partnerId;
    managerEmail = partner.managerEmails[0] ?? '';
    key = await createApiKey(runtime, { partnerId, role: 'partner' });
    const seller = await activeSeller(runtime, key);
    sellerId = seller.sellerId;
    shopId = seller.shop?.shopId ?? '';
    shopName = seller.shop?.name ?? seller.shopName;
    sellerEmail = seller.contactEmail;
  }, 60_000);

  afterAll(() => runtime?.close());

  const subjectsTo = async (address: string) =>
    (await sentEmails(runtime))
      .filter((email) => email.destination.to.includes(address))
      .map((email) => email.subject);

  const collaborationOf = (campaignId: string) =>
    pollUntil(async () => (await campaignOf(runtime, key, campaignId)).collaboration?.collaborationId, {
      timeoutMs: 15_000,
      describe: () => `campaign ${campaignId} has no collaboration`,
    });

  /** An order status webhook from the stand-in, processed to the end. */
  async function deliverOrder(orderId: string, status: string, order: OrderFacts): Promise<void> {
    const delivered = await runtime.tiktok.deliverWebhook({
      type: 1,
      shopId,
      data: {
        order_id: orderId,
        order_status: status,
        update_time: Math.floor(Date.now() / 1000),
        affiliate: {
          creator_username: order.handle,
          target_collaboration_id: order.collaborationId,
          gmv: { amount: order.gmv, currency: 'USD' },
          commission: { amount: order.commission, currency: 'USD' },
        },
      },
    });
    expect(delivered.status).toBe(200);
    const arn = executionArnFor('seller-notification', `tts_${delivered.notificationId}-notification`);
    expect((await waitForExecution(runtime, arn)).status).toBe('SUCCEEDED');
  }

  it('launches, invites, activates at startAt, ends at endAt and sums up the recorded orders', async () => {
    // Arrange: the end step's read of the orders waits until the orders (one of them cancelled) are recorded.
    const creators = [await seedCreator(partnerId), await seedCreator(partnerId)];
    const request = campaignRequest(
      sellerId,
      creators.map((creator) => creator.creatorId),
    );
    const { dynamodb } = await import('#lib/clients/dynamodb.ts');
    const send = dynamodb.send.bind(dynamodb);
    let release: () => void = () => undefined;
    const ordersRecorded = new Promise<void>((resolve) => {
      release = resolve;
    });
    const spy = vi.spyOn(dynamodb, 'send').mockImplementation((async (command: {
      input: { ExpressionAttributeValues?: Record<string, unknown> };
    }) => {
      const pk = command.input.ExpressionAttributeValues?.[':pk'];
      if (typeof pk === 'string' && pk.startsWith('TTS_COLLABORATION#')) await ordersRecorded;
      return send(command as never);
    }) as typeof dynamodb.send);

    // Act
    let campaign: CampaignAnswer;
    let path: string[];
    try {
      const { answer, executionArn } = await launchCampaign(runtime, key, request);
      const collaborationId = await collaborationOf(answer.body.campaignId);
      const handle = creators[0]?.handle ?? '';
      await deliverOrder('576100000000000001', 'AWAITING_SHIPMENT', {
        handle,
        collaborationId,
        gmv: '120.50',
        commission: '15.06',
      });
      await deliverOrder('576100000000000002', 'COMPLETED', {
        handle,
        collaborationId,
        gmv: '80.00',
        commission: '10.00',
      });
      await deliverOrder('576100000000000003', 'AWAITING_SHIPMENT', {
        handle,
        collaborationId,
        gmv: '999.99',
        commission: '99.99',
      });
      await deliverOrder('576100000000000003', 'CANCEL', {
        handle,
        collaborationId,
        gmv: '999.99',
        commission: '99.99',
      });
      release();
      expect((await waitForExecution(runtime, executionArn, 20_000)).status).toBe('SUCCEEDED');
      campaign = await campaignOf(runtime, key, answer.body.campaignId);
      path = await statePath(runtime, executionArn);
    } finally {
      release();
      spy.mockRestore();
    }

    // Assert
    expect(path).toEqual(LAUNCHED_TO_END);
    expect(campaign.status).toBe('ENDED');
    expect(campaign.invitations.map((invitation) => invitation.status)).toEqual(['INVITED', 'INVITED']);
    expect(campaign.results).toEqual({
      invitationsSent: 2,
      invitationsFailed: 0,
      orders: 2,
      gmv: [{ amount: '200.50', currency: 'USD' }],
      commission: [{ amount: '25.06', currency: 'USD' }],
      summedAt: expect.any(String),
    });
    expect(
      runtime.tiktok.state.collaborations.get(campaign.collaboration?.collaborationId ?? ''),
    ).toMatchObject({
      name: request.name,
      creatorUserIds: creators.map((creator) => creator.handle),
      products: [{ id: request.products[0]?.productId, targetCommissionRate: 1250 }],
      freeSample: true,
    });
    expect(await subjectsTo(creators[0]?.email ?? '')).toEqual([
      `Invitation: ${request.name} with ${shopName}`,
    ]);
    const toSeller = await subjectsTo(sellerEmail);
    expect(toSeller.filter((subject) => subject.includes(request.name))).toEqual([
      `Your campaign ${request.name} is live`,
      `Results: ${request.name} (${shopName})`,
    ]);
    expect(await subjectsTo(managerEmail)).toContain(`Results: ${request.name} (${shopName})`);
    const { readWeeklyCounters } = await import('#lib/metrics/weekly-counters.ts');
    const { isoWeekOf, localDate } = await import('#lib/metrics/calendar.ts');
    const { counters } = await readWeeklyCounters(
      partnerId,
      isoWeekOf(localDate(new Date(), 'Asia/Jakarta')),
    );
    expect(counters).toMatchObject({ 'campaigns.launched': 1, 'campaigns.ended': 1, 'invitations.sent': 2 });
  });

  it("feeds the weekly report: the partner's ACTIVE campaigns ending soon, and how many are ACTIVE", async () => {
    // Arrange: a campaign ACTIVE and waiting for its end in two days (it stays parked there for the next test too);
    // finished campaigns of this file do not count.
    runtime.sfn.setTimeOverrides({
      ...CAMPAIGN_TIME,
      waitMs: { ...CAMPAIGN_TIME.waitMs, WaitUntilEnd: PARKED_MS },
    });
    const endAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const request = campaignRequest(sellerId, [(await seedCreator(partnerId)).creatorId], {
      name: 'Ends this week',
      endAt,
    });
    const { answer, executionArn } = await launchCampaign(runtime, key, request);
    await pollUntil(async () =>
      (await statePath(runtime, executionArn)).includes('WaitUntilEnd') ? true : undefined,
    );
    expect((await campaignOf(runtime, key, answer.body.campaignId)).status).toBe('ACTIVE');
    const { readCampaignsEnding, countActiveCampaigns } = await import(
      '#functions/reports/data/attention.ts'
    );
    const today = new Date().toISOString().slice(0, 10);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

    // Act
    const ending = await readCampaignsEnding(partnerId, today, inAWeek);
    const afterThat = await readCampaignsEnding(partnerId, inAWeek, inAWeek);
    const active = await countActiveCampaigns(partnerId, new Date());

    // Assert
    expect(ending.total).toBe(1);
    expect(ending.items[0]).toMatchObject({ title: 'Ends this week', dueAt: endAt });
    expect(ending.items[0]?.detail).toMatch(/1 creator\(s\) invited/);
    expect(afterThat.total).toBe(0);
    expect(active).toBe(1);
  });

  it('pauses and resumes idempotently, and never pauses a finished campaign', async () => {
    // Arrange
    const repositories = await import('#lib/repositories/campaigns.ts');
    const ended = (await repositories.listPartnerCampaigns(partnerId, { status: 'ENDED', limit: 1 }))
      .items[0];
    const active = (await repositories.listPartnerCampaigns(partnerId, { status: 'ACTIVE', limit: 1 }))
      .items[0];
    const at = new Date().toISOString();

    // Act
    const pausedEnded = await repositories.pauseCampaign(ended?.campaignId ?? '', {
      violationId: 'vi_1',
      at,
    });
    const pausedMissing = await repositories.pauseCampaign('cp_missing', { violationId: 'vi_1', at });
    const paused = await repositories.pauseCampaign(active?.campaignId ?? '', { violationId: 'vi_1', at });
    const whilePaused = await repositories.getCampaign(active?.campaignId ?? '');
    const resumed = await repositories.resumeCampaign(active?.campaignId ?? '', { violationId: 'vi_1', at });
    const resumedAgain = await repositories.resumeCampaign(active?.campaignId ?? '', {
      violationId: 'vi_1',
      at,
    });
    const afterwards = await repositories.getCampaign(active?.campaignId ?? '');

    // Assert
    expect([pausedEnded, pausedMissing, paused, resumed, resumedAgain]).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(whilePaused).toMatchObject({ status: 'PAUSED', resumeStatus: 'ACTIVE' });
    expect(afterwards?.status).toBe('ACTIVE');
    runtime.sfn.setTimeOverrides(CAMPAIGN_TIME);
    expect(afterwards?.pauses).toEqual([]);
    expect(
      (await repositories.listCampaignsForSubject({ type: 'seller', id: sellerId }, ['ACTIVE'])).map(
        (campaign) => campaign.campaignId,
      ),
    ).toEqual([active?.campaignId]);
  });

  describe('pre-flight: 422 with one detail per problem, and nothing started', () => {
    interface Case {
      readonly name: string;
      readonly request: () => Promise<Record<string, unknown>>;
      readonly details: readonly { path: string; issue: string | RegExp }[];
    }
    const valid = async (overrides: Record<string, unknown> = {}) => ({
      ...campaignRequest(sellerId, [(await seedCreator(partnerId)).creatorId]),
      ...overrides,
    });
    const hours = (count: number) => new Date(Date.now() + count * 3_600_000).toISOString();
    const cases: readonly Case[] = [
      {
        name: 'a seller that is not ACTIVE',
        request: async () => valid({ sellerId: await revokedSeller() }),
        details: [{ path: 'sellerId', issue: /REVOKED: only an ACTIVE \(authorized\) seller/ }],
      },
      {
        name: "another partner's seller",
        request: async () => valid({ sellerId: await foreignSeller() }),
        details: [{ path: 'sellerId', issue: 'is not a seller of this partner' }],
      },
      {
        name: 'no product',
        request: () => valid({ products: [] }),
        details: [{ path: 'products', issue: /must hold 1 to 100 products/ }],
      },
      {
        name: '101 products',
        request: () =>
          valid({
            products: Array.from({ length: 101 }, (_, index) => ({
              productId: `p${index}`,
              commissionRate: 15,
            })),
          }),
        details: [{ path: 'products', issue: /must hold 1 to 100 products .* it holds 101/ }],
      },
      {
        name: 'a repeated product',
        request: () =>
          valid({
            products: [
              { productId: 'p1', commissionRate: 15 },
              { productId: 'p1', commissionRate: 20 },
            ],
          }),
        details: [{ path: 'products.1.productId', issue: 'repeats product p1' }],
      },
      {
        name: 'a commission under 10 %',
        request: () => valid({ products: [{ productId: 'p1', commissionRate: 9.99 }] }),
        details: [{ path: 'products.0.commissionRate', issue: /between 10 and 80/ }],
      },
      {
        name: 'a commission over 80 %',
        request: () => valid({ products: [{ productId: 'p1', commissionRate: 80.01 }] }),
        details: [{ path: 'products.0.commissionRate', issue: /between 10 and 80/ }],
      },
      {
        name: 'a commission with three decimals',
        request: () => valid({ products: [{ productId: 'p1', commissionRate: 12.345 }] }),
        details: [{ path: 'products.0.commissionRate', issue: /at most two decimals/ }],
      },
      {
        name: 'no creator',
        request: () => valid({ creatorIds: [] }),
        details: [{ path: 'creatorIds', issue: /must hold 1 to 50 creators/ }],
      },
      {
        name: '51 creators',
        request: async () =>
          valid({
            creatorIds: (await Promise.all(Array.from({ length: 51 }, () => seedCreator(partnerId)))).map(
              (c) => c.creatorId,
            ),
          }),
        details: [{ path: 'creatorIds', issue: /must hold 1 to 50 creators .* it holds 51/ }],
      },
      {
        name: 'a restricted creator',
        request: async () =>
          valid({ creatorIds: [(await seedCreator(partnerId, { status: 'RESTRICTED' })).creatorId] }),
        details: [
          {
            path: 'creatorIds.0',
            issue: /is RESTRICTED: only ACTIVE creators, not restricted, can be invited/,
          },
        ],
      },
      {
        name: "another partner's creator",
        request: async () => valid({ creatorIds: [(await seedCreator('some-other-partner')).creatorId] }),
        details: [{ path: 'creatorIds.0', issue: /is not a creator of this partner/ }],
      },
      {
        name: 'a start in the past',
        request: () => valid({ startAt: hours(-1) }),
        details: [{ path: 'startAt', issue: 'must not be in the past' }],
      },
      {
        name: 'an end before the start',
        request: () => valid({ startAt: hours(2), endAt: hours(1) }),
        details: [{ path: 'endAt', issue: 'must be after startAt' }],
      },
      {
        name: 'an end more than a year out',
        request: () => valid({ endAt: hours(366 * 24) }),
        details: [{ path: 'endAt', issue: /at most a year from now/ }],
      },
    ];

    it.each(cases)('refuses $name', async ({ request, details }) => {
      // Arrange
      const body = await request();
      const before = await campaignCount();

      // Act
      const answer = await api(runtime, key).post<{
        error: { code: string; details: { path: string; issue: string }[] };
      }>('/v1/campaigns', body);

      // Assert
      expect(answer.status).toBe(422);
      expect(answer.body.error.code).toBe('unprocessable_entity');
      expect(answer.body.error.details).toHaveLength(details.length);
      for (const [index, detail] of details.entries()) {
        expect(answer.body.error.details[index]?.path).toBe(detail.path);
        expect(answer.body.error.details[index]?.issue).toMatch(detail.issue);
      }
      expect(await campaignCount()).toBe(before);
    });

    it('lists every problem of a request at once', async () => {
      // Arrange
      const body = await valid({
        sellerId: await revokedSeller(),
        products: [{ productId: 'p1', commissionRate: 95 }],
        creatorIds: [(await seedCreator(partnerId, { status: 'SUSPENDED' })).creatorId],
        startAt: hours(-2),
        endAt: hours(-3),
      });

      // Act
      const answer = await api(runtime, key).post<{ error: { details: { path: string }[] } }>(
        '/v1/campaigns',
        body,
      );

      // Assert
      expect(answer.status).toBe(422);
      expect(answer.body.error.details.map((detail) => detail.path)).toEqual([
        'sellerId',
        'products.0.commissionRate',
        'creatorIds.0',
        'startAt',
        'endAt',
      ]);
    });
  });

  async function campaignCount(): Promise<number> {
    const page = await api(runtime, key).get<{ items: unknown[] }>('/v1/campaigns?limit=100');
    return page.body.items.length;
  }

  async function revokedSeller(): Promise<string> {
    const seller = await activeSeller(runtime, key);
    const { transitionSeller, SELLER_STATUSES } = await import('#lib/repositories/sellers.ts');
    await transitionSeller(seller.sellerId, SELLER_STATUSES, { status: 'REVOKED' }, new Date().toISOString());
    return seller.sellerId;
  }

  async function foreignSeller(): Promise<string> {
    const other = await createPartner(runtime);
    const otherKey = await createApiKey(runtime, { partnerId: other.partnerId, role: 'partner' });
    return (await activeSeller(runtime, otherKey)).sellerId;
  }
});
