import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  delay,
  enteredStates,
  eventTypes,
  executionHistory,
  FakeFunctions,
  type LocalStepFunctions,
  loadFixtureMachine,
  startLocalStepFunctions,
  testStateMachineArn,
  waitForStatus,
} from '#test/support/sfn.ts';

const functions = new FakeFunctions()
  .define('score-applicant', (payload) => {
    const { applicant } = payload as { applicant: { followers: number } };
    return { score: applicant.followers >= 10_000 ? 85 : 40 };
  })
  .define('invite-creator', async (payload) => {
    await delay(15); // long enough for the Map to try to run more than MaxConcurrency at once
    const { creator, position } = payload as { creator: string; position: number };
    return { invited: creator, position };
  })
  .define('check-commission', (payload) => ({
    commissionOk: (payload as { commission: number }).commission <= 30,
  }))
  .define('check-budget', (payload) => ({
    budgetOk: (payload as { campaign: string }).campaign === 'spring',
  }));

let sfn: LocalStepFunctions;

beforeAll(async () => {
  const functionIds = ['score-applicant', 'invite-creator', 'check-commission', 'check-budget'];
  sfn = await startLocalStepFunctions({
    machines: [
      await loadFixtureMachine('score-and-route', { functions: functionIds }),
      await loadFixtureMachine('fan-out', { functions: functionIds }),
      await loadFixtureMachine('start-welcome', {
        substitutions: { WelcomeFlowStateMachineArn: testStateMachineArn('welcome-flow') },
      }),
      await loadFixtureMachine('welcome-flow'),
    ],
    invokeFunction: functions.invoke,
  });
});

afterAll(async () => {
  await sfn.close();
});

async function run(machine: string, input: unknown, name?: string) {
  const { executionArn } = await sfn.client.send(
    new StartExecutionCommand({
      stateMachineArn: testStateMachineArn(machine),
      input: JSON.stringify(input),
      name,
    }),
  );
  if (executionArn === undefined) throw new Error('StartExecution returned no executionArn');
  const execution = await waitForStatus(sfn.client, executionArn, ['SUCCEEDED']);
  return { executionArn, execution, output: JSON.parse(execution.output ?? 'null') as unknown };
}

describe('a Task and a Choice', () => {
  it('routes on the task result, which has the lambda:invoke shape', async () => {
    const { execution, output } = await run(
      'score-and-route',
      { applicant: { followers: 25_000 } },
      'big-creator',
    );

    expect(execution.status).toBe('SUCCEEDED');
    expect(output).toEqual({ decision: 'approved', score: 85, statusCode: 200 });
    expect(functions.callsTo('score-applicant').at(-1)?.payload).toEqual({
      applicant: { followers: 25_000 },
      executionName: 'big-creator',
    });
  });

  it('takes the Default branch when no choice matches', async () => {
    const { output } = await run('score-and-route', { applicant: { followers: 50 } });

    expect(output).toEqual({ decision: 'rejected', score: 40 });
  });

  it('records the history as Step Functions does, in order and by state name', async () => {
    const { executionArn } = await run('score-and-route', { applicant: { followers: 25_000 } });

    const events = await executionHistory(sfn.client, executionArn);

    expect(eventTypes(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(enteredStates(events)).toEqual(['ScoreApplicant', 'RouteByScore', 'ApproveApplicant']);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.slice(1).every((event, index) => event.previousEventId === index + 1)).toBe(true);
    expect(events.every((event) => event.timestamp instanceof Date)).toBe(true);
    const scheduled = events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: 'us-east-1' });
    expect(JSON.parse(scheduled?.parameters ?? '{}')).toMatchObject({
      FunctionName: expect.stringContaining('score'),
    });
    const exited = events.find((event) => event.type === 'TaskStateExited')?.stateExitedEventDetails;
    expect(exited?.name).toBe('ScoreApplicant');
    expect(JSON.parse(exited?.output ?? '{}')).toMatchObject({ scoring: { score: 85, statusCode: 200 } });
  });
});

describe('a Map and a Parallel', () => {
  it('runs every item with at most MaxConcurrency in flight, then both branches', async () => {
    const creators = ['ana', 'bo', 'cy', 'di', 'ed', 'fay'];

    const { executionArn, output } = await run('fan-out', { creators, commission: 20, campaign: 'spring' });

    expect(output).toMatchObject({
      invitations: creators.map((creator, position) => ({ invited: creator, position })),
      checks: [{ commissionOk: true }, { budgetOk: true }],
    });
    expect(functions.callsTo('invite-creator')).toHaveLength(creators.length);
    expect(functions.peakConcurrency('invite-creator')).toBe(2);
    const events = await executionHistory(sfn.client, executionArn);
    const types = eventTypes(events);
    expect(types.filter((type) => type === 'MapIterationStarted')).toHaveLength(creators.length);
    expect(types.filter((type) => type === 'MapIterationSucceeded')).toHaveLength(creators.length);
    expect(
      events.find((event) => event.type === 'MapStateStarted')?.mapStateStartedEventDetails?.length,
    ).toBe(6);
    expect(types).toEqual(
      expect.arrayContaining(['ParallelStateEntered', 'ParallelStateStarted', 'ParallelStateSucceeded']),
    );
    // A plain function ARN as Resource is the legacy Lambda integration, with its own events.
    expect(types).toEqual(expect.arrayContaining(['LambdaFunctionScheduled', 'LambdaFunctionSucceeded']));
    expect(types.indexOf('MapStateExited')).toBeLessThan(types.indexOf('ParallelStateEntered'));
    expect(types.at(-2)).toBe('ParallelStateExited');
  });
});

describe('the states:startExecution integration', () => {
  it('starts another local execution and returns its ARN', async () => {
    const { output } = await run('start-welcome', { creatorId: 'c-42' });

    const started = output as { ExecutionArn: string; StartDate: string };
    expect(started.ExecutionArn).toBe(
      `${testStateMachineArn('welcome-flow').replace(':stateMachine:', ':execution:')}:welcome-c-42`,
    );
    const child = await waitForStatus(sfn.client, started.ExecutionArn, ['SUCCEEDED']);
    expect(child.status).toBe('SUCCEEDED');
    expect(JSON.parse(child.output ?? 'null')).toEqual({ welcomed: 'c-42' });
    const described = await sfn.client.send(
      new DescribeExecutionCommand({ executionArn: started.ExecutionArn }),
    );
    expect(JSON.parse(described.input ?? 'null')).toEqual({ creatorId: 'c-42' });
  });
});
