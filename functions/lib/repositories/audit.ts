import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import { queryAll } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

export interface AuditEntry {
  /** The entity's partition key, e.g. `CREATOR#cr_...`: its audit trail lives beside it. */
  readonly entityKey: string;
  /** Unique per change; a retried step reuses it, so the trail never records a change twice. */
  readonly changeId: string;
  readonly action: string;
  /** `system:<step>`, `manager:<keyId>`, `partner:<keyId>`, `ops:<keyId>`. */
  readonly actor: string;
  readonly at: string;
  readonly executionId?: string;
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after?: Readonly<Record<string, unknown>>;
}

/** Records one change once (idempotent on `changeId`). */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await whenConditionHolds(
    dynamodb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { pk: entry.entityKey, sk: `AUDIT#${entry.changeId}`, type: 'Audit', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/** An entity's audit trail, oldest first. */
export async function listAudit(entityKey: string): Promise<AuditEntry[]> {
  const entries = (await queryAll({
    TableName: TABLE_NAME,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': entityKey, ':prefix': 'AUDIT#' },
  })) as unknown as AuditEntry[];
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.changeId.localeCompare(b.changeId));
}
