import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { table } from '#catalog/table.ts';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { isConditionFailure, whenConditionHolds } from '#lib/repositories/conditional.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/** How long a delivery is remembered: past any retry or redrive of the step that sent it (redrives: 14 days). */
const DELIVERY_TTL_SECONDS = 30 * 24 * 60 * 60;

/** One email that must go out once: SENDING while an attempt holds it, SENT once SES took it. */
export interface EmailDelivery {
  readonly deliveryKey: string;
  readonly status: 'SENDING' | 'SENT';
  /** The attempt that claimed it; another attempt never sends it again. */
  readonly attemptId: string;
  readonly claimedAt: string;
  readonly messageId?: string;
  readonly sentAt?: string;
}

const deliveryKey = (key: string) => ({ pk: `EMAIL#${key}`, sk: 'DELIVERY' });

/** Claims a delivery for one attempt; the existing delivery when another attempt (or this one, earlier) holds it. */
export async function claimDelivery(
  key: string,
  attemptId: string,
  at: string,
): Promise<
  { readonly claimed: true } | { readonly claimed: false; readonly existing: EmailDelivery | undefined }
> {
  try {
    await dynamodb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...deliveryKey(key),
          type: 'EmailDelivery',
          deliveryKey: key,
          status: 'SENDING',
          attemptId,
          claimedAt: at,
          [table.timeToLiveAttribute]: Math.floor(Date.parse(at) / 1000) + DELIVERY_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { claimed: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { Item } = await dynamodb.send(
      new GetCommand({ TableName: TABLE_NAME, Key: deliveryKey(key), ConsistentRead: true }),
    );
    return { claimed: false, existing: Item as EmailDelivery | undefined };
  }
}

/** Records that SES took the message. */
export async function markDelivered(key: string, messageId: string, at: string): Promise<void> {
  await dynamodb.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: deliveryKey(key),
      UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'SENT', ':messageId': messageId, ':at': at },
    }),
  );
}

/** Gives a claim back after a send that certainly did not happen, so a retry may send; only the holder may. */
export async function releaseDelivery(key: string, attemptId: string): Promise<void> {
  await whenConditionHolds(
    dynamodb.send(
      new DeleteCommand({
        TableName: TABLE_NAME,
        Key: deliveryKey(key),
        ConditionExpression: '#status = :sending AND attemptId = :attemptId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'SENDING', ':attemptId': attemptId },
      }),
    ),
  );
}

/** The delivery of a key, if any attempt claimed it (SENDING: it may have gone out; SENT: it did). */
export async function getDelivery(key: string): Promise<EmailDelivery | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: deliveryKey(key), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : (Item as EmailDelivery);
}
