import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { isConditionFailure, whenConditionHolds } from '#lib/repositories/conditional.ts';
import { queryAll } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * One invitation per creator of a campaign, kept in the campaign's partition (a strongly consistent query lists
 * them all for the compensation). Its status only moves forward:
 *
 *   PENDING → INVITED (email sent) | HELD (the campaign was paused: sent when it resumes) | FAILED
 *   HELD → INVITED | FAILED;  PENDING, INVITED, HELD → WITHDRAWN (the launch was undone)
 */
export type InvitationStatus = 'PENDING' | 'INVITED' | 'HELD' | 'FAILED' | 'WITHDRAWN';

export interface InvitationFailure {
  /** CREATOR_INELIGIBLE, COLLABORATION_CONFLICT, EMAIL_REJECTED, PROCESSING_FAILED. */
  readonly code: string;
  readonly message: string;
  readonly at: string;
}

export interface Invitation {
  readonly campaignId: string;
  readonly creatorId: string;
  readonly partnerId: string;
  readonly status: InvitationStatus;
  readonly handle?: string;
  readonly email?: string;
  readonly displayName?: string;
  /** The products offered (the campaign's, less those TikTok reported in conflict for this creator). */
  readonly productIds: readonly string[];
  readonly invitedAt?: string;
  readonly heldAt?: string;
  readonly failure?: InvitationFailure;
  readonly withdrawnAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const invitationKey = (campaignId: string, creatorId: string) => ({
  pk: `CAMPAIGN#${campaignId}`,
  sk: `INVITATION#${creatorId}`,
});

const INTERNAL = new Set(['pk', 'sk', 'type']);

function toInvitation(item: Record<string, unknown>): Invitation {
  return Object.fromEntries(
    Object.entries(item).filter(([key]) => !INTERNAL.has(key)),
  ) as unknown as Invitation;
}

export async function getInvitation(campaignId: string, creatorId: string): Promise<Invitation | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: invitationKey(campaignId, creatorId),
      ConsistentRead: true,
    }),
  );
  return Item === undefined ? undefined : toInvitation(Item);
}

/** Records an invitation unless one exists; answers the invitation as stored (a retried step finds its own). */
export async function openInvitation(invitation: Invitation): Promise<Invitation> {
  try {
    await dynamodb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...invitationKey(invitation.campaignId, invitation.creatorId),
          type: 'Invitation',
          ...invitation,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return invitation;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = await getInvitation(invitation.campaignId, invitation.creatorId);
    if (existing === undefined) throw error;
    return existing;
  }
}

export interface InvitationChange {
  readonly status: InvitationStatus;
  readonly invitedAt?: string;
  readonly heldAt?: string;
  readonly failure?: InvitationFailure;
  readonly withdrawnAt?: string;
  readonly productIds?: readonly string[];
}

/**
 * Moves an invitation to `change.status` from one of `from` (or when it is there already: a retried step is
 * harmless). Answers the invitation as it was before, or undefined when it is missing or elsewhere.
 */
export async function transitionInvitation(
  campaignId: string,
  creatorId: string,
  from: readonly InvitationStatus[],
  change: InvitationChange,
  at: string,
): Promise<Invitation | undefined> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':status': change.status, ':at': at };
  const sets = ['#status = :status', 'updatedAt = :at'];
  for (const field of ['invitedAt', 'heldAt', 'failure', 'withdrawnAt', 'productIds'] as const) {
    if (change[field] === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = change[field];
    sets.push(`#${field} = :${field}`);
  }
  const allowed = [...new Set([...from, change.status])];
  allowed.forEach((status, index) => {
    values[`:from${index}`] = status;
  });
  const { Attributes } =
    (await whenConditionHolds(
      dynamodb.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: invitationKey(campaignId, creatorId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${allowed.map((_, index) => `:from${index}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      ),
    )) ?? {};
  return Attributes === undefined ? undefined : toInvitation(Attributes);
}

/** Every invitation of a campaign, by creator id (strongly consistent). */
export async function listInvitations(campaignId: string): Promise<Invitation[]> {
  const items = await queryAll({
    TableName: TABLE_NAME,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}`, ':prefix': 'INVITATION#' },
    ConsistentRead: true,
  });
  return items.map(toInvitation);
}
