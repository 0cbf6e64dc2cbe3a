import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enteredStates,
  executionHistory,
  FakeFunctions,
  type LocalStepFunctions,
  lambdaError,
  loadFixtureMachine,
  startLocalStepFunctions,
  testStateMachineArn,
  waitFor,
  waitForStatus,
} from '#test/support/sfn.ts';

interface ChargePayload {
  readonly order: { readonly orderId: string; readonly preparation: unknown };
  readonly executionInput: unknown;
}

let cardDeclined = true;
let badCreatorFails = true;
const functions = new FakeFunctions()
  .define('prepare-order', () => ({ prepared: true }))
  .define('charge-card', (payload) => {
    if (cardDeclined) throw lambdaError('Card.Declined', 'insufficient funds');
    return { chargeId: `ch-${(payload as ChargePayload).order.orderId}` };
  })
  .define('invite-creator', (payload) => {
    const { creator } = payload as { creator: string };
    if (creator === 'bad' && badCreatorFails) throw lambdaError('Invite.Unreachable', 'inbox full');
    return { invited: creator };
  })
  .define('check-commission', () => ({ commissionOk: true }))
  .define('check-budget', () => ({ budgetOk: true }))
  .define('request-approval', () => ({ sent: true }));

const functionIds = ['prepare-order', 'charge-card', 'invite-creator', 'check-commission', 'check-budget'];

async function machines() {
  return [
    await loadFixtureMachine('order-pipeline', { functions: functionIds }),
    await loadFixtureMachine('fan-out', { functions: functionIds }),
    await loadFixtureMachine('awaiting-approval', { functions: ['request-approval'] }),
  ];
}

let sfn: LocalStepFunctions;

beforeAll(async () => {
  sfn = await startLocalStepFunctions({ machines: await machines(), invokeFunction: functions.invoke });
});

afterAll(async () => {
  await sfn.close();
});

async function startExecution(local: LocalStepFunctions, machine: string, name: string, input: unknown) {
  const { executionArn } = await local.client.send(
    new StartExecutionCommand({
      stateMachineArn: testStateMachineArn(machine),
      name,
      input: JSON.stringify(input),
    }),
  );
  if (executionArn === undefined) throw new Error('StartExecution returned no executionArn');
  return executionArn;
}

describe('RedriveExecution', () => {
  it('resumes a failed execution at the failed state, with its input and the original execution input', async () => {
    cardDeclined = true;
    const input = { orderId: 'o-1', amount: 25 };
    const executionArn = await startExecution(sfn, 'order-pipeline', 'order-o-1', input);
    const failed = await waitForStatus(sfn.client, executionArn, ['FAILED']);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Card.Declined', redriveStatus: 'REDRIVABLE' });

    cardDeclined = false;
    const { redriveDate } = await sfn.client.send(new RedriveExecutionCommand({ executionArn }));
    const redriven = await waitForStatus(sfn.client, executionArn, ['SUCCEEDED']);

    expect(redriveDate).toBeInstanceOf(Date);
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, executionArn });
    expect(JSON.parse(redriven.output ?? 'null')).toMatchObject({ charge: { chargeId: 'ch-o-1' } });
    expect(functions.callsTo('prepare-order')).toHaveLength(1);
    const retriedCharge = functions.callsTo('charge-card').at(-1)?.payload as ChargePayload;
    expect(retriedCharge.executionInput).toEqual(input);
    expect(retriedCharge.order).toMatchObject({ orderId: 'o-1', preparation: { prepared: true } });
    const events = await executionHistory(sfn.client, executionArn);
    expect(enteredStates(events)).toEqual(['PrepareOrder', 'ChargeCard', 'ChargeCard', 'ConfirmOrder']);
    expect(events.find((event) => event.type === 'ExecutionRedriven')?.executionRedrivenEventDetails).toEqual(
      {
        redriveCount: 1,
      },
    );
    const redrivenList = await sfn.client.send(
      new ListExecutionsCommand({
        stateMachineArn: testStateMachineArn('order-pipeline'),
        redriveFilter: 'REDRIVEN',
      }),
    );
    expect(redrivenList.executions?.map((execution) => execution.executionArn)).toEqual([executionArn]);
  });

  it('reruns the enclosing Map when an iteration failed', async () => {
    badCreatorFails = true;
    const executionArn = await startExecution(sfn, 'fan-out', 'fan-out-redrive', {
      creators: ['ok', 'bad'],
      commission: 10,
      campaign: 'spring',
    });
    await waitForStatus(sfn.client, executionArn, ['FAILED']);

    badCreatorFails = false;
    await sfn.client.send(new RedriveExecutionCommand({ executionArn }));
    const redriven = await waitForStatus(sfn.client, executionArn, ['SUCCEEDED']);

    expect(redriven.status).toBe('SUCCEEDED');
    expect(JSON.parse(redriven.output ?? 'null')).toMatchObject({
      invitations: [{ invited: 'ok' }, { invited: 'bad' }],
    });
    const topLevel = enteredStates(await executionHistory(sfn.client, executionArn)).filter(
      (name) => name === 'InviteCreators' || name === 'RunChecks',
    );
    expect(topLevel).toEqual(['InviteCreators', 'InviteCreators', 'RunChecks']);
  });

  it('refuses to redrive an execution that succeeded', async () => {
    cardDeclined = false;
    const executionArn = await startExecution(sfn, 'order-pipeline', 'order-o-2', {
      orderId: 'o-2',
      amount: 5,
    });
    await waitForStatus(sfn.client, executionArn, ['SUCCEEDED']);

    const redrive = sfn.client.send(new RedriveExecutionCommand({ executionArn }));

    await expect(redrive).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
  });
});

