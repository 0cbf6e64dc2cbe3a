/**
 * Fixtures for violation handling: subjects seeded straight into the table (an ACTIVE creator or seller, as
 * onboarding and authorization leave them), reports sent through the API, and waits on the workflow by state.
 */
import { randomUUID } from 'node:crypto';
import { executionArnFor, statePath } from '#test/support/executions.ts';
import { type ApiResponse, api, pollUntil, type TestRuntime } from '#test/support/runtime.ts';

export interface ViolationAnswer {
  readonly violationId: string;
  readonly reportId: string;
  readonly subject: { readonly type: string; readonly id: string; readonly name: string };
  readonly policy: string;
  readonly severity: string;
  readonly effectiveSeverity?: string;
  readonly status: string;
  readonly decision?: { readonly severity: string; readonly escalations: string[]; readonly route: string };
  readonly review?: { readonly reviewId: string; readonly decision?: string; readonly defaulted?: boolean };
  readonly confirmation?: {
    readonly action: string;
    readonly strikesInWindow: number;
    readonly appealDeadline: string;
  };
  readonly enforcement?: {
    readonly status: string;
    readonly endsAt?: string;
    readonly state: string;
    readonly interim: boolean;
    readonly pausedCampaignIds: string[];
  };
  readonly appeal?: { readonly status: string; readonly reviewId?: string; readonly statement: string };
  readonly appealable: boolean;
  readonly appealDeadline?: string;
  readonly strikeRemovedAt?: string;
  readonly resolvedAt?: string;
  readonly executionId: string;
}

export interface ReportAnswer {
  readonly violationId: string;
  readonly executionId: string;
  readonly workflow: string;
  readonly reportId: string;
  readonly status: string;
  readonly links: { readonly violation: string; readonly execution: string };
}

export interface SubjectAnswer {
  readonly status: string;
  readonly enforcement?: {
    readonly status: string;
    readonly until?: string;
    readonly violationIds: string[];
  };
}

let seeded = 0;
const unique = () => {
  seeded += 1;
  return `${process.pid}${seeded}${randomUUID().slice(0, 6)}`.replace(/[^a-z0-9]/g, '');
};

/** An ACTIVE creator of the partner, stored as onboarding leaves one (its handle reserved). */
export async function seedCreator(
  partnerId: string,
): Promise<{ creatorId: string; handle: string; email: string }> {
  const { putNewCreator, reserveHandle } = await import('#lib/repositories/creators.ts');
  const id = unique();
  const creatorId = `cr_${id}`;
  const handle = `vio.${id}`.slice(0, 24);
  const email = `creator.${id}@example.com`;
  const at = new Date().toISOString();
  await reserveHandle(handle, creatorId, partnerId, at);
  await putNewCreator({
    creatorId,
    partnerId,
    handle,
    displayName: 'Vio Creator',
    email,
    region: 'ID',
    categories: ['beauty'],
    followers: 20_000,
    avgViews: 4_000,
    engagementRate: 0.05,
    gmv30d: { amountMinor: 0, currency: 'USD' },
    birthDate: '1995-05-05',
    status: 'ACTIVE',
    tier: 'long-tail',
    executionId: `${creatorId}-onboarding`,
    createdAt: at,
    updatedAt: at,
    decidedAt: at,
  });
  return { creatorId, handle, email };
}

/** An ACTIVE seller of the partner (its authorization done), without tokens: violation handling needs none. */
export async function seedSeller(partnerId: string): Promise<{ sellerId: string; email: string }> {
  const { putNewSeller } = await import('#lib/repositories/sellers.ts');
  const id = unique();
  const sellerId = `sl_${id}`;
  const email = `owner.${id}@example.com`;
  const at = new Date().toISOString();
  await putNewSeller({
    sellerId,
    partnerId,
    shopName: `Shop ${id}`,
    region: 'ID',
    contactEmail: email,
    services: ['data-analysis'],
    status: 'ACTIVE',
    activatedAt: at,
    executionId: `sa_${id}-authorization`,
    createdAt: at,
    updatedAt: at,
  });
  return { sellerId, email };
}

export interface ReportOptions {
  readonly subject: { readonly type: 'creator' | 'seller'; readonly id: string };
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  readonly policy?: string;
  readonly reportId?: string;
}

/** A valid report body; every field defaults to something plausible. */
export function reportBody(options: ReportOptions) {
  return {
    reportId: options.reportId ?? `mod-${randomUUID()}`,
    subject: options.subject,
    policy: options.policy ?? 'misleading-claims',
    severity: options.severity,
    evidence: [
      { kind: 'url', value: 'https://www.tiktok.com/@someone/video/7300000000000000000' },
      { kind: 'text', value: 'Claims the serum "cures acne in 3 days".' },
    ],
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    reportedBy: 'moderation',
  };
}

