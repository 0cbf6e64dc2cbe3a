import { MessageRejected, SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreatorApplication } from '#functions/creators/schemas.ts';
import { executionArnFor, historyOf, statePath } from '#test/support/executions.ts';
import {
  APPROVED_PATH,
  creatorApplication,
  ONBOARDING_STATES,
  REJECTED_PATH,
} from '#test/support/onboarding.ts';
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

interface StartAnswer {
  executionId: string;
  creatorId: string;
  workflow: string;
  status: string;
  links: { execution: string; creator: string };
}
interface ExecutionAnswer {
  executionId: string;
  workflow: string;
  status: string;
  startedAt: string;
  stoppedAt?: string;
  outcome?: {
    decision: string;
    tier?: string;
    pilotEndsAt?: string;
    reasons: string[];
    notifications?: Record<string, string>;
  };
  error?: { code: string; message: string };
}
interface CreatorAnswer {
  creatorId: string;
  handle: string;
  status: string;
  tier?: string;
  pilotEndsAt?: string;
  reasons?: string[];
}
interface ReviewAnswer {
  reviewId: string;
  status: string;
  subject: { type: string; id: string };
  reasons: string[];
}

let runtime: TestRuntime;
let partnerKey: string;
let managerKey: string;
let managerEmail: string;
let partnerId: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ time: { timeScale: 0.001 } });
  const partner = await createPartner(runtime, { name: 'Acme <Agency> & Sons' });
  partnerId = partner.partnerId;
  managerEmail = partner.managerEmails[0] ?? '';
  partnerKey = await createApiKey(runtime, { role: 'partner', partnerId });
  managerKey = await createApiKey(runtime, { role: 'manager', partnerId });
});
afterAll(() => runtime?.close());

async function onboard(overrides: Partial<CreatorApplication> = {}) {
  const creator = creatorApplication(overrides);
  const answer = await api(runtime, partnerKey).post<StartAnswer>('/v1/creators/onboardings', { creator });
  expect(answer.status).toBe(202);
  expect(answer.body).toMatchObject({ workflow: 'creator-onboarding', status: 'RUNNING' });
  expect(answer.body.executionId.startsWith(answer.body.creatorId)).toBe(true);
  return { creator, ...answer.body };
}

async function finished(executionId: string, key = partnerKey) {
  await waitForExecution(runtime, executionArnFor('creator-onboarding', executionId), 20_000);
  const execution = await api(runtime, key).get<ExecutionAnswer>(`/v1/executions/${executionId}`);
  expect(execution.status).toBe(200);
  return execution.body;
}

