import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { decodeCursor, encodeCursor, type Page } from '#lib/repositories/pagination.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/** The partition key attribute of each index a list reads (infra/catalog/table.ts). */
const INDEX_PARTITION_KEY = { byPartner: 'gsi1pk', byState: 'gsi2pk' } as const;

export interface NewestFirstQuery<Item> {
  readonly index: keyof typeof INDEX_PARTITION_KEY;
  readonly partitionKey: string;
  /** Attributes the listed items must equal; an undefined value filters nothing. */
  readonly equals: Readonly<Record<string, string | undefined>>;
  readonly limit: number;
  readonly cursor?: string;
  readonly toItem: (item: Record<string, unknown>) => Item;
}

/**
 * One page of an index partition, newest first, with equality filters. The cursor must belong to the same
 * partition (decodeCursor), so a forged one cannot reach another partner's items.
 */
export async function queryNewestFirst<Item>(query: NewestFirstQuery<Item>): Promise<Page<Item>> {
  const keyAttribute = INDEX_PARTITION_KEY[query.index];
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': query.partitionKey };
  Object.entries(query.equals).forEach(([attribute, value], index) => {
    if (value === undefined) return;
    // Names go through placeholders: `status` is one of DynamoDB's reserved words.
    filters.push(`#f${index} = :f${index}`);
    names[`#f${index}`] = attribute;
    values[`:f${index}`] = value;
  });
  let startKey: Record<string, unknown> | undefined = decodeCursor(query.cursor, {
    attribute: keyAttribute,
    value: query.partitionKey,
  });
  const items: Item[] = [];
  // A filter applies after DynamoDB's page limit, so keep reading until the page is full or the list ends.
  do {
    const page = await dynamodb.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: query.index,
        KeyConditionExpression: `${keyAttribute} = :pk`,
        FilterExpression: filters.length > 0 ? filters.join(' AND ') : undefined,
        ExpressionAttributeNames: filters.length > 0 ? names : undefined,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: query.limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []).map(query.toItem));
    startKey = page.LastEvaluatedKey;
  } while (items.length < query.limit && startKey !== undefined);
  const nextCursor = encodeCursor(startKey);
  return nextCursor === undefined ? { items } : { items, nextCursor };
}
