/**
 * One fixture per POST route of the catalog, for test/integration/reliability/idempotent-routes.test.ts, which
 * walks every POST route and fails for one that has none. A fixture prepares a fresh, valid request (and the
 * state it needs), a second body to reuse the key with, and a way to count the route's effect (executions
 * started, decisions recorded), so the test can prove a repeat does nothing.
 *
 * Adding a POST route: declare `idempotency` in its catalog entry, then add its fixture here, keyed
 * `METHOD path` exactly as the catalog writes it.
 */
import { activeSeller, campaignRequest, launchCampaign, seedCreator } from '#test/support/campaigns.ts';
import { creatorApplication } from '#test/support/onboarding.ts';
import { api, createApiKey, createPartner, pollUntil, type TestRuntime } from '#test/support/runtime.ts';
import {
  reachState,
  report,
  reportBody,
  seedCreator as seedActiveCreator,
} from '#test/support/violations.ts';

export interface PreparedRequest {
  readonly path: string;
  /** The caller's key; absent on public routes. */
  readonly apiKey?: string;
  /** A JSON body, or the text of a form (with `contentType`). */
  readonly body: unknown;
  readonly contentType?: string;
  /** Headers of the request itself (a webhook's signature), beside the API key. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Another body for the same key (routes with `idempotency: 'key'`): answers 422. */
  readonly otherBody: unknown;
  /** How many times the route's effect has happened for this request's subject. */
  effects(): Promise<number>;
}

export interface RouteFixture {
  prepare(runtime: TestRuntime): Promise<PreparedRequest>;
  /** For business-key routes: what a repeat of a request that was answered answers (e.g. 409 already decided). */
  readonly repeatStatus?: number;
}

interface Partner {
  readonly partnerId: string;
  readonly partnerKey: string;
  readonly managerKey: string;
  readonly managerEmail: string;
}

let partner: Promise<Partner> | undefined;

/** One partner (with a partner and a manager key) for every fixture of a test file. */
function fixturePartner(runtime: TestRuntime): Promise<Partner> {
  partner ??= (async () => {
    const created = await createPartner(runtime);
    return {
      partnerId: created.partnerId,
      partnerKey: await createApiKey(runtime, { role: 'partner', partnerId: created.partnerId }),
      managerKey: await createApiKey(runtime, { role: 'manager', partnerId: created.partnerId }),
      managerEmail: created.managerEmails[0] ?? '',
    };
  })();
  return partner;
}

/** Creators of the partner with this handle (each start creates one). */
async function creatorsWithHandle(runtime: TestRuntime, key: string, handle: string): Promise<number> {
  const page = await api(runtime, key).get<{ items: { handle: string }[] }>('/v1/creators?limit=100');
  return page.body.items.filter((creator) => creator.handle === handle).length;
}

/** A creator onboarding that waits for a manager: its review, pending. */
async function pendingReview(runtime: TestRuntime, owner: Partner): Promise<string> {
  const creator = creatorApplication({ engagementRate: 0.005 });
  const started = await api(runtime, owner.partnerKey).post<{ creatorId: string }>(
    '/v1/creators/onboardings',
    {
      creator,
    },
  );
  if (started.status !== 202) throw new Error(`Onboarding answered ${started.status}`);
  return pollUntil(
    async () => {
      const page = await api(runtime, owner.managerKey).get<{
        items: { reviewId: string; subject: { id: string } }[];
      }>('/v1/reviews?status=PENDING&limit=100');
      return page.body.items.find((review) => review.subject.id === started.body.creatorId)?.reviewId;
    },
    { timeoutMs: 15_000, describe: () => `no review opened for ${started.body.creatorId}` },
  );
}

/** Decisions recorded for a review (its audit trail). */
async function decisionsOf(reviewId: string): Promise<number> {
  const [{ listAudit }, { reviewKey }] = await Promise.all([
    import('#lib/repositories/audit.ts'),
    import('#lib/repositories/reviews.ts'),
  ]);
  return (await listAudit(reviewKey(reviewId).pk)).filter((entry) => entry.action === 'review.decided')
    .length;
}

/** Sellers of the partner with this shop name (each authorization of a new seller creates one). */
async function sellersNamed(runtime: TestRuntime, key: string, shopName: string): Promise<number> {
  const page = await api(runtime, key).get<{ items: { shopName: string }[] }>('/v1/sellers?limit=100');
  return page.body.items.filter((seller) => seller.shopName === shopName).length;
}

let notifications = 0;

let campaignSeller: Promise<string> | undefined;

/** One authorized seller of the fixture partner, for the campaign routes. */
function fixtureSeller(runtime: TestRuntime, owner: Partner): Promise<string> {
  campaignSeller ??= activeSeller(runtime, owner.partnerKey).then((seller) => seller.sellerId);
  return campaignSeller;
}