async function creatorOf(creatorId: string) {
  const answer = await api(runtime, partnerKey).get<CreatorAnswer>(`/v1/creators/${creatorId}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

const pathOf = (executionId: string) =>
  statePath(runtime, executionArnFor('creator-onboarding', executionId));

async function emailsTo(address: string) {
  return (await sentEmails(runtime)).filter((email) => email.destination.to.includes(address));
}

async function waitingForReview(executionId: string) {
  return pollUntil(
    async () => {
      const execution = await api(runtime, partnerKey).get<ExecutionAnswer>(`/v1/executions/${executionId}`);
      if (!['RUNNING', 'WAITING_FOR_REVIEW'].includes(execution.body.status)) {
        throw new Error(`The execution ended as ${execution.body.status} before any review`);
      }
      return execution.body.status === 'WAITING_FOR_REVIEW' ? execution.body : undefined;
    },
    { timeoutMs: 15_000, describe: () => `${executionId} never waited for a review` },
  );
}

describe('auto-approval', () => {
  it.each([
    ['top', { followers: 1_200_000 }],
    ['top', { followers: 8_000, gmv30d: 100_000 }],
    ['mid', { followers: 150_000 }],
    ['long-tail', { followers: 20_000 }],
  ] as const)('activates a %s creator and welcomes it with that plan', async (tier, figures) => {
    const started = await onboard({ ...figures, displayName: 'Ann <b>Bold</b>' });

    const execution = await finished(started.executionId);

    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      outcome: { decision: 'APPROVED', tier, reasons: [], notifications: { welcomeEmail: 'SENT' } },
    });
    expect(await creatorOf(started.creatorId)).toMatchObject({
      status: 'ACTIVE',
      tier,
      handle: started.creator.handle,
    });
    expect(await pathOf(started.executionId)).toEqual(APPROVED_PATH);
    const [welcome, ...others] = await emailsTo(started.creator.email);
    expect(others).toHaveLength(0);
    expect(welcome?.subject).toBe('Welcome to Acme <Agency> & Sons, Ann <b>Bold</b>!');
    expect(welcome?.body.html).toContain('Ann &lt;b&gt;Bold&lt;/b&gt;');
    expect(welcome?.body.html).not.toContain('<b>Bold</b>');
    expect(welcome?.body.text).toContain(
      { top: 'dedicated account manager', mid: 'monthly e-commerce webinar', 'long-tail': 'self-paced' }[
        tier
      ],
    );
  });

  it('approves 1,000-4,999 followers as a long-tail pilot for 30 days', async () => {
    const started = await onboard({ followers: 4_999 });

    const execution = await finished(started.executionId);

    expect(execution.outcome).toMatchObject({ decision: 'APPROVED', tier: 'long-tail', reasons: ['PILOT'] });
    const pilotEndsAt = execution.outcome?.pilotEndsAt ?? '';
    const days = (Date.parse(pilotEndsAt) - Date.parse(execution.startedAt.slice(0, 10))) / 86_400_000;
    expect(days).toBe(30);
    expect(await creatorOf(started.creatorId)).toMatchObject({
      status: 'ACTIVE',
      tier: 'long-tail',
      pilotEndsAt,
    });
    const [welcome] = await emailsTo(started.creator.email);
    expect(welcome?.body.text).toContain('30-day pilot');
  });
});

describe('rejection', () => {
  it.each([
    ['UNDER_AGE', { birthDate: `${new Date().getUTCFullYear() - 17}-01-01` }, 'must be 18 or older'],
    ['TOO_FEW_FOLLOWERS', { followers: 999 }, 'at least 1,000 followers'],
  ] as const)(
    'rejects for %s, frees the handle and tells the creator why',
    async (reason, figures, words) => {
      const started = await onboard(figures);

      const execution = await finished(started.executionId);

      expect(execution).toMatchObject({
        status: 'SUCCEEDED',
        outcome: { decision: 'REJECTED', reasons: [reason] },
      });
      expect(await creatorOf(started.creatorId)).toMatchObject({ status: 'REJECTED', reasons: [reason] });
      expect(await pathOf(started.executionId)).toEqual(REJECTED_PATH);
      const [notice] = await emailsTo(started.creator.email);
      expect(notice?.subject).toBe('Your application with Acme <Agency> & Sons');
      expect(notice?.body.text).toContain(words);
      // The handle is free again: the same creator may apply once more.
      await onboard({ ...started.creator, followers: 20_000, birthDate: '1990-01-01' });
    },
  );

  it('rejects a handle with an open critical violation on record', async () => {
    const creator = creatorApplication();
    const { putHandleViolation } = await import('#lib/repositories/violation-history.ts');
    await putHandleViolation({
      handle: creator.handle,
      violationId: 'vi_seeded',
      severity: 'critical',
      state: 'OPEN',
      occurredAt: '2026-10-01T00:00:00.000Z',
    });

    const started = await onboard(creator);
    const execution = await finished(started.executionId);

    expect(execution.outcome).toMatchObject({ decision: 'REJECTED', reasons: ['OPEN_CRITICAL_VIOLATION'] });
    expect(await pathOf(started.executionId)).toEqual(REJECTED_PATH);
  });

  it('rejects inside the workflow when another creator holds the handle (the race guard)', async () => {
    const first = await onboard();
    await finished(first.executionId);
    // A second execution for the same handle, started past the API's check (as a race would).
    const { StartExecutionCommand } = await import('@aws-sdk/client-sfn');
    const { localStateMachineArn } = await import('#catalog/naming.ts');
    const { putNewCreator } = await import('#lib/repositories/creators.ts');
    const creatorId = `cr_race${Date.now()}`;
    const executionId = `${creatorId}-onboarding`;
    const now = new Date().toISOString();
    await putNewCreator({
      ...first.creator,
      creatorId,
      partnerId,
      gmv30d: { amountMinor: 0, currency: 'USD' },
      status: 'SCREENING',
      executionId,
      createdAt: now,
      updatedAt: now,
    });
    await runtime.sfnClient.send(
      new StartExecutionCommand({
        stateMachineArn: localStateMachineArn('creator-onboarding'),
        name: executionId,
        input: JSON.stringify({ creatorId, partnerId, creator: first.creator, requestedAt: now }),
      }),
    );

    const execution = await finished(executionId);

    expect(execution.outcome).toMatchObject({ decision: 'REJECTED', reasons: ['DUPLICATE_HANDLE'] });
    expect(await pathOf(executionId)).toEqual([
      'ValidateApplication',
      'ReserveHandle',
      'RejectCreator',
      'SendRejectionNotice',
      'RecordOnboardingMetrics',
    ]);
    expect(await creatorOf(first.creatorId)).toMatchObject({ status: 'ACTIVE' });
    expect(await creatorOf(creatorId)).toMatchObject({ status: 'REJECTED', reasons: ['DUPLICATE_HANDLE'] });
  });
});

describe('manager review', () => {
  async function pendingReviewFor(creatorId: string) {
    const reviews = await api(runtime, managerKey).get<{ items: ReviewAnswer[] }>(
      '/v1/reviews?status=PENDING',
    );
    expect(reviews.status).toBe(200);
    const review = reviews.body.items.find((item) => item.subject.id === creatorId);
    expect(review).toBeDefined();
    return review as ReviewAnswer;
  }

  it('asks the managers, then activates on approval', async () => {
    const started = await onboard({ engagementRate: 0.004, displayName: 'Eve "<img src=x>"' });
    const waiting = await waitingForReview(started.executionId);
    expect(waiting.status).toBe('WAITING_FOR_REVIEW');
    expect(await creatorOf(started.creatorId)).toMatchObject({ status: 'IN_REVIEW' });
    const review = await pendingReviewFor(started.creatorId);
    expect(review.reasons).toEqual(['LOW_ENGAGEMENT']);
    const [request] = (await emailsTo(managerEmail)).filter((email) =>
      email.subject.includes(review.reviewId),
    );
    expect(request?.subject).toBe(`Review needed: creator @${started.creator.handle} (${review.reviewId})`);
    expect(request?.body.html).toContain('&lt;img src=x&gt;');
    expect(request?.body.html).toMatch(
      new RegExp(`/v1/reviews/${review.reviewId}/confirm\\?token=[^"]+&amp;decision=approve`),
    );

    const decided = await api(runtime, managerKey).post(`/v1/reviews/${review.reviewId}/decision`, {
      decision: 'approve',
      reason: 'Strong content despite the low rate',
    });
    expect(decided.status).toBe(200);
    const execution = await finished(started.executionId);

    expect(execution.outcome).toMatchObject({
      decision: 'APPROVED',
      tier: 'long-tail',
      reasons: ['MANAGER_APPROVED'],
    });
    expect(await creatorOf(started.creatorId)).toMatchObject({ status: 'ACTIVE' });
    expect(await pathOf(started.executionId)).toEqual([
      ...ONBOARDING_STATES.decided,
      'RequestManagerReview',
      'ReviewOutcome',
      'ActivateCreator',
      'SendWelcomeEmail',
      'RecordOnboardingMetrics',
    ]);
    const again = await api(runtime, managerKey).post(`/v1/reviews/${review.reviewId}/decision`, {
      decision: 'reject',
      reason: 'Changed my mind',
    });
    expect(again.status).toBe(409);
  });

  it('rejects on a manager rejection and frees the handle', async () => {
    const started = await onboard({ region: 'VN', engagementRate: 0.001 });
    await waitingForReview(started.executionId);
    const review = await pendingReviewFor(started.creatorId);

    await api(runtime, managerKey).post(`/v1/reviews/${review.reviewId}/decision`, {
      decision: 'reject',
      reason: 'No',
    });
    const execution = await finished(started.executionId);

    expect(execution.outcome).toMatchObject({ decision: 'REJECTED', reasons: ['MANAGER_REJECTED'] });
    expect(await creatorOf(started.creatorId)).toMatchObject({ status: 'REJECTED' });
    expect(await pathOf(started.executionId)).toEqual([
      ...ONBOARDING_STATES.decided,
      'RequestManagerReview',
      'ReviewOutcome',
      'RejectCreator',
      'SendRejectionNotice',
      'RecordOnboardingMetrics',
    ]);
    const [notice] = await emailsTo(started.creator.email);
    expect(notice?.body.text).toContain('A manager reviewed your application');
  });

  it('reminds the managers once on time-out, then rejects with REVIEW_TIMEOUT', async () => {
    runtime.sfn.setTimeOverrides({
      timeScale: 0.001,
      taskTimeoutMs: { RequestManagerReview: 400, RemindManagers: 400 },
    });
    try {
      const started = await onboard({ engagementRate: 0.002 });

      const execution = await finished(started.executionId);

      expect(execution.outcome).toMatchObject({ decision: 'REJECTED', reasons: ['REVIEW_TIMEOUT'] });
      expect(await pathOf(started.executionId)).toEqual([
        ...ONBOARDING_STATES.decided,
        'RequestManagerReview',
        'RemindManagers',
        'RejectCreator',
        'SendRejectionNotice',
        'RecordOnboardingMetrics',
      ]);
      const reviewId = `rv_${started.creatorId.slice(3)}`;
      const toManager = (await emailsTo(managerEmail)).filter((email) => email.subject.includes(reviewId));
      expect(toManager.map((email) => email.subject.startsWith('Reminder: '))).toEqual([false, true]);
      const review = await api(runtime, managerKey).get<{ items: ReviewAnswer[] }>(
        '/v1/reviews?status=EXPIRED',
      );
      expect(review.body.items.map((item) => item.reviewId)).toContain(reviewId);
      const [notice] = await emailsTo(started.creator.email);
      expect(notice?.body.text).toContain('could not review your application in time');
    } finally {
      runtime.sfn.setTimeOverrides({ timeScale: 0.001 });
    }
  });
});

