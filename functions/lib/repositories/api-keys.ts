import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#catalog/types.ts';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly secretHash: string;
  readonly role: Role;
  /** Absent for ops keys, which span every partner. */
  readonly partnerId?: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

const keyOf = (keyId: string) => ({ pk: `APIKEY#${keyId}`, sk: 'KEY' });

/** Stores a new key; never overwrites an existing key id. */
export async function putApiKey(record: ApiKeyRecord): Promise<void> {
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: { ...keyOf(record.keyId), type: 'ApiKey', ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: TABLE_NAME, Key: keyOf(keyId) }));
  return Item as ApiKeyRecord | undefined;
}

/** Marks a key revoked; returns false when no such key exists. */
export async function revokeApiKey(keyId: string, at: string): Promise<boolean> {
  try {
    await dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keyOf(keyId),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
