import { DEFAULT_ONBOARDING_POLICY } from '#functions/creators/domain/policy.ts';
import type { CreatorApplication } from '#functions/creators/schemas.ts';
import type { PathContext, WorkflowPath } from '#scripts/bench/cost/paths/types.ts';
import { creatorApplication, ONBOARDING_STATES } from '#test/support/onboarding.ts';
import { api, pollUntil } from '#test/support/runtime.ts';

const { decided: DECIDED, approved: APPROVED, rejected: REJECTED } = ONBOARDING_STATES;

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
    waits: [
      {
        state: 'RequestManagerReview',
        kind: 'person',
        seconds: 4 * 3600,
        why: 'a manager decides within 4 hours',
      },
    ],
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
      {
        state: 'RequestManagerReview',
        kind: 'person',
        seconds: REVIEW_SECONDS,
        why: 'nobody decides: the review times out',
      },
      {
        state: 'RemindManagers',
        kind: 'person',
        seconds: REMINDER_SECONDS,
        why: 'nobody decides after the reminder either',
      },
    ],
    run: (context) => startOnboarding(context, { engagementRate: 0.002 }),
  },
];

export const ONBOARDING_NOTE =
  'No Lambda here only forwards a call to another service: ReserveHandle is the closest (one conditional write), and making it a direct `dynamodb:putItem` integration would save one Lambda request and a few milliseconds (about $0.0003 per 1,000 executions) while the transition stays; the ASL is unchanged.';
