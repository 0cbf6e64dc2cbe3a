import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';

type QueryInput = Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>;

/** Every item a query matches, following DynamoDB's pages to the end (for lists that are bounded by design). */
export function queryAll(input: QueryInput): Promise<Record<string, unknown>[]> {
  return queryUpTo(input, Number.POSITIVE_INFINITY);
}

/** The first `limit` items a query matches, following DynamoDB's pages until it has them or the list ends. */
export async function queryUpTo(input: QueryInput, limit: number): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamodb.send(
      new QueryCommand({
        ...input,
        ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (items.length < limit && startKey !== undefined);
  return items;
}