/** A valid launch request of the fixture partner (a fresh creator each time). */
async function campaignLaunch(runtime: TestRuntime, owner: Partner) {
  const sellerId = await fixtureSeller(runtime, owner);
  const creator = await seedCreator(owner.partnerId);
  return campaignRequest(sellerId, [creator.creatorId], {
    name: `Idempotent ${Math.random().toString(36).slice(2, 10)}`,
  });
}

/** The partner's campaigns with this name (each accepted launch creates one). */
async function campaignsNamed(runtime: TestRuntime, key: string, name: string): Promise<number> {
  const page = await api(runtime, key).get<{ items: { name: string }[] }>('/v1/campaigns?limit=100');
  return page.body.items.filter((campaign) => campaign.name === name).length;
}

/** Cancellations recorded for a campaign (its audit trail). */
async function cancellationsOf(campaignId: string): Promise<number> {
  const [{ listAudit }, { campaignKey }] = await Promise.all([
    import('#lib/repositories/audit.ts'),
    import('#lib/repositories/campaigns.ts'),
  ]);
  return (await listAudit(campaignKey(campaignId).pk)).filter(
    (entry) => entry.action === 'campaign.cancel-requested',
  ).length;
}

/** Fixtures of the routes that honour `Idempotency-Key`. */
export const KEYED_ROUTE_FIXTURES: Readonly<Record<string, RouteFixture>> = {
  'POST /v1/campaigns': {
    prepare: async (runtime) => {
      const owner = await fixturePartner(runtime);
      const body = await campaignLaunch(runtime, owner);
      return {
        path: '/v1/campaigns',
        apiKey: owner.partnerKey,
        body,
        otherBody: { ...body, name: `${body.name} (other)` },
        effects: () => campaignsNamed(runtime, owner.partnerKey, body.name),
      };
    },
  },
  'POST /v1/campaigns/{campaignId}/cancel': {
    prepare: async (runtime) => {
      const owner = await fixturePartner(runtime);
      const launched = await launchCampaign(runtime, owner.partnerKey, await campaignLaunch(runtime, owner));
      const campaignId = launched.answer.body.campaignId;
      return {
        path: `/v1/campaigns/${campaignId}/cancel`,
        apiKey: owner.partnerKey,
        body: { reason: 'Planned again for next month' },
        otherBody: { reason: 'Another reason' },
        effects: () => cancellationsOf(campaignId),
      };
    },
  },
  'POST /v1/creators/onboardings': {
    prepare: async (runtime) => {
      const owner = await fixturePartner(runtime);
      const creator = creatorApplication();
      return {
        path: '/v1/creators/onboardings',
        apiKey: owner.partnerKey,
        body: { creator },
        otherBody: { creator: { ...creator, displayName: 'Someone Else' } },
        effects: () => creatorsWithHandle(runtime, owner.partnerKey, creator.handle),
      };
    },
  },
  'POST /v1/sellers/authorizations': {
    prepare: async (runtime) => {
      const owner = await fixturePartner(runtime);
      const shopName = `Idempotent Shop ${Math.random().toString(36).slice(2, 10)}`;
      const issued = runtime.tiktok.issueAuthCode({ shopName, region: 'ID' });
      const body = {
        seller: { shopName, region: 'ID', contactEmail: 'owner@idempotent.example.com' },
        authCode: issued.code,
        services: ['data-analysis'],
      };
      return {
        path: '/v1/sellers/authorizations',
        apiKey: owner.partnerKey,
        body,
        otherBody: { ...body, services: ['pricing-strategy'] },
        effects: () => sellersNamed(runtime, owner.partnerKey, shopName),
      };
    },
  },
  'POST /v1/reports/weekly': {
    prepare: async (runtime) => {
      // A partner of its own: a week already sent answers 409, which would hide a replay.
      const created = await createPartner(runtime);
      const managerKey = await createApiKey(runtime, { role: 'manager', partnerId: created.partnerId });
      return {
        path: '/v1/reports/weekly',
        apiKey: managerKey,
        body: {},
        otherBody: { resend: true },
        effects: () => reportRunsFor(runtime, created.partnerId),
      };
    },
  },
  'POST /v1/reviews/{reviewId}/decision': {
    prepare: async (runtime) => {
      const owner = await fixturePartner(runtime);
      const reviewId = await pendingReview(runtime, owner);
      return {
        path: `/v1/reviews/${reviewId}/decision`,
        apiKey: owner.managerKey,
        body: { decision: 'approve', reason: 'A good fit for the beauty program' },
        otherBody: { decision: 'reject', reason: 'Not for now' },
        effects: () => decisionsOf(reviewId),
      };
    },
  },
  'POST /v1/violations': {
    prepare: async (runtime) => {
      const owner = await fixturePartner(runtime);
      const { creatorId } = await seedActiveCreator(owner.partnerId);
      const body = reportBody({ subject: { type: 'creator', id: creatorId }, severity: 'low' });
      return {
        path: '/v1/violations',
        apiKey: owner.partnerKey,
        body,
        // Another report (its own reportId): only the key can tell it is a reuse.
        otherBody: { ...body, reportId: `${body.reportId}-other` },
        effects: () => violationsOf(runtime, owner.partnerKey, creatorId),
      };
    },
  },
  'POST /v1/violations/{violationId}/appeals': {
    prepare: async (runtime) => {
      const owner = await fixturePartner(runtime);
      const { creatorId } = await seedActiveCreator(owner.partnerId);
      // A medium violation is confirmed at once and opens its appeal window.
      const violation = await report(runtime, owner.partnerKey, {
        subject: { type: 'creator', id: creatorId },
        severity: 'medium',
      });
      await reachState(runtime, violation.executionId, 'OpenAppealWindow');
      return {
        path: `/v1/violations/${violation.violationId}/appeals`,
        apiKey: owner.partnerKey,
        body: { statement: 'The claim was approved by the brand; see the label.' },
        otherBody: { statement: 'Another statement entirely, for the same key.' },
        effects: () => appealsOf(violation.violationId),
      };
    },
  },
};