describe('a restart of the local runtime', () => {
  it('marks a running execution FAILED, invalidates its tokens, and lets it be redriven to success', async () => {
    const first = await startLocalStepFunctions({
      machines: await machines(),
      invokeFunction: functions.invoke,
    });
    const finishedArn = await startExecution(first, 'order-pipeline', 'finished-before-restart', {
      orderId: 'o-3',
      amount: 1,
    });
    await waitForStatus(first.client, finishedArn, ['SUCCEEDED']);
    const interruptedArn = await startExecution(first, 'awaiting-approval', 'interrupted', {
      requestId: 'r-1',
    });
    const tokenBefore = await waitFor('the approval request', () => approvalToken('r-1', 0));

    await first.close({ keepData: true });
    const second = await startLocalStepFunctions({
      machines: await machines(),
      invokeFunction: functions.invoke,
      dataDir: first.dataDir,
    });
    try {
      const interrupted = await second.client.send(
        new DescribeExecutionCommand({ executionArn: interruptedArn }),
      );
      const finished = await second.client.send(new DescribeExecutionCommand({ executionArn: finishedArn }));
      const staleToken = second.client.send(
        new SendTaskSuccessCommand({ taskToken: tokenBefore, output: '{}' }),
      );

      expect(interrupted).toMatchObject({
        status: 'FAILED',
        error: 'PartnerFlow.RuntimeRestarted',
        redriveStatus: 'REDRIVABLE',
      });
      expect(interrupted.cause).toMatch(/restart of the local runtime.*[Rr]edrive/s);
      expect(finished.status).toBe('SUCCEEDED');
      expect(JSON.parse(finished.output ?? 'null')).toMatchObject({ charge: { chargeId: 'ch-o-3' } });
      await expect(staleToken).rejects.toMatchObject({ name: 'TaskTimedOut' });

      await second.client.send(new RedriveExecutionCommand({ executionArn: interruptedArn }));
      const tokenAfter = await waitFor('the approval request after redrive', () => approvalToken('r-1', 1));
      await second.client.send(
        new SendTaskSuccessCommand({ taskToken: tokenAfter, output: '{"approved":true}' }),
      );
      const redriven = await waitForStatus(second.client, interruptedArn, ['SUCCEEDED']);

      expect(tokenAfter).not.toBe(tokenBefore);
      expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
      expect(JSON.parse(redriven.output ?? 'null')).toEqual({
        requestId: 'r-1',
        approval: { approved: true },
      });
      const events = await executionHistory(second.client, interruptedArn);
      expect(enteredStates(events)).toEqual(['ValidateRequest', 'AwaitApproval', 'AwaitApproval']);
      expect(events.map((event) => event.type)).toEqual(
        expect.arrayContaining(['ExecutionFailed', 'ExecutionRedriven', 'ExecutionSucceeded']),
      );
    } finally {
      await second.close();
    }
  });
});

/** The token of the n-th approval request for `requestId`, once it has been sent. */
function approvalToken(requestId: string, occurrence: number): string | undefined {
  const requests = functions
    .callsTo('request-approval')
    .map((call) => call.payload as { taskToken: string; request: { requestId: string } })
    .filter((payload) => payload.request.requestId === requestId);
  return requests[occurrence]?.taskToken;
}
