import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { currentInvocation, type InvocationReport, onInvocationReport } from '#local/lambda/invoke.ts';

/** What one function (or code outside any function) consumed while the meter ran. */
export interface FunctionUsage {
  invocations: number;
  /** Lambda bills each invocation's duration rounded up to the millisecond, times the configured memory. */
  gbSeconds: number;
  durationsMs: number[];
  readUnits: number;
  writeUnits: number;
  dynamodbCalls: number;
}

export type Usage = Map<string, FunctionUsage>;

/** Calls outside any Lambda invocation (the bench's own seeding and reads). */
export const OUTSIDE_FUNCTIONS = '(outside functions)';

const READ_OPERATIONS = /^(Get|BatchGet|Query|Scan|TransactGet)/;

const emptyUsage = (): FunctionUsage => ({
  invocations: 0,
  gbSeconds: 0,
  durationsMs: [],
  readUnits: 0,
  writeUnits: 0,
  dynamodbCalls: 0,
});

interface ConsumedCapacity {
  readonly CapacityUnits?: number;
}

function capacityOf(output: unknown): number {
  const consumed = (output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] } | undefined)
    ?.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed];
  return list.reduce((total, item) => total + (item.CapacityUnits ?? 0), 0);
}

export interface Meter {
  /** A copy of everything consumed so far, by function id. */
  snapshot(): Usage;
  /** Removes the middleware and the invocation listener. */
  stop(): void;
}

/**
 * Meters the shared DynamoDB client (functions/lib/clients/dynamodb.ts, which every repository and the
 * idempotency layer use) and every in-process Lambda invocation: each call asks DynamoDB for
 * `ReturnConsumedCapacity: TOTAL` and the units are booked to the function whose code made it. A conditional
 * write whose condition fails still consumes write capacity in DynamoDB, but the error carries no figure: it is
 * booked as 1 write unit (items here are under 1 KB).
 */
export function startMeter(client: DynamoDBClient): Meter {
  const usage: Usage = new Map();
  const usageOf = (functionId: string) => {
    let entry = usage.get(functionId);
    if (entry === undefined) {
      entry = emptyUsage();
      usage.set(functionId, entry);
    }
    return entry;
  };
  const name = 'partnerflowBenchConsumedCapacity';
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName ?? '';
      const entry = usageOf(currentInvocation.getStore()?.functionId ?? OUTSIDE_FUNCTIONS);
      const isRead = READ_OPERATIONS.test(operation);
      const input = { ...(args.input as Record<string, unknown>), ReturnConsumedCapacity: 'TOTAL' };
      entry.dynamodbCalls += 1;
      try {
        const result = await next({ ...args, input });
        const units = capacityOf(result.output);
        if (isRead) entry.readUnits += units;
        else entry.writeUnits += units;
        return result;
      } catch (error) {
        if (!isRead && (error as Error).name === 'ConditionalCheckFailedException') entry.writeUnits += 1;
        throw error;
      }
    },
    { step: 'initialize', priority: 'high', name },
  );
  const stopReports = onInvocationReport((report: InvocationReport) => {
    const entry = usageOf(report.functionId);
    entry.invocations += 1;
    entry.durationsMs.push(report.durationMs);
    entry.gbSeconds += (Math.ceil(report.durationMs) / 1000) * (report.memoryMb / 1024);
  });
  return {
    snapshot: () =>
      new Map(
        [...usage.entries()].map(([id, entry]) => [id, { ...entry, durationsMs: [...entry.durationsMs] }]),
      ),
    stop: () => {
      client.middlewareStack.remove(name);
      stopReports();
    },
  };
}

/** What happened between two snapshots. */
export function usageBetween(before: Usage, after: Usage): Usage {
  const difference: Usage = new Map();
  for (const [id, now] of after) {
    const then = before.get(id) ?? emptyUsage();
    difference.set(id, {
      invocations: now.invocations - then.invocations,
      gbSeconds: now.gbSeconds - then.gbSeconds,
      durationsMs: now.durationsMs.slice(then.durationsMs.length),
      readUnits: now.readUnits - then.readUnits,
      writeUnits: now.writeUnits - then.writeUnits,
      dynamodbCalls: now.dynamodbCalls - then.dynamodbCalls,
    });
  }
  return difference;
}

/** The sum of the usage of the given functions (all when `functionIds` is undefined). */
export function totalOf(usage: Usage, functionIds?: readonly string[]): FunctionUsage {
  const total = emptyUsage();
  for (const [id, entry] of usage) {
    if (functionIds !== undefined && !functionIds.includes(id)) continue;
    total.invocations += entry.invocations;
    total.gbSeconds += entry.gbSeconds;
    total.durationsMs.push(...entry.durationsMs);
    total.readUnits += entry.readUnits;
    total.writeUnits += entry.writeUnits;
    total.dynamodbCalls += entry.dynamodbCalls;
  }
  return total;
}