/** Violations recorded for one subject. */
async function violationsOf(runtime: TestRuntime, key: string, subjectId: string): Promise<number> {
  const page = await api(runtime, key).get<{ items: unknown[] }>(
    `/v1/violations?subjectId=${subjectId}&limit=100`,
  );
  return page.body.items.length;
}

/** Appeals filed for a violation (its audit trail). */
async function appealsOf(violationId: string): Promise<number> {
  const { violationTrail } = await import('#functions/violations/audit.ts');
  return (await violationTrail(violationId)).filter((entry) => entry.action === 'violation.appeal-filed')
    .length;
}

/** Weekly report runs started for one partner (their input names it). */
async function reportRunsFor(runtime: TestRuntime, partnerId: string): Promise<number> {
  const [{ DescribeExecutionCommand, ListExecutionsCommand }, { localStateMachineArn }] = await Promise.all([
    import('@aws-sdk/client-sfn'),
    import('#catalog/naming.ts'),
  ]);
  const page = await runtime.sfnClient.send(
    new ListExecutionsCommand({
      stateMachineArn: localStateMachineArn('weekly-partner-report'),
      maxResults: 1000,
    }),
  );
  const inputs = await Promise.all(
    (page.executions ?? []).map(async (execution) => {
      const described = await runtime.sfnClient.send(
        new DescribeExecutionCommand({ executionArn: execution.executionArn }),
      );
      return described.input ?? '';
    }),
  );
  return inputs.filter((input) => input.includes(`"${partnerId}"`)).length;
}

/** Fixtures of the routes made safe by a business key instead (public forms, webhooks). */
export const BUSINESS_KEY_ROUTE_FIXTURES: Readonly<Record<string, RouteFixture>> = {
  // TikTok must get a 2xx for a redelivery too (else it keeps retrying for hours): the repeat answers 200.
  'POST /v1/webhooks/tiktok-shop': {
    repeatStatus: 200,
    prepare: async (runtime) => {
      notifications += 1;
      const notificationId = `7${String(Date.now()).padStart(14, '0')}${String(notifications).padStart(4, '0')}`;
      const body = JSON.stringify({
        type: 7,
        tts_notification_id: notificationId,
        shop_id: '7490000000000000001',
        timestamp: Math.floor(Date.now() / 1000),
        data: { expiration_time: String(Math.floor(Date.now() / 1000) + 86_400) },
      });
      const [{ webhookSignature }, { ListExecutionsCommand }, { localStateMachineArn }] = await Promise.all([
        import('#lib/tiktok/signing.ts'),
        import('@aws-sdk/client-sfn'),
        import('#catalog/naming.ts'),
      ]);
      return {
        path: '/v1/webhooks/tiktok-shop',
        body,
        otherBody: body,
        headers: {
          authorization: webhookSignature(
            runtime.env.TIKTOK_APP_KEY ?? '',
            runtime.env.TIKTOK_APP_SECRET ?? '',
            body,
          ),
        },
        effects: async () => {
          const page = await runtime.sfnClient.send(
            new ListExecutionsCommand({
              stateMachineArn: localStateMachineArn('seller-notification'),
              maxResults: 1000,
            }),
          );
          return (page.executions ?? []).filter(
            (execution) => execution.name === `tts_${notificationId}-notification`,
          ).length;
        },
      };
    },
  },
  'POST /v1/reviews/{reviewId}/confirm': {
    repeatStatus: 409,
    prepare: async (runtime) => {
      const owner = await fixturePartner(runtime);
      const reviewId = await pendingReview(runtime, owner);
      const { signReviewLink } = await import('#lib/auth/review-links.ts');
      const token = signReviewLink({
        reviewId,
        manager: owner.managerEmail,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const form = (reason: string) => new URLSearchParams({ token, decision: 'approve', reason }).toString();
      return {
        path: `/v1/reviews/${reviewId}/confirm`,
        body: form('Approved from the email'),
        contentType: 'application/x-www-form-urlencoded',
        otherBody: form('Approved again'),
        effects: () => decisionsOf(reviewId),
      };
    },
  },
};
