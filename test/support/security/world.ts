/**
 * Two tenants for security tests: partner A with one of everything (a creator waiting for review and its
 * onboarding execution, pending reviews, an ACTIVE seller and its authorization, campaigns waiting for their start,
 * a confirmed violation open to appeal),
 * partner B with nothing of A's, and a key for each kind of caller, good and bad.
 */
import { mintApiKey } from '#lib/auth/api-keys.ts';
import { campaignRequest, launchCampaign, seedCreator } from '#test/support/campaigns.ts';
import { statePath } from '#test/support/executions.ts';
import { creatorApplication } from '#test/support/onboarding.ts';
import { api, createApiKey, createPartner, pollUntil, type TestRuntime } from '#test/support/runtime.ts';
import { authorizeSeller } from '#test/support/sellers.ts';
import { reachState, report } from '#test/support/violations.ts';

/** Every caller the route matrix tries; the first four carry no usable key. */
export const CALLERS = [
  'no key',
  'malformed key',
  'unknown key',
  'revoked key',
  'partner A',
  'partner B',
  'manager A',
  'manager B',
  'ops',
] as const;
export type Caller = (typeof CALLERS)[number];

export const UNAUTHENTICATED: readonly Caller[] = ['no key', 'malformed key', 'unknown key', 'revoked key'];

export type Tenant = 'A' | 'B' | 'all';
export const tenantOf = (caller: Caller): Tenant | undefined =>
  caller.endsWith(' A') ? 'A' : caller.endsWith(' B') ? 'B' : caller === 'ops' ? 'all' : undefined;
export const roleOf = (caller: Caller): 'partner' | 'manager' | 'ops' | undefined =>
  caller.startsWith('partner')
    ? 'partner'
    : caller.startsWith('manager')
      ? 'manager'
      : caller === 'ops'
        ? 'ops'
        : undefined;

export interface TenantA {
  readonly partnerId: string;
  readonly managerEmail: string;
  readonly creatorId: string;
  readonly onboardingExecutionId: string;
  /** Pending reviews, one per caller that may decide one (`manager A`, `ops`), and one that stays pending. */
  readonly reviewIds: readonly string[];
  readonly sellerId: string;
  readonly sellerExecutionId: string;
  /** An ACTIVE creator (seeded as onboarding leaves one), for campaigns and violation reports. */
  readonly activeCreatorId: string;
  /** Launched campaigns waiting for their start: one per caller that may cancel one, and a spare. */
  readonly campaignIds: readonly string[];
  /** A confirmed violation whose appeal window is open. */
  readonly violationId: string;
}

export interface World {
  readonly runtime: TestRuntime;
  /** The `Authorization` header each caller sends (none for `no key`). */
  readonly authorization: Readonly<Record<Caller, string | undefined>>;
  readonly a: TenantA;
  readonly b: { readonly partnerId: string };
  /** Strings that identify A's data: none may appear in an answer to a caller of B. */
  readonly secretsOfA: readonly string[];
}

/** Time overrides that park what the seeding starts: a seller's refresh cycle waits for the rest of the file. */
export const PARKED_WORKFLOWS = {
  waitMs: {
    WaitUntilRefreshDue: 60 * 60 * 1000,
    WaitUntilStart: 60 * 60 * 1000,
    WaitUntilEnd: 60 * 60 * 1000,
  },
};

/** A campaign of A's seller and creator that starts tomorrow, so its launch parks before the start. */
async function parkedCampaign(runtime: TestRuntime, key: string, sellerId: string, creatorId: string) {
  const day = 86_400_000;
  const request = campaignRequest(sellerId, [creatorId], {
    startAt: new Date(Date.now() + day).toISOString(),
    endAt: new Date(Date.now() + 8 * day).toISOString(),
  });
  const { answer, executionArn } = await launchCampaign(runtime, key, request);
  await pollUntil(
    async () => {
      const path = await statePath(runtime, executionArn);
      return path.includes('WaitUntilStart') ? true : undefined;
    },
    { timeoutMs: 20_000, describe: () => `campaign ${answer.body.campaignId} never waited for its start` },
  );
  return answer.body.campaignId;
}

interface WaitingExecution {
  readonly status: string;
}
interface ReviewPage {
  readonly items: readonly { readonly reviewId: string; readonly subject: { readonly id: string } }[];
}
interface Started {
  readonly creatorId: string;
  readonly executionId: string;
}

