import type { WorkflowName } from '#catalog/types.ts';
import { DEFAULT_ONBOARDING_POLICY } from '#functions/creators/domain/policy.ts';
import type { CreatorApplication } from '#functions/creators/schemas.ts';
import type { WorkflowTimeOverrides } from '#local/runtime.ts';
import { creatorApplication } from '#test/support/onboarding.ts';
import { api, pollUntil, type TestRuntime } from '#test/support/runtime.ts';

/** What a path's `run` gets: a started runtime with one partner and its keys. */
export interface PathContext {
  readonly runtime: TestRuntime;
  readonly partnerId: string;
  readonly partnerKey: string;
  readonly managerKey: string;
}

/** A person or a timer the execution waits for, and how long it waits in real life (for the polling comparison). */
export interface HumanWait {
  readonly state: string;
  readonly seconds: number;
  readonly why: string;
}

/**
 * One path through one workflow, as data: how to start and drive it, and the states it must take (a run that
 * takes another path fails the bench). Other workflows add their paths to WORKFLOW_PATHS when they land.
 */
export interface WorkflowPath {
  readonly workflow: WorkflowName;
  readonly name: string;
  readonly expectedStates: readonly string[];
  /** Time overrides while the path runs (e.g. a review time-out in milliseconds). */
  readonly time?: WorkflowTimeOverrides;
  readonly waits?: readonly HumanWait[];
  /** Starts one execution the way a client would and drives it to its end; answers its execution id. */
  run(context: PathContext): Promise<string>;
}

const DECIDED = ['ValidateApplication', 'ReserveHandle', 'ScreenCompliance', 'ScoreAndTier', 'RouteDecision'];
const APPROVED = ['ActivateCreator', 'SendWelcomeEmail', 'RecordOnboardingMetrics'];
const REJECTED = ['RejectCreator', 'SendRejectionNotice', 'RecordOnboardingMetrics'];

async function startOnboarding(
  context: PathContext,
  overrides: Partial<CreatorApplication>,
): Promise<string> {
  const answer = await api(context.runtime, context.partnerKey).post<{ executionId: string }>(
    '/v1/creators/onboardings',
    { creator: creatorApplication(overrides) },
  );
  if (answer.status !== 202) throw new Error(`POST /v1/creators/onboardings answered ${answer.status}`);
  return answer.body.executionId;
}

async function decidePendingReview(
  context: PathContext,
  executionId: string,
  decision: 'approve' | 'reject',
) {
  const creatorId = executionId.replace(/-onboarding$/, '');
  const manager = api(context.runtime, context.managerKey);
  const review = await pollUntil(
    async () => {
      const page = await manager.get<{ items: { reviewId: string; subject: { id: string } }[] }>(
        '/v1/reviews?status=PENDING',
      );
      return page.body.items.find((item) => item.subject.id === creatorId);
    },
    { timeoutMs: 20_000, describe: () => `no pending review for ${creatorId}` },
  );
  const answer = await manager.post(`/v1/reviews/${review.reviewId}/decision`, {
    decision,
    reason: 'Benchmark decision',
  });
  if (answer.status !== 200) throw new Error(`The review decision answered ${answer.status}`);
}

const REVIEW_SECONDS = DEFAULT_ONBOARDING_POLICY.reviewTimeoutHours * 3600;
const REMINDER_SECONDS = DEFAULT_ONBOARDING_POLICY.reminderTimeoutHours * 3600;

/** Creator onboarding: every path of workflows/creator-onboarding.asl.json a partner's request can take. */
export const ONBOARDING_PATHS: readonly WorkflowPath[] = [
  {
    workflow: 'creator-onboarding',
    name: 'approve',
    expectedStates: [...DECIDED, ...APPROVED],
    run: (context) => startOnboarding(context, { followers: 150_000 }),
  },
  {
    workflow: 'creator-onboarding',
    name: 'pilot',
    expectedStates: [...DECIDED, ...APPROVED],
    run: (context) => startOnboarding(context, { followers: 4_999 }),
  },
  {
    workflow: 'creator-onboarding',
    name: 'reject',
    expectedStates: [...DECIDED, ...REJECTED],
    run: (context) => startOnboarding(context, { followers: 999 }),
  },
  {
    workflow: 'creator-onboarding',
    name: 'review approve',
    expectedStates: [...DECIDED, 'RequestManagerReview', 'ReviewOutcome', ...APPROVED],
    waits: [{ state: 'RequestManagerReview', seconds: 4 * 3600, why: 'a manager decides within 4 hours' }],
    run: async (context) => {
      const executionId = await startOnboarding(context, { engagementRate: 0.004 });
      await decidePendingReview(context, executionId, 'approve');
      return executionId;
    },
  },
  {
    workflow: 'creator-onboarding',
    name: 'review time-out',
    expectedStates: [...DECIDED, 'RequestManagerReview', 'RemindManagers', ...REJECTED],
    time: { timeScale: 0.001, taskTimeoutMs: { RequestManagerReview: 300, RemindManagers: 300 } },
    waits: [
      { state: 'RequestManagerReview', seconds: REVIEW_SECONDS, why: 'nobody decides: the review times out' },
      { state: 'RemindManagers', seconds: REMINDER_SECONDS, why: 'nobody decides after the reminder either' },
    ],
    run: (context) => startOnboarding(context, { engagementRate: 0.002 }),
  },
];

/**
 * Every measured path. Seller authorization, campaign launch, violation handling and the weekly report add
 * theirs here (one array each, beside their workflow) as they land.
 */
export const WORKFLOW_PATHS: readonly WorkflowPath[] = [...ONBOARDING_PATHS];
