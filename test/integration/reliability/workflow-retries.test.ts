/**
 * Retries that hold, catches that record: every Task state of creator onboarding, made to fail by the local
 * runtime's fault injection. A retryable error is retried and the execution then takes its usual path; an error
 * that is not retryable is not retried, goes to the Catch the ASL names, and ends recorded (in the catch
 * target's input, the outcome, or the execution's own error). Expectations are read from the ASL itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatorApplication } from '#functions/creators/schemas.ts';
import { executionArnFor, historyOf } from '#test/support/executions.ts';
import { APPROVED_PATH, creatorApplication, REJECTED_PATH } from '#test/support/onboarding.ts';
import {
  catcherOf,
  definitionOf,
  functionOfState,
  readJsonPath,
  type StateVisit,
  visitsOf,
} from '#test/support/reliability.ts';
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

const ONBOARDING = definitionOf('creator-onboarding');
/** The Lambda errors the standard Retry block names, and the one handlers raise for dependencies. */
const RETRYABLE = [
  'PartnerFlow.Transient',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

const COMPENSATED_PATH = [
  'ValidateApplication',
  'ReserveHandle',
  'ScreenCompliance',
  'CompensateFailedOnboarding',
  'OnboardingFailed',
];

/** Applications that reach each path. */
const APPLICATIONS = {
  approved: (): Partial<CreatorApplication> => ({ followers: 20_000 }),
  rejected: (): Partial<CreatorApplication> => ({ followers: 999 }),
  review: (): Partial<CreatorApplication> => ({ engagementRate: 0.005 }),
};
type PathKind = keyof typeof APPLICATIONS;

let runtime: TestRuntime;
let partnerKey: string;

beforeAll(async () => {
  runtime = await startTestRuntime({
    // Retry intervals of seconds become milliseconds; the first review wait times out quickly (RemindManagers).
    time: { timeScale: 0.001, taskTimeoutMs: { RequestManagerReview: 600 } },
    faults: true,
  });
  const partner = await createPartner(runtime);
  partnerKey = await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId });
});
afterAll(() => runtime?.close());

interface Onboarded {
  readonly executionId: string;
  readonly creatorId: string;
  readonly creator: CreatorApplication;
}

async function onboard(kind: PathKind): Promise<Onboarded> {
  const creator = creatorApplication(APPLICATIONS[kind]());
  const answer = await api(runtime, partnerKey).post<{ executionId: string; creatorId: string }>(
    '/v1/creators/onboardings',
    { creator },
  );
  expect(answer.status).toBe(202);
  return { ...answer.body, creator };
}

const arnOf = (executionId: string) => executionArnFor('creator-onboarding', executionId);

async function finished(executionId: string) {
  const execution = await waitForExecution(runtime, arnOf(executionId), 20_000);
  return { execution, visits: visitsOf(await historyOf(runtime, arnOf(executionId))) };
}

function visitOf(visits: readonly StateVisit[], state: string): StateVisit {
  const visit = visits.find((candidate) => candidate.state === state);
  if (visit === undefined) throw new Error(`The execution never entered ${state}`);
  return visit;
}

async function emailsTo(address: string) {
  return (await sentEmails(runtime)).filter((email) => email.destination.to.includes(address));
}

describe('each retryable error is retried, then the step succeeds', () => {
  const cases: [string, PathKind, string[]][] = [
    ['ValidateApplication', 'approved', APPROVED_PATH],
    ['ReserveHandle', 'approved', APPROVED_PATH],
    ['ScreenCompliance', 'approved', APPROVED_PATH],
    ['ScoreAndTier', 'approved', APPROVED_PATH],
    ['ActivateCreator', 'approved', APPROVED_PATH],
    ['SendWelcomeEmail', 'approved', APPROVED_PATH],
    ['RecordOnboardingMetrics', 'approved', APPROVED_PATH],
    ['RejectCreator', 'rejected', REJECTED_PATH],
    ['SendRejectionNotice', 'rejected', REJECTED_PATH],
  ];
  // Every state meets a retryable error, and every retryable error is met (the list cycles).
  it.each(
    cases.map(
      ([state, kind, path], index) =>
        [state, RETRYABLE[index % RETRYABLE.length] ?? 'PartnerFlow.Transient', kind, path] as const,
    ),
  )('%s: %s twice, then success on the usual path', async (state, error, kind, path) => {
    // Arrange
    runtime.faults?.set([{ service: 'lambda', target: functionOfState(ONBOARDING, state), error, times: 2 }]);

    // Act
    const started = await onboard(kind);
    const { execution, visits } = await finished(started.executionId);

    // Assert
    expect(execution.status).toBe('SUCCEEDED');
    expect(visits.map((visit) => visit.state)).toEqual(path);
    expect(visitOf(visits, state).failures).toEqual([error, error]);
    expect(await emailsTo(started.creator.email)).toHaveLength(1);
  });

  it('retries the compensation itself, then records the creator as REJECTED', async () => {
    // Arrange
    runtime.faults?.set([
      {
        service: 'lambda',
        target: functionOfState(ONBOARDING, 'ScreenCompliance'),
        error: 'Error',
        times: 1,
      },
      {
        service: 'lambda',
        target: functionOfState(ONBOARDING, 'CompensateFailedOnboarding'),
        error: 'Lambda.TooManyRequestsException',
        times: 2,
      },
    ]);

    // Act
    const started = await onboard('approved');
    const { execution, visits } = await finished(started.executionId);

    // Assert
    expect(execution).toMatchObject({ status: 'FAILED', error: 'PartnerFlow.OnboardingFailed' });
    expect(visits.map((visit) => visit.state)).toEqual(COMPENSATED_PATH);
    expect(visitOf(visits, 'CompensateFailedOnboarding').failures).toEqual([
      'Lambda.TooManyRequestsException',
      'Lambda.TooManyRequestsException',
    ]);
    const creator = await api(runtime, partnerKey).get(`/v1/creators/${started.creatorId}`);
    expect(creator.body).toMatchObject({ status: 'REJECTED', reasons: ['PROCESSING_FAILED'] });
  });

  it.each([
    ['A DynamoDB 500', 'dynamodb.UpdateItem:InternalServerError*4', 'ActivateCreator'],
    ['SES throttling', 'ses.SendEmail:Throttling*4', 'SendWelcomeEmail'],
  ])(
    '%s that outlasts the SDK retries fails the step as PartnerFlow.Transient, and the step retry succeeds',
    async (_case, rules, state) => {
      // Arrange: the SDK tries 3 times; the 4th injected fault hits the step's retry, whose SDK retry succeeds.
      runtime.faults?.set(rules);

      // Act
      const started = await onboard('approved');
      const { execution, visits } = await finished(started.executionId);

      // Assert
      expect(execution.status).toBe('SUCCEEDED');
      expect(visits.map((visit) => visit.state)).toEqual(APPROVED_PATH);
      expect(visitOf(visits, state).failures).toEqual(['PartnerFlow.Transient']);
      expect(await emailsTo(started.creator.email)).toHaveLength(1);
    },
  );
});

