/**
 * Fixtures for campaign launch tests: ACTIVE creators seeded straight into the table (onboarding is tested on its
 * own), an authorized seller (through the TikTok stand-in, as a partner would), a valid launch request, and
 * readers for the campaign as the API shows it.
 */
import { randomBytes } from 'node:crypto';
import type { Creator, CreatorStatus } from '#lib/repositories/creators.ts';
import { executionArnFor } from '#test/support/executions.ts';
import { type ApiResponse, api, type TestRuntime } from '#test/support/runtime.ts';
import { authorizeSeller } from '#test/support/sellers.ts';

/** Every Wait of every workflow a campaign test runs, long enough to park it for the rest of the file. */
export const PARKED_MS = 60 * 60 * 1000;
/** The seller's refresh cycle parks; the campaign's waits are set per test. */
export const CAMPAIGN_TIME = {
  waitMs: { WaitUntilRefreshDue: PARKED_MS, WaitUntilStart: 0, WaitUntilEnd: 0 },
  // Retries of the campaign's steps (and their backoff) take milliseconds.
  timeScale: 0.001,
} as const;

let creators = 0;

/** An ACTIVE creator of the partner (or of the status given), stored as onboarding would have left it. */
export async function seedCreator(
  partnerId: string,
  overrides: { readonly status?: CreatorStatus | string; readonly email?: string } = {},
): Promise<Creator> {
  creators += 1;
  const suffix = `${creators}${randomBytes(3).toString('hex')}`;
  const at = new Date().toISOString();
  const creator = {
    creatorId: `cr_seed${suffix}`,
    partnerId,
    handle: `seed.${suffix}`.slice(0, 24),
    displayName: `Seed Creator ${creators}`,
    email: overrides.email ?? `creator.${suffix}@example.com`,
    region: 'ID',
    categories: ['beauty'],
    followers: 25_000,
    avgViews: 5_000,
    engagementRate: 0.05,
    gmv30d: { amountMinor: 0, currency: 'USD' },
    birthDate: '1995-05-05',
    status: (overrides.status ?? 'ACTIVE') as CreatorStatus,
    tier: 'mid',
    executionId: `cr_seed${suffix}-onboarding`,
    createdAt: at,
    updatedAt: at,
  } satisfies Creator;
  const { putNewCreator } = await import('#lib/repositories/creators.ts');
  await putNewCreator(creator);
  return creator;
}

/** An ACTIVE seller of the partner, authorized through the stand-in. */
export async function activeSeller(runtime: TestRuntime, key: string, shopName?: string) {
  const run = await authorizeSeller(runtime, key, {
    shopName: shopName ?? `Campaign Shop ${randomBytes(3).toString('hex')}`,
    contactEmail: `owner.${randomBytes(3).toString('hex')}@shop.example.com`,
  });
  if (run.seller.status !== 'ACTIVE') throw new Error(`seller not ACTIVE: ${JSON.stringify(run.seller)}`);
  return run.seller;
}

export interface CampaignRequest {
  readonly sellerId: string;
  readonly name: string;
  readonly message: string;
  readonly products: readonly { readonly productId: string; readonly commissionRate: number }[];
  readonly creatorIds: readonly string[];
  readonly startAt: string;
  readonly endAt: string;
  readonly freeSamples: boolean;
}

let products = 0;

/** A fresh product id (numeric, like TikTok's), unique in the file: no conflict unless a test wants one. */
export function productId(): string {
  products += 1;
  return `17${String(Date.now()).slice(-9)}${String(products).padStart(4, '0')}`;
}

/** A valid request: starts in a minute, ends in a week, one product at 12.5 %. */
export function campaignRequest(
  sellerId: string,
  creatorIds: readonly string[],
  overrides: Partial<CampaignRequest> = {},
): CampaignRequest {
  const now = Date.now();
  return {
    sellerId,
    name: 'Glow Serum launch',
    message: 'Hi! We would love you to try our new serum.\nFree samples ship within two days.',
    products: [{ productId: productId(), commissionRate: 12.5 }],
    creatorIds,
    startAt: new Date(now + 60_000).toISOString(),
    endAt: new Date(now + 7 * 86_400_000).toISOString(),
    freeSamples: true,
    ...overrides,
  };
}

export interface LaunchAnswer {
  readonly executionId: string;
  readonly workflow: string;
  readonly campaignId: string;
  readonly status: string;
  readonly links: { readonly execution: string; readonly campaign: string };
}

export interface InvitationAnswer {
  readonly creatorId: string;
  readonly status: string;
  readonly productIds: readonly string[];
  readonly failure?: { readonly code: string; readonly message: string };
}

export interface CampaignAnswer {
  readonly campaignId: string;
  readonly status: string;
  readonly collaboration?: {
    readonly collaborationId: string;
    readonly creatorIds: readonly string[];
    readonly removal?: { readonly result: string };
  };
  readonly conflicts: readonly { readonly creatorId: string; readonly productId: string }[];
  readonly invitations: readonly InvitationAnswer[];
  readonly invitationCounts: Readonly<Record<string, number>>;
  readonly results?: {
    readonly invitationsSent: number;
    readonly invitationsFailed: number;
    readonly orders: number;
    readonly gmv: readonly { readonly amount: string; readonly currency: string }[];
    readonly commission: readonly { readonly amount: string; readonly currency: string }[];
  };
  readonly failure?: { readonly code: string; readonly message: string };
  readonly cancellation?: { readonly executionId: string; readonly reason?: string };
  readonly pauses?: readonly { readonly reason: string }[];
  readonly resumeStatus?: string;
  readonly executionId: string;
}

/** POST /v1/campaigns; throws unless it answers 202. */
export async function launchCampaign(
  runtime: TestRuntime,
  key: string,
  request: CampaignRequest,
): Promise<{ answer: ApiResponse<LaunchAnswer>; executionArn: string }> {
  const answer = await api(runtime, key).post<LaunchAnswer>('/v1/campaigns', request);
  if (answer.status !== 202)
    throw new Error(`launch not accepted: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { answer, executionArn: executionArnFor('campaign-launch', answer.body.executionId) };
}

/** GET /v1/campaigns/{id}. */
export async function campaignOf(
  runtime: TestRuntime,
  key: string,
  campaignId: string,
): Promise<CampaignAnswer> {
  const answer = await api(runtime, key).get<CampaignAnswer>(`/v1/campaigns/${campaignId}`);
  if (answer.status !== 200) throw new Error(`GET campaign answered ${answer.status}`);
  return answer.body;
}

/** The execution ARN of a campaign's cancellation. */
export const cancellationArn = (campaignId: string) =>
  executionArnFor('campaign-launch', `${campaignId}-cancel-launch`);