describe('failures', () => {
  it('keeps the activation when the welcome email keeps failing, and records it in the outcome', async () => {
    const ses = mockClient(SESClient);
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Address blacklisted.', $metadata: {} }));
    try {
      const started = await onboard();

      const execution = await finished(started.executionId);

      expect(execution).toMatchObject({
        status: 'SUCCEEDED',
        outcome: { decision: 'APPROVED', notifications: { welcomeEmail: 'FAILED' } },
      });
      expect(await creatorOf(started.creatorId)).toMatchObject({ status: 'ACTIVE' });
      expect(await pathOf(started.executionId)).toEqual(APPROVED_PATH);
    } finally {
      ses.restore();
    }
  });

  it('retries a throttled welcome email and then sends it', async () => {
    const ses = mockClient(SESClient);
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), {
      name: 'Throttling',
      $metadata: {},
    });
    ses
      .on(SendEmailCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ MessageId: 'after-retries' });
    try {
      const started = await onboard();

      const execution = await finished(started.executionId);

      expect(execution.outcome).toMatchObject({
        decision: 'APPROVED',
        notifications: { welcomeEmail: 'SENT' },
      });
      const history = await historyOf(runtime, executionArnFor('creator-onboarding', started.executionId));
      const welcomeFailures = history.filter(
        (event) => event.type === 'LambdaFunctionFailed' || event.type === 'TaskFailed',
      );
      expect(welcomeFailures.length).toBeGreaterThanOrEqual(2);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    } finally {
      ses.restore();
    }
  });

  it('compensates a step that fails for good: the creator is REJECTED, the handle free, the execution FAILED', async () => {
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { dynamodb } = await import('#lib/clients/dynamodb.ts');
    const send = dynamodb.send.bind(dynamodb) as (command: unknown) => Promise<unknown>;
    // Screening reads the violation history with a Query: make it fail in a way no retry can fix.
    const spy = vi
      .spyOn(dynamodb, 'send')
      .mockImplementation(((command: unknown) =>
        command instanceof QueryCommand &&
        command.input.ExpressionAttributeValues?.[':prefix'] === 'VIOLATION#'
          ? Promise.reject(Object.assign(new Error('Bad key'), { name: 'ValidationException' }))
          : send(command)) as typeof dynamodb.send);
    let started: Awaited<ReturnType<typeof onboard>>;
    try {
      started = await onboard();
      await waitForExecution(runtime, executionArnFor('creator-onboarding', started.executionId), 20_000);
    } finally {
      spy.mockRestore();
    }

    const execution = await api(runtime, partnerKey).get<ExecutionAnswer>(
      `/v1/executions/${started.executionId}`,
    );

    expect(execution.body).toMatchObject({
      status: 'FAILED',
      error: { code: 'PartnerFlow.OnboardingFailed' },
    });
    expect(await creatorOf(started.creatorId)).toMatchObject({
      status: 'REJECTED',
      reasons: ['PROCESSING_FAILED'],
    });
    expect(await pathOf(started.executionId)).toEqual([
      'ValidateApplication',
      'ReserveHandle',
      'ScreenCompliance',
      'CompensateFailedOnboarding',
      'OnboardingFailed',
    ]);
    await onboard({ ...started.creator });
  });
});

