import { randomBytes } from 'node:crypto';
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  delay,
  eventTypes,
  executionHistory,
  FakeFunctions,
  type LocalStepFunctions,
  loadFixtureMachine,
  startLocalStepFunctions,
  testStateMachineArn,
  waitFor,
  waitForStatus,
} from '#test/support/sfn.ts';

interface ReviewPayload {
  readonly step: 'review' | 'sign-off';
  readonly taskToken: string;
  readonly request?: { readonly reviewId: string };
}

const functions = new FakeFunctions().define('notify-manager', () => ({ notified: true }));
let sfn: LocalStepFunctions;

beforeAll(async () => {
  sfn = await startLocalStepFunctions({
    machines: [await loadFixtureMachine('manager-review', { functions: ['notify-manager'] })],
    invokeFunction: functions.invoke,
  });
});

afterAll(async () => {
  await sfn.close();
});

async function startReview(reviewId: string) {
  const { executionArn } = await sfn.client.send(
    new StartExecutionCommand({
      stateMachineArn: testStateMachineArn('manager-review'),
      name: reviewId,
      input: JSON.stringify({ reviewId }),
    }),
  );
  if (executionArn === undefined) throw new Error('StartExecution returned no executionArn');
  return executionArn;
}

/** The token the function received for a step of the review started with `reviewId` (once it arrives). */
function tokenFor(reviewId: string, step: ReviewPayload['step']): Promise<string> {
  return waitFor(`the ${step} token of ${reviewId}`, () => {
    const calls = functions.callsTo('notify-manager').map((call) => call.payload as ReviewPayload);
    const review = calls.find(
      (payload) => payload.step === 'review' && payload.request?.reviewId === reviewId,
    );
    if (step === 'review') return review?.taskToken;
    const reviewIndex = review === undefined ? -1 : calls.indexOf(review);
    return calls.slice(reviewIndex + 1).find((payload) => payload.step === 'sign-off')?.taskToken;
  });
}

describe('waitForTaskToken', () => {
  it('hands each task its own unguessable token and resumes on SendTaskSuccess', async () => {
    const executionArn = await startReview('review-approved');

    const reviewToken = await tokenFor('review-approved', 'review');
    await sfn.client.send(
      new SendTaskSuccessCommand({ taskToken: reviewToken, output: '{"approved":true}' }),
    );
    const signOffToken = await tokenFor('review-approved', 'sign-off');
    await sfn.client.send(new SendTaskSuccessCommand({ taskToken: signOffToken, output: '"signed"' }));
    const execution = await waitForStatus(sfn.client, executionArn, ['SUCCEEDED']);

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? 'null')).toEqual({
      reviewId: 'review-approved',
      review: { approved: true },
      signOff: 'signed',
    });
    expect(reviewToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(signOffToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(signOffToken).not.toBe(reviewToken);
    const events = await executionHistory(sfn.client, executionArn);
    expect(eventTypes(events).slice(1, 8)).toEqual([
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
    ]);
    const scheduled = events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({ resource: 'invoke.waitForTaskToken', timeoutInSeconds: 3600 });
    expect(JSON.parse(scheduled?.parameters ?? '{}').Payload.taskToken).toBe(reviewToken);
  });

  it('fails the task with the error and cause given to SendTaskFailure', async () => {
    const executionArn = await startReview('review-rejected');

    const reviewToken = await tokenFor('review-rejected', 'review');
    await sfn.client.send(
      new SendTaskFailureCommand({
        taskToken: reviewToken,
        error: 'Review.Rejected',
        cause: 'missing documents',
      }),
    );
    const execution = await waitForStatus(sfn.client, executionArn, ['FAILED']);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Review.Rejected');
    expect(execution.cause).toBe('missing documents');
    const failed = (await executionHistory(sfn.client, executionArn)).find(
      (event) => event.type === 'TaskFailed',
    );
    expect(failed?.taskFailedEventDetails).toMatchObject({
      error: 'Review.Rejected',
      cause: 'missing documents',
    });
  });

  it('answers TaskTimedOut for a token whose task is over, as AWS does', async () => {
    const executionArn = await startReview('review-stopped');
    const reviewToken = await tokenFor('review-stopped', 'review');
    await sfn.client.send(new StopExecutionCommand({ executionArn }));

    const late = sfn.client.send(new SendTaskSuccessCommand({ taskToken: reviewToken, output: '{}' }));

    await expect(late).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('answers InvalidToken for a malformed token and TaskDoesNotExist for one never issued', async () => {
    const malformed = sfn.client.send(new SendTaskSuccessCommand({ taskToken: 'not a token', output: '{}' }));
    const neverIssued = sfn.client.send(
      new SendTaskHeartbeatCommand({ taskToken: randomBytes(32).toString('base64url') }),
    );

    await expect(malformed).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(neverIssued).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('refuses output that is not JSON with InvalidOutput, leaving the task waiting', async () => {
    const executionArn = await startReview('review-bad-output');
    const reviewToken = await tokenFor('review-bad-output', 'review');

    const badOutput = sfn.client.send(
      new SendTaskSuccessCommand({ taskToken: reviewToken, output: '{oops' }),
    );

    await expect(badOutput).rejects.toMatchObject({ name: 'InvalidOutput' });
    await sfn.client.send(new StopExecutionCommand({ executionArn }));
  });
});

describe('heartbeats', () => {
  // HeartbeatSeconds 600 and TimeoutSeconds 3600 become 600 ms and 3.6 s.
  const timeScale = 0.001;

  it('keeps a task alive past HeartbeatSeconds while SendTaskHeartbeat keeps coming', async () => {
    sfn.service.setTimeOverrides({ timeScale });
    const executionArn = await startReview('review-heartbeats');
    const reviewToken = await tokenFor('review-heartbeats', 'review');

    for (let beat = 0; beat < 9; beat += 1) {
      await delay(100);
      await sfn.client.send(new SendTaskHeartbeatCommand({ taskToken: reviewToken }));
    }
    await sfn.client.send(
      new SendTaskSuccessCommand({ taskToken: reviewToken, output: '{"approved":true}' }),
    );
    const signOffToken = await tokenFor('review-heartbeats', 'sign-off');
    sfn.service.setTimeOverrides({});

    expect(signOffToken).not.toBe(reviewToken);
    await sfn.client.send(new StopExecutionCommand({ executionArn }));
  });

  it('times the task out with States.Timeout when no heartbeat arrives in time', async () => {
    sfn.service.setTimeOverrides({ timeScale });
    const executionArn = await startReview('review-silent');

    const execution = await waitForStatus(sfn.client, executionArn, ['FAILED']);
    sfn.service.setTimeOverrides({});

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    const events = await executionHistory(sfn.client, executionArn);
    expect(events.find((event) => event.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.error).toBe(
      'States.Timeout',
    );
  });
});