describe('each error that is not retryable is caught once and recorded', () => {
  const cases: [string, string, PathKind][] = [
    ['ValidateApplication', 'Error', 'approved'],
    ['ReserveHandle', 'Error', 'approved'],
    ['ReserveHandle', 'PartnerFlow.HandleTaken', 'approved'],
    ['ScreenCompliance', 'Error', 'approved'],
    ['ScoreAndTier', 'Error', 'approved'],
    ['RequestManagerReview', 'Error', 'review'],
    ['ActivateCreator', 'PartnerFlow.InvalidTransition', 'approved'],
    ['SendWelcomeEmail', 'PartnerFlow.EmailRejected', 'approved'],
    ['RejectCreator', 'Error', 'rejected'],
    ['SendRejectionNotice', 'Sandbox.Timedout', 'rejected'],
    ['RecordOnboardingMetrics', 'Error', 'approved'],
  ];

  it.each(cases)('%s: %s goes straight to its Catch', async (state, error, kind) => {
    // Arrange
    runtime.faults?.set([{ service: 'lambda', target: functionOfState(ONBOARDING, state), error, times: 1 }]);
    const catcher = catcherOf(ONBOARDING, state, error);

    // Act
    const started = await onboard(kind);
    const { execution, visits } = await finished(started.executionId);

    // Assert: one attempt only, then the catch target, which holds the error; or, uncaught, the execution's error.
    expect(visitOf(visits, state).failures).toEqual([error]);
    const names = visits.map((visit) => visit.state);
    if (catcher === undefined) {
      expect(execution).toMatchObject({ status: 'FAILED', error });
      expect(names.at(-1)).toBe(state);
      return;
    }
    const target = visits[names.indexOf(state) + 1];
    expect(target?.state).toBe(catcher.next);
    expect(readJsonPath(target?.input, `${catcher.resultPath ?? '$'}.Error`)).toBe(error);
    expect(['SUCCEEDED', 'FAILED']).toContain(execution.status);
  });

  it('RemindManagers: an error in the reminder goes to compensation, and the creator is REJECTED', async () => {
    // Arrange: the first review wait times out (600 ms); the fault is armed once the first request was sent.
    runtime.faults?.clear();
    const started = await onboard('review');
    await pollUntil(
      async () => {
        const visits = visitsOf(await historyOf(runtime, arnOf(started.executionId)));
        return visits.some((visit) => visit.state === 'RequestManagerReview') ? true : undefined;
      },
      { timeoutMs: 10_000, describe: () => 'the execution never asked for a review' },
    );
    runtime.faults?.set([
      { service: 'lambda', target: functionOfState(ONBOARDING, 'RemindManagers'), error: 'Error', times: 1 },
    ]);

    // Act
    const { execution, visits } = await finished(started.executionId);

    // Assert
    expect(visitOf(visits, 'RemindManagers').failures).toEqual(['Error']);
    expect(visits.map((visit) => visit.state).slice(-3)).toEqual([
      'RemindManagers',
      'CompensateFailedOnboarding',
      'OnboardingFailed',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'PartnerFlow.OnboardingFailed' });
    const creator = await api(runtime, partnerKey).get(`/v1/creators/${started.creatorId}`);
    expect(creator.body).toMatchObject({ status: 'REJECTED', reasons: ['PROCESSING_FAILED'] });
  });

  it('a compensation that fails for good fails the execution at that step, with its error', async () => {
    // Arrange
    runtime.faults?.set([
      {
        service: 'lambda',
        target: functionOfState(ONBOARDING, 'ScreenCompliance'),
        error: 'Error',
        times: 1,
      },
      {
        service: 'lambda',
        target: functionOfState(ONBOARDING, 'CompensateFailedOnboarding'),
        error: 'Error',
        times: 1,
      },
    ]);

    // Act
    const started = await onboard('approved');
    const { execution, visits } = await finished(started.executionId);

    // Assert: no Catch hides it, so a redrive re-runs just the compensation.
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Error' });
    expect(visits.at(-1)).toMatchObject({ state: 'CompensateFailedOnboarding', failures: ['Error'] });
  });
});
