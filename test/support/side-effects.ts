/**
 * What a request may have changed in a runtime: every item of the table and every workflow execution. Security
 * tests take a snapshot before and after requests that must be refused, and expect no difference.
 */
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { workflows } from '#catalog/index.ts';
import { localStateMachineArn } from '#catalog/naming.ts';
import { pollUntil, type TestRuntime } from '#test/support/runtime.ts';

export interface SideEffects {
  /** Each item as canonical JSON, keyed by `pk|sk`. */
  readonly items: ReadonlyMap<string, string>;
  /** Every execution ARN with its status. */
  readonly executions: ReadonlyMap<string, string>;
}

/** JSON with sorted keys, so equal items compare equal whatever order DynamoDB returns attributes in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    typeof member === 'object' && member !== null && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => a.localeCompare(b)))
      : member,
  );
}

/** Reads the whole table and every execution of every workflow in the catalog. */
export async function sideEffects(runtime: TestRuntime): Promise<SideEffects> {
  const items = new Map<string, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await runtime.documentClient.send(
      new ScanCommand({ TableName: runtime.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) items.set(`${String(item.pk)}|${String(item.sk)}`, canonical(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  const executions = new Map<string, string>();
  for (const workflow of workflows) {
    let nextToken: string | undefined;
    do {
      const page = await runtime.sfnClient.send(
        new ListExecutionsCommand({ stateMachineArn: localStateMachineArn(workflow.name), nextToken }),
      );
      for (const execution of page.executions ?? []) {
        executions.set(execution.executionArn ?? '', execution.status ?? '');
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  }
  return { items, executions };
}

/** What changed between two snapshots, readably: `item added pk|sk`, `execution started arn`, ... */
export function changesBetween(before: SideEffects, after: SideEffects): string[] {
  const changes: string[] = [];
  for (const [key, item] of after.items) {
    const earlier = before.items.get(key);
    if (earlier === undefined) changes.push(`item added ${key}`);
    else if (earlier !== item) changes.push(`item changed ${key}`);
  }
  for (const key of before.items.keys()) if (!after.items.has(key)) changes.push(`item deleted ${key}`);
  for (const [arn, status] of after.executions) {
    const earlier = before.executions.get(arn);
    if (earlier === undefined) changes.push(`execution started ${arn}`);
    else if (earlier !== status) changes.push(`execution ${arn} went from ${earlier} to ${status}`);
  }
  return changes;
}

/** How long nothing may change before the runtime counts as quiet: longer than any step between two writes. */
const QUIET_MS = 1_000;

/**
 * Waits until the runtime is quiet: nothing changed for QUIET_MS (running workflows have parked on a wait or a
 * review), so a later difference can only come from the requests a test makes.
 */
export async function settled(runtime: TestRuntime, timeoutMs = 30_000): Promise<SideEffects> {
  let previous = await sideEffects(runtime);
  let quietSince = Date.now();
  let last: string[] = [];
  return pollUntil(
    async () => {
      const current = await sideEffects(runtime);
      last = changesBetween(previous, current);
      previous = current;
      if (last.length > 0) quietSince = Date.now();
      return Date.now() - quietSince >= QUIET_MS ? current : undefined;
    },
    {
      timeoutMs,
      intervalMs: 100,
      describe: () => `the runtime kept changing: ${last.slice(0, 5).join('; ')}`,
    },
  );
}
