import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { localStateMachineArn } from '#catalog/naming.ts';
import type { WorkflowName } from '#catalog/types.ts';
import type { TestRuntime } from '#test/support/runtime.ts';

/** The local execution ARN of an API execution id (the execution's name). */
export function executionArnFor(workflow: WorkflowName, executionId: string): string {
  return `${localStateMachineArn(workflow).replace(':stateMachine:', ':execution:')}:${executionId}`;
}

/** Every history event of an execution, oldest first. */
export async function historyOf(
  runtime: Pick<TestRuntime, 'sfnClient'>,
  executionArn: string,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await runtime.sfnClient.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** The names of the states an execution entered, in order: the path it took. */
export async function statePath(
  runtime: Pick<TestRuntime, 'sfnClient'>,
  executionArn: string,
): Promise<string[]> {
  return (await historyOf(runtime, executionArn)).flatMap((event) =>
    event.type?.endsWith('StateEntered') && event.stateEnteredEventDetails?.name !== undefined
      ? [event.stateEnteredEventDetails.name]
      : [],
  );
}
