import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';
import { TransientError } from '#lib/workflows/errors.ts';

type Key = Readonly<Record<string, string>>;

const BATCH_SIZE = 100;
const MAX_ROUNDS = 5;

/**
 * Reads items by key, 100 keys per BatchGetItem, asking again for the keys DynamoDB left unprocessed (it does
 * under throttling) with a short growing pause; still-unprocessed keys after a few rounds are a transient failure
 * for the workflow's Retry, never a silently shorter report. Missing items are simply absent from the answer.
 */
export async function batchGetItems(
  keys: readonly Key[],
  projection?: { readonly expression: string; readonly names?: Readonly<Record<string, string>> },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += BATCH_SIZE) {
    let pending: Key[] = keys.slice(start, start + BATCH_SIZE);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === MAX_ROUNDS)
        throw new TransientError('DynamoDB left keys unprocessed after several rounds');
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      const answer = await dynamodb.send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE_NAME]: {
              Keys: pending,
              ...(projection === undefined
                ? {}
                : {
                    ProjectionExpression: projection.expression,
                    ...(projection.names === undefined ? {} : { ExpressionAttributeNames: projection.names }),
                  }),
            },
          },
        }),
      );
      items.push(...(answer.Responses?.[TABLE_NAME] ?? []));
      pending = (answer.UnprocessedKeys?.[TABLE_NAME]?.Keys ?? []) as Key[];
    }
  }
  return items;
}