describe("the partner's settings", () => {
  it('are read at run time: served regions send others to review, tier thresholds move', async () => {
    const strict = await createPartner(runtime, { name: 'Strict Agency' });
    const key = await createApiKey(runtime, { role: 'partner', partnerId: strict.partnerId });
    const { setPartnerSettings } = await import('#cli/admin.ts');
    await setPartnerSettings(strict.partnerId, {
      'creator-onboarding': { servedRegions: ['ID', 'MY'], midFollowers: 15_000 },
    });
    const start = async (overrides: Partial<CreatorApplication>) => {
      const answer = await api(runtime, key).post<StartAnswer>('/v1/creators/onboardings', {
        creator: creatorApplication(overrides),
      });
      expect(answer.status).toBe(202);
      return answer.body.executionId;
    };

    const served = await start({ region: 'MY', followers: 20_000 });
    const elsewhere = await start({ region: 'VN', followers: 20_000 });

    const servedExecution = await finished(served, key);
    expect(servedExecution.outcome).toMatchObject({ decision: 'APPROVED', tier: 'mid' });
    const waiting = await pollUntil(
      async () => {
        const answer = await api(runtime, key).get<ExecutionAnswer>(`/v1/executions/${elsewhere}`);
        return answer.body.status === 'WAITING_FOR_REVIEW' ? answer.body : undefined;
      },
      { timeoutMs: 15_000, describe: () => `${elsewhere} never waited for a review` },
    );
    expect(waiting.status).toBe('WAITING_FOR_REVIEW');
    const reviews = await api(
      runtime,
      await createApiKey(runtime, { role: 'manager', partnerId: strict.partnerId }),
    ).get<{
      items: ReviewAnswer[];
    }>('/v1/reviews?status=PENDING');
    expect(reviews.body.items.map((review) => review.reasons)).toEqual([['REGION_NOT_SERVED']]);
  });
});
