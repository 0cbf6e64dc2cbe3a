import { setTimeout as sleep } from 'node:timers/promises';
import { type ExecutionListItem, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { LOCAL_REGION } from '#catalog/naming.ts';

/** Where an accepted request's execution ended (or that it has not). */
export interface ExecutionState {
  readonly status: string;
  readonly stopDate?: Date;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
export const isTerminal = (status: string | undefined) => status !== undefined && TERMINAL.has(status);

export function stepFunctionsClient(sfnUrl: string): SFNClient {
  return new SFNClient({
    endpoint: sfnUrl,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Every execution of a state machine, by name (the API's execution id). */
export async function listExecutions(
  client: SFNClient,
  stateMachineArn: string,
): Promise<Map<string, ExecutionListItem>> {
  const byName = new Map<string, ExecutionListItem>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken }),
    );
    for (const item of page.executions ?? []) if (item.name !== undefined) byName.set(item.name, item);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return byName;
}

/**
 * Polls the Step Functions API until every execution named is terminal or the deadline passes, and returns
 * what each one is then (absent: never seen). `onProgress` hears how many are terminal after each poll.
 */
export async function awaitTerminal(options: {
  readonly client: SFNClient;
  readonly stateMachineArn: string;
  readonly executionIds: readonly string[];
  readonly deadline: number;
  readonly pollMs?: number;
  readonly onProgress?: (terminal: number) => void;
}): Promise<Map<string, ExecutionState>> {
  const states = new Map<string, ExecutionState>();
  for (;;) {
    const listed = await listExecutions(options.client, options.stateMachineArn);
    let terminal = 0;
    for (const executionId of options.executionIds) {
      const item = listed.get(executionId);
      if (item?.status === undefined) continue;
      states.set(executionId, {
        status: item.status,
        ...(item.stopDate === undefined ? {} : { stopDate: item.stopDate }),
      });
      if (isTerminal(item.status)) terminal += 1;
    }
    options.onProgress?.(terminal);
    if (terminal === options.executionIds.length || Date.now() >= options.deadline) return states;
    await sleep(options.pollMs ?? 500);
  }
}