/** Starts an onboarding that the default policy sends to manager review, and waits until it waits for it. */
async function creatorInReview(runtime: TestRuntime, partnerKey: string, managerKey: string) {
  const started = await api(runtime, partnerKey).post<Started>('/v1/creators/onboardings', {
    creator: creatorApplication({ engagementRate: 0.005 }),
  });
  if (started.status !== 202) throw new Error(`onboarding not accepted: ${JSON.stringify(started.body)}`);
  const { creatorId, executionId } = started.body;
  await pollUntil(
    async () => {
      const execution = await api(runtime, partnerKey).get<WaitingExecution>(`/v1/executions/${executionId}`);
      if (!['RUNNING', 'WAITING_FOR_REVIEW'].includes(execution.body.status))
        throw new Error(`onboarding ended as ${execution.body.status} instead of waiting for review`);
      return execution.body.status === 'WAITING_FOR_REVIEW' ? true : undefined;
    },
    { timeoutMs: 15_000, describe: () => `onboarding ${executionId} never waited for review` },
  );
  const reviews = await api(runtime, managerKey).get<ReviewPage>('/v1/reviews?status=PENDING&limit=100');
  const review = reviews.body.items.find((item) => item.subject.id === creatorId);
  if (review === undefined) throw new Error(`no pending review for ${creatorId}`);
  return { creatorId, executionId, reviewId: review.reviewId };
}

/** Seeds both tenants and mints a key for every caller. */
export async function buildWorld(runtime: TestRuntime): Promise<World> {
  const partnerA = await createPartner(runtime);
  const partnerB = await createPartner(runtime);
  const key = (role: 'partner' | 'manager' | 'ops', partnerId?: string) =>
    createApiKey(runtime, { role, ...(partnerId === undefined ? {} : { partnerId }) });
  const keys = {
    'partner A': await key('partner', partnerA.partnerId),
    'partner B': await key('partner', partnerB.partnerId),
    'manager A': await key('manager', partnerA.partnerId),
    'manager B': await key('manager', partnerB.partnerId),
    ops: await key('ops'),
  };
  const revoked = await key('partner', partnerA.partnerId);
  const admin = await import('#cli/admin.ts');
  await admin.revokeKey(revoked);

  const reviews = [];
  for (let index = 0; index < 3; index += 1) {
    reviews.push(await creatorInReview(runtime, keys['partner A'], keys['manager A']));
  }
  const [first] = reviews;
  if (first === undefined) throw new Error('no creator in review');
  const seller = await authorizeSeller(runtime, keys['partner A'], { shopName: 'Tenant A Shop' });
  if (seller.seller.status !== 'ACTIVE') throw new Error(`seller of A is ${seller.seller.status}`);
  const sellerId = seller.answer.body.sellerId;
  const activeCreator = await seedCreator(partnerA.partnerId);
  const campaignIds: string[] = [];
  for (let index = 0; index < 3; index += 1) {
    campaignIds.push(await parkedCampaign(runtime, keys['partner A'], sellerId, activeCreator.creatorId));
  }
  // A medium violation is confirmed at once and opens its appeal window.
  const violation = await report(runtime, keys['partner A'], {
    subject: { type: 'creator', id: (await seedCreator(partnerA.partnerId)).creatorId },
    severity: 'medium',
  });
  await reachState(runtime, violation.executionId, 'OpenAppealWindow');

  const a: TenantA = {
    partnerId: partnerA.partnerId,
    managerEmail: partnerA.managerEmails[0] ?? '',
    creatorId: first.creatorId,
    onboardingExecutionId: first.executionId,
    reviewIds: reviews.map((review) => review.reviewId),
    sellerId,
    sellerExecutionId: seller.answer.body.executionId,
    activeCreatorId: activeCreator.creatorId,
    campaignIds,
    violationId: violation.violationId,
  };
  const bearer = (value: string) => `Bearer ${value}`;
  return {
    runtime,
    authorization: {
      'no key': undefined,
      'malformed key': bearer('pf_not-a-partnerflow-key'),
      'unknown key': bearer(mintApiKey().key),
      'revoked key': bearer(revoked),
      'partner A': bearer(keys['partner A']),
      'partner B': bearer(keys['partner B']),
      'manager A': bearer(keys['manager A']),
      'manager B': bearer(keys['manager B']),
      ops: bearer(keys.ops),
    },
    a,
    b: { partnerId: partnerB.partnerId },
    secretsOfA: [
      a.partnerId,
      a.creatorId,
      a.onboardingExecutionId,
      ...a.reviewIds,
      a.sellerId,
      a.sellerExecutionId,
      a.managerEmail,
      a.activeCreatorId,
      ...a.campaignIds,
      a.violationId,
    ],
  };
}