/** POST /v1/violations, expecting 202. */
export async function report(
  runtime: TestRuntime,
  key: string,
  options: ReportOptions,
): Promise<ReportAnswer> {
  const answer = await api(runtime, key).post<ReportAnswer>('/v1/violations', reportBody(options));
  if (answer.status !== 202)
    throw new Error(`POST /v1/violations answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function violationOf(
  runtime: TestRuntime,
  key: string,
  violationId: string,
): Promise<ViolationAnswer> {
  const answer = await api(runtime, key).get<ViolationAnswer>(`/v1/violations/${violationId}`);
  if (answer.status !== 200) throw new Error(`GET /v1/violations/${violationId} answered ${answer.status}`);
  return answer.body;
}

export async function subjectOf(
  runtime: TestRuntime,
  key: string,
  subject: { readonly type: 'creator' | 'seller'; readonly id: string },
): Promise<SubjectAnswer> {
  const path = subject.type === 'creator' ? `/v1/creators/${subject.id}` : `/v1/sellers/${subject.id}`;
  const answer = await api(runtime, key).get<SubjectAnswer>(path);
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
  return answer.body;
}

/** The states a violation's execution has entered so far, in order. */
export function pathOf(runtime: TestRuntime, executionId: string): Promise<string[]> {
  return statePath(runtime, executionArnFor('violation-handling', executionId));
}

/** Waits until the execution has entered `state` (fails fast with the path taken when it does not). */
export async function reachState(
  runtime: TestRuntime,
  executionId: string,
  state: string,
  timeoutMs = 15_000,
): Promise<string[]> {
  let last: string[] = [];
  return pollUntil(
    async () => {
      last = await pathOf(runtime, executionId);
      return last.includes(state) ? last : undefined;
    },
    {
      timeoutMs,
      intervalMs: 50,
      describe: () => `${executionId} never entered ${state}; path: ${last.join(' > ')}`,
    },
  );
}

/** Waits until a review of the violation is pending and answers its id. */
export async function pendingReviewOf(
  runtime: TestRuntime,
  managerKey: string,
  reviewId: string,
): Promise<string> {
  return pollUntil(
    async () => {
      const page = await api(runtime, managerKey).get<{ items: { reviewId: string }[] }>(
        '/v1/reviews?status=PENDING&limit=100',
      );
      return page.body.items.some((review) => review.reviewId === reviewId) ? reviewId : undefined;
    },
    { timeoutMs: 15_000, describe: () => `review ${reviewId} never became pending` },
  );
}

/** POST /v1/reviews/{id}/decision as a manager. */
export function decide(
  runtime: TestRuntime,
  managerKey: string,
  reviewId: string,
  decision: 'approve' | 'reject',
  reason = 'Checked the evidence',
): Promise<ApiResponse<unknown>> {
  return api(runtime, managerKey).post(`/v1/reviews/${reviewId}/decision`, { decision, reason });
}

export const violationReviewId = (violationId: string) => `rv_${violationId}`;
export const appealReviewId = (violationId: string) => `rv_${violationId}_appeal`;

/**
 * A campaign of the seller, ACTIVE now and for a week, with the creators linked to it, stored through the
 * campaigns repository as a launch leaves it (no launch execution waits on it).
 */
export async function seedCampaign(
  partnerId: string,
  sellerId: string,
  creatorIds: readonly string[] = [],
): Promise<string> {
  const { linkCreator, putNewCampaign } = await import('#lib/repositories/campaigns.ts');
  const campaignId = `cp_${unique()}`;
  const now = Date.now();
  const at = new Date(now).toISOString();
  await putNewCampaign({
    campaignId,
    partnerId,
    sellerId,
    name: 'Glow week',
    message: 'Try our new serum',
    products: [{ productId: '1729000000000000001', commissionRate: 12.5 }],
    creatorIds,
    startAt: new Date(now - 3_600_000).toISOString(),
    endAt: new Date(now + 7 * 86_400_000).toISOString(),
    freeSamples: false,
    status: 'ACTIVE',
    executionId: `${campaignId}-launch`,
    activatedAt: at,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
  for (const creatorId of creatorIds) await linkCreator(creatorId, { campaignId, partnerId }, at);
  return campaignId;
}

export async function campaignOf(campaignId: string) {
  const { getCampaign } = await import('#lib/repositories/campaigns.ts');
  const campaign = await getCampaign(campaignId);
  if (campaign === undefined) throw new Error(`No campaign ${campaignId}`);
  return campaign;
}
