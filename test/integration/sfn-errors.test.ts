import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventTypes,
  executionHistory,
  FakeFunctions,
  type LocalStepFunctions,
  lambdaError,
  loadFixtureMachine,
  startLocalStepFunctions,
  testStateMachineArn,
  waitForStatus,
} from '#test/support/sfn.ts';

/** Every Wait, task timeout and retry interval runs at 1/200 of its declared length in this file. */
const TIME_SCALE = 0.005;

interface FeeRequest {
  readonly orderId: string;
  readonly unavailableTimes?: number;
  readonly declined?: boolean;
}

const functions: FakeFunctions = new FakeFunctions()
  .define('charge-fee', (payload) => {
    const request = payload as FeeRequest;
    const attempt = functions.calls.filter(
      (call) => call.functionId === 'charge-fee' && (call.payload as FeeRequest).orderId === request.orderId,
    ).length;
    if (request.declined) throw lambdaError('Fee.Declined', 'card declined');
    if (attempt <= (request.unavailableTimes ?? 0))
      throw lambdaError('Fee.Unavailable', `attempt ${attempt} failed`);
    return { orderId: request.orderId, attempt };
  })
  .define('look-up-seller', (payload) => {
    const { sellerHangs } = payload as { sellerHangs?: boolean };
    return sellerHangs ? new Promise(() => {}) : { seller: 'found' };
  })
  .define('look-up-shop', () => new Promise(() => {}));

let sfn: LocalStepFunctions;

beforeAll(async () => {
  const functionIds = ['charge-fee', 'look-up-seller', 'look-up-shop'];
  sfn = await startLocalStepFunctions({
    machines: [
      await loadFixtureMachine('retry-and-catch', { functions: functionIds }),
      await loadFixtureMachine('slow-lookup', { functions: functionIds }),
      await loadFixtureMachine('bounded-run'),
    ],
    invokeFunction: functions.invoke,
    time: { timeScale: TIME_SCALE },
  });
});

afterAll(async () => {
  await sfn.close();
});

async function start(machine: string, input: unknown) {
  const { executionArn } = await sfn.client.send(
    new StartExecutionCommand({
      stateMachineArn: testStateMachineArn(machine),
      input: JSON.stringify(input),
    }),
  );
  if (executionArn === undefined) throw new Error('StartExecution returned no executionArn');
  return executionArn;
}

describe('Retry', () => {
  it('retries with exponential backoff, each interval scaled, until the task succeeds', async () => {
    const executionArn = await start('retry-and-catch', { orderId: 'retry-ok', unavailableTimes: 2 });

    const execution = await waitForStatus(sfn.client, executionArn, ['SUCCEEDED']);

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? 'null')).toEqual({ charged: true });
    const attempts = functions.calls.filter((call) => (call.payload as FeeRequest).orderId === 'retry-ok');
    expect(attempts).toHaveLength(3);
    const [first, second, third] = attempts.map((call) => call.startedAt);
    // IntervalSeconds 2 then ×3 (BackoffRate), scaled: 10 ms, then 30 ms; far below the unscaled 2 s and 6 s.
    const tolerance = 2;
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(2_000 * TIME_SCALE - tolerance);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(6_000 * TIME_SCALE - tolerance);
    expect((third ?? 0) - (first ?? 0)).toBeLessThan(1_000);
    const types = eventTypes(await executionHistory(sfn.client, executionArn));
    expect(types.filter((type) => type === 'TaskScheduled')).toHaveLength(3);
    expect(types.filter((type) => type === 'TaskFailed')).toHaveLength(2);
    expect(types.filter((type) => type === 'TaskStateEntered')).toHaveLength(1);
  });

  it('stops after MaxAttempts retries and hands the error to Catch', async () => {
    const executionArn = await start('retry-and-catch', { orderId: 'retry-exhausted', unavailableTimes: 99 });

    const execution = await waitForStatus(sfn.client, executionArn, ['SUCCEEDED']);

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? 'null')).toMatchObject({
      charged: false,
      error: 'Fee.Unavailable',
    });
    expect(
      functions.calls.filter((call) => (call.payload as FeeRequest).orderId === 'retry-exhausted'),
    ).toHaveLength(4);
  });
});

describe('Catch', () => {
  it('catches an error no retrier matches, with the error and cause at ResultPath', async () => {
    const executionArn = await start('retry-and-catch', { orderId: 'declined', declined: true });

    const execution = await waitForStatus(sfn.client, executionArn, ['SUCCEEDED']);

    const output = JSON.parse(execution.output ?? 'null') as {
      charged: boolean;
      error: string;
      cause: string;
    };
    expect(output.charged).toBe(false);
    expect(output.error).toBe('Fee.Declined');
    expect(JSON.parse(output.cause)).toMatchObject({
      errorType: 'Fee.Declined',
      errorMessage: 'card declined',
    });
    const events = await executionHistory(sfn.client, executionArn);
    expect(eventTypes(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    const caughtExit = events.find((event) => event.type === 'TaskStateExited')?.stateExitedEventDetails;
    expect(JSON.parse(caughtExit?.output ?? '{}')).toMatchObject({ failure: { Error: 'Fee.Declined' } });
  });
});

describe('timeouts', () => {
  it('fails a task that runs past its TimeoutSeconds with States.Timeout', async () => {
    const executionArn = await start('slow-lookup', { sellerHangs: true, shopTimeoutSeconds: 1 });

    const execution = await waitForStatus(sfn.client, executionArn, ['FAILED']);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    const events = await executionHistory(sfn.client, executionArn);
    const timedOut = events.find((event) => event.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails).toMatchObject({ error: 'States.Timeout', resource: 'invoke' });
    expect(events.at(-1)?.type).toBe('ExecutionFailed');
  });

  it('takes a task timeout from TimeoutSecondsPath, and a per-state override wins over it', async () => {
    const fromPath = await start('slow-lookup', { shopTimeoutSeconds: 2 });
    sfn.service.setTimeOverrides({ timeScale: TIME_SCALE, taskTimeoutMs: { LookUpShop: 1 } });
    const overridden = await start('slow-lookup', { shopTimeoutSeconds: 3_600 });

    const [pathExecution, overriddenExecution] = await Promise.all([
      waitForStatus(sfn.client, fromPath, ['FAILED']),
      waitForStatus(sfn.client, overridden, ['FAILED']),
    ]);
    sfn.service.setTimeOverrides({ timeScale: TIME_SCALE });

    expect(pathExecution.error).toBe('States.Timeout');
    expect(overriddenExecution.error).toBe('States.Timeout');
    const scheduled = (await executionHistory(sfn.client, fromPath)).filter(
      (event) => event.type === 'TaskScheduled',
    );
    expect(scheduled.at(-1)?.taskScheduledEventDetails?.timeoutInSeconds).toBe(2);
  });

  it('times out the whole execution after the machine TimeoutSeconds', async () => {
    const executionArn = await start('bounded-run', {});

    const execution = await waitForStatus(sfn.client, executionArn, ['TIMED_OUT'], { timeoutMs: 5_000 });

    expect(execution.status).toBe('TIMED_OUT');
    expect(execution.error).toBe('States.Timeout');
    expect(eventTypes(await executionHistory(sfn.client, executionArn)).slice(-2)).toEqual([
      'WaitStateAborted',
      'ExecutionTimedOut',
    ]);
  });
});
