import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { queryAll } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type ViolationState = 'OPEN' | 'CONFIRMED' | 'DISMISSED' | 'OVERTURNED';

/**
 * A violation as it bears on a creator's handle: kept under the handle so that a creator submitted again,
 * by any partner, is screened against its whole history.
 */
export interface HandleViolation {
  readonly handle: string;
  readonly violationId: string;
  readonly severity: Severity;
  readonly state: ViolationState;
  readonly occurredAt: string;
}

const historyPk = (handle: string) => `HANDLE#${handle}`;

/** Records or updates a violation in a handle's history (written by violation handling). */
export async function putHandleViolation(violation: HandleViolation): Promise<void> {
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        pk: historyPk(violation.handle),
        sk: `VIOLATION#${violation.occurredAt}#${violation.violationId}`,
        type: 'HandleViolation',
        ...violation,
      },
    }),
  );
}

/** A handle's violation history, oldest first. */
export async function listHandleViolations(handle: string): Promise<HandleViolation[]> {
  return (await queryAll({
    TableName: TABLE_NAME,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': historyPk(handle), ':prefix': 'VIOLATION#' },
  })) as unknown as HandleViolation[];
}
