import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStepFunctionsService } from '#local/sfn/service.ts';
import {
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

const coolDownArn = testStateMachineArn('cool-down');
const scoreArn = testStateMachineArn('score-and-route');
const functions = new FakeFunctions().define('score-applicant', () => ({ score: 90 }));
let sfn: LocalStepFunctions;

beforeAll(async () => {
  sfn = await startLocalStepFunctions({
    machines: [
      await loadFixtureMachine('cool-down'),
      await loadFixtureMachine('score-and-route', { functions: ['score-applicant'] }),
    ],
    invokeFunction: functions.invoke,
  });
});

afterAll(async () => {
  await sfn.close();
});

function start(stateMachineArn: string, input: unknown, name?: string) {
  return sfn.client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
}

async function startAndFinish(name: string) {
  const { executionArn } = await start(scoreArn, { applicant: { followers: 1 } }, name);
  if (executionArn === undefined) throw new Error('StartExecution returned no executionArn');
  await waitForStatus(sfn.client, executionArn, ['SUCCEEDED']);
  return executionArn;
}

describe('StartExecution names', () => {
  it('answers the same execution for the same name and input while it runs', async () => {
    const first = await start(coolDownArn, { startAt: '2999-01-01T00:00:00Z' }, 'idempotent-start');

    const again = await start(coolDownArn, { startAt: '2999-01-01T00:00:00Z' }, 'idempotent-start');
    const otherInput = start(coolDownArn, { startAt: '2998-01-01T00:00:00Z' }, 'idempotent-start');

    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(otherInput).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await sfn.client.send(new StopExecutionCommand({ executionArn: first.executionArn }));
  });

  it('refuses a name already used by a closed execution, whatever the input', async () => {
    await startAndFinish('closed-name');

    const reused = start(scoreArn, { applicant: { followers: 1 } }, 'closed-name');

    await expect(reused).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it.each([
    ['has space', 'InvalidName'],
    ['slash/name', 'InvalidName'],
    ['brace{', 'InvalidName'],
    ['colon:name', 'InvalidName'],
    ['tab\tname', 'InvalidName'],
    ['control\u0001char', 'InvalidName'],
    ['c1\u0085char', 'InvalidName'],
    ['x'.repeat(81), 'ValidationException'],
  ])('refuses the name %j with %s', async (name, errorName) => {
    await expect(start(scoreArn, {}, name)).rejects.toMatchObject({ name: errorName });
  });

  it('accepts an 80-character name with dashes, underscores and dots', async () => {
    const name = `ok-name_1.${'y'.repeat(70)}`;

    const executionArn = await startAndFinish(name);

    expect(executionArn.endsWith(`:${name}`)).toBe(true);
  });

  it('refuses an unknown machine, a malformed ARN and input that is not JSON', async () => {
    await expect(start(testStateMachineArn('no-such-machine'), {})).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
    await expect(start('not-an-arn', {})).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(
      sfn.client.send(new StartExecutionCommand({ stateMachineArn: scoreArn, input: '{"broken":' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  });
});

describe('ListExecutions', () => {
  it('pages newest first with nextToken and filters by status', async () => {
    const machine = await loadFixtureMachine('score-and-route', {
      name: 'score-listing',
      functions: ['score-applicant'],
    });
    const listing = await startLocalStepFunctions({ machines: [machine], invokeFunction: functions.invoke });
    try {
      const names = ['list-1', 'list-2', 'list-3', 'list-4', 'list-5'];
      for (const name of names) {
        const { executionArn } = await listing.client.send(
          new StartExecutionCommand({
            stateMachineArn: machine.arn,
            name,
            input: '{"applicant":{"followers":1}}',
          }),
        );
        await waitForStatus(listing.client, executionArn ?? '', ['SUCCEEDED']);
      }

      const pages: string[][] = [];
      let nextToken: string | undefined;
      do {
        const page = await listing.client.send(
          new ListExecutionsCommand({ stateMachineArn: machine.arn, maxResults: 2, nextToken }),
        );
        pages.push((page.executions ?? []).map((execution) => execution.name ?? ''));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      const running = await listing.client.send(
        new ListExecutionsCommand({ stateMachineArn: machine.arn, statusFilter: 'RUNNING' }),
      );
      const succeeded = await listing.client.send(
        new ListExecutionsCommand({ stateMachineArn: machine.arn, statusFilter: 'SUCCEEDED' }),
      );

      expect(pages).toEqual([['list-5', 'list-4'], ['list-3', 'list-2'], ['list-1']]);
      expect(running.executions).toEqual([]);
      expect(succeeded.executions?.map((execution) => execution.name)).toEqual([...names].reverse());
      expect(succeeded.executions?.[0]).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: machine.arn });
      expect(succeeded.executions?.[0]?.stopDate).toBeInstanceOf(Date);
    } finally {
      await listing.close();
    }
  });

  it('refuses a page token from another listing', async () => {
    const page = await sfn.client.send(
      new ListExecutionsCommand({ stateMachineArn: scoreArn, maxResults: 1 }),
    );
    await startAndFinish('second-for-token');

    const foreign = sfn.client.send(
      new ListExecutionsCommand({ stateMachineArn: coolDownArn, nextToken: page.nextToken ?? 'x' }),
    );

    await expect(foreign).rejects.toMatchObject({ name: 'InvalidToken' });
  });
});

describe('StopExecution', () => {
  it('aborts a running execution and keeps the error and cause', async () => {
    const { executionArn } = await start(coolDownArn, { startAt: '2999-01-01T00:00:00Z' }, 'to-stop');
    await waitForStatus(sfn.client, executionArn ?? '', ['RUNNING']);

    await sfn.client.send(
      new StopExecutionCommand({ executionArn, error: 'Ops.Cancelled', cause: 'duplicate' }),
    );
    const stopped = await sfn.client.send(new DescribeExecutionCommand({ executionArn }));
    const stoppedAgain = await sfn.client.send(new StopExecutionCommand({ executionArn }));

    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Ops.Cancelled', cause: 'duplicate' });
    expect(stopped.redriveStatus).toBe('REDRIVABLE');
    expect(stoppedAgain.stopDate).toEqual(stopped.stopDate);
    const events = await executionHistory(sfn.client, executionArn ?? '');
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Ops.Cancelled', cause: 'duplicate' },
    });
  });
});

describe('Wait states', () => {
  it('waits for the time given by waitMs, or the declared time scaled', async () => {
    sfn.service.setTimeOverrides({ timeScale: 0.001, waitMs: { CoolDown: 20 } });
    const startAt = new Date(Date.now() + 30_000).toISOString(); // 30 s away: 30 ms at this scale

    const began = Date.now();
    const { executionArn } = await start(coolDownArn, { startAt });
    const execution = await waitForStatus(sfn.client, executionArn ?? '', ['SUCCEEDED']);
    const took = Date.now() - began;
    sfn.service.setTimeOverrides({});

    expect(execution.status).toBe('SUCCEEDED');
    expect(took).toBeGreaterThanOrEqual(40);
    expect(took).toBeLessThan(3_000);
    const events = await executionHistory(sfn.client, executionArn ?? '');
    expect(enteredStates(events)).toEqual(['Prepare', 'CoolDown', 'WaitForStart', 'Activate']);
    expect(eventTypes(events).filter((type) => type.startsWith('Wait'))).toEqual([
      'WaitStateEntered',
      'WaitStateExited',
      'WaitStateEntered',
      'WaitStateExited',
    ]);
  });
});

describe('GetExecutionHistory', () => {
  it('pages in reverse order and leaves out execution data when asked', async () => {
    const executionArn = await startAndFinish('history-pages');
    const all = await executionHistory(sfn.client, executionArn);

    const first = await sfn.client.send(
      new GetExecutionHistoryCommand({
        executionArn,
        maxResults: 3,
        reverseOrder: true,
        includeExecutionData: false,
      }),
    );
    const second = await sfn.client.send(
      new GetExecutionHistoryCommand({
        executionArn,
        maxResults: 3,
        reverseOrder: true,
        nextToken: first.nextToken,
      }),
    );

    expect(first.events?.map((event) => event.id)).toEqual([all.length, all.length - 1, all.length - 2]);
    expect(second.events?.map((event) => event.id)).toEqual([all.length - 3, all.length - 4, all.length - 5]);
    expect(first.events?.[0]?.type).toBe('ExecutionSucceeded');
    expect(first.events?.[0]?.executionSucceededEventDetails?.output).toBeUndefined();
  });
});

describe('state machines', () => {
  it('lists and describes the loaded machines with their definitions', async () => {
    const executionArn = await startAndFinish('describe-machine');

    const listed = await sfn.client.send(new ListStateMachinesCommand({}));
    const described = await sfn.client.send(new DescribeStateMachineCommand({ stateMachineArn: scoreArn }));
    const forExecution = await sfn.client.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    const execution = await sfn.client.send(new DescribeExecutionCommand({ executionArn }));

    expect(listed.stateMachines?.map((machine) => machine.name)).toEqual(['cool-down', 'score-and-route']);
    expect(described).toMatchObject({ name: 'score-and-route', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition ?? '{}').StartAt).toBe('ScoreApplicant');
    expect(forExecution.definition).toBe(described.definition);
    expect(execution).toMatchObject({ stateMachineArn: scoreArn, name: 'describe-machine', redriveCount: 0 });
    expect(execution.redriveStatus).toBe('NOT_REDRIVABLE');
  });

  it('answers ExecutionDoesNotExist and UnknownOperationException as AWS does', async () => {
    const missing = sfn.client.send(
      new DescribeExecutionCommand({
        executionArn: `${scoreArn.replace(':stateMachine:', ':execution:')}:ghost`,
      }),
    );
    const unsupported = sfn.client.send(new ListActivitiesCommand({}));

    await expect(missing).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(unsupported).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });

  it('refuses to load a machine with a resource it cannot run, naming the state', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-sfn-'));
    try {
      const starting = startStepFunctionsService({
        port: 0,
        dataDir,
        machines: [await loadFixtureMachine('unsupported-resource')],
        invokeFunction: functions.invoke,
      });

      await expect(starting).rejects.toThrow(/"PublishEvent".*arn:aws:states:::sns:publish/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
