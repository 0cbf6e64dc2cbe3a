import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

export interface Partner {
  readonly partnerId: string;
  readonly name: string;
  readonly managerEmails: readonly string[];
  /** IANA time zone, e.g. `Asia/Jakarta`: the weekly report goes out at 08:00 there. */
  readonly timezone: string;
  /** Policy overrides, validated by the owning workflow's settings schema. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const keyOf = (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'PROFILE' });

/** Creates or replaces a partner's profile (admin CLI only). */
export async function putPartner(partner: Partner): Promise<void> {
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...keyOf(partner.partnerId),
        type: 'Partner',
        gsi2pk: 'PARTNERS',
        gsi2sk: partner.partnerId,
        ...partner,
      },
    }),
  );
}

export async function getPartner(partnerId: string): Promise<Partner | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: TABLE_NAME, Key: keyOf(partnerId) }));
  if (Item === undefined) return undefined;
  const { pk: _pk, sk: _sk, type: _type, gsi2pk: _g, gsi2sk: _s, ...partner } = Item;
  return partner as Partner;
}

/** Replaces a partner's settings; returns false when the partner does not exist. */
export async function putPartnerSettings(
  partnerId: string,
  settings: Readonly<Record<string, unknown>>,
  at: string,
): Promise<boolean> {
  try {
    await dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keyOf(partnerId),
        UpdateExpression: 'SET settings = :settings, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':settings': settings, ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
