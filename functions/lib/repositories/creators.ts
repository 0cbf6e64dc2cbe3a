import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import { queryNewestFirst } from '#lib/repositories/newest-first-page.ts';
import type { Page } from '#lib/repositories/pagination.ts';
import type { SubjectEnforcement } from '#lib/repositories/subject-standing.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * RESTRICTED, SUSPENDED and BANNED are set by violation handling on an ACTIVE creator (a restricted creator cannot
 * be invited to campaigns) and go back to ACTIVE when lifted; `enforcement` says until when and why.
 */
export type CreatorStatus =
  | 'SCREENING'
  | 'IN_REVIEW'
  | 'ACTIVE'
  | 'REJECTED'
  | 'RESTRICTED'
  | 'SUSPENDED'
  | 'BANNED';
export type CreatorTier = 'top' | 'mid' | 'long-tail';

export interface Money {
  /** Integer minor units (cents): money is never stored or summed as floating point. */
  readonly amountMinor: number;
  readonly currency: string;
}

export interface Creator {
  readonly creatorId: string;
  readonly partnerId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly email: string;
  readonly region: string;
  readonly language?: string;
  readonly categories: readonly string[];
  readonly followers: number;
  readonly avgViews: number;
  readonly engagementRate: number;
  readonly gmv30d: Money;
  readonly birthDate: string;
  readonly status: CreatorStatus;
  readonly tier?: CreatorTier;
  readonly pilotEndsAt?: string;
  readonly reasons?: readonly string[];
  readonly executionId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly decidedAt?: string;
  /** While RESTRICTED, SUSPENDED or BANNED: the enforcement in force (violation handling). */
  readonly enforcement?: SubjectEnforcement;
}

export const creatorKey = (creatorId: string) => ({ pk: `CREATOR#${creatorId}`, sk: 'PROFILE' });
const handleKey = (handle: string) => ({ pk: `HANDLE#${handle}`, sk: 'RESERVATION' });
const partnerCreatorsPk = (partnerId: string) => `PARTNER#${partnerId}#CREATORS`;

function toCreator(item: Record<string, unknown>): Creator {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g1, gsi1sk: _s1, ...creator } = item;
  return creator as unknown as Creator;
}

/** Reserves a handle for one creator; false when another creator holds it (active or under review). */
export async function reserveHandle(
  handle: string,
  creatorId: string,
  partnerId: string,
  at: string,
): Promise<boolean> {
  const written = await whenConditionHolds(
    dynamodb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...handleKey(handle),
          type: 'HandleReservation',
          handle,
          creatorId,
          partnerId,
          reservedAt: at,
        },
        // Idempotent for the holder: a retried step of the same creator succeeds again.
        ConditionExpression: 'attribute_not_exists(pk) OR creatorId = :creatorId',
        ExpressionAttributeValues: { ':creatorId': creatorId },
      }),
    ),
  );
  return written !== undefined;
}

/** Frees a handle, but only if this creator holds it (a compensation step may run more than once). */
export async function releaseHandle(handle: string, creatorId: string): Promise<void> {
  await whenConditionHolds(
    dynamodb.send(
      new DeleteCommand({
        TableName: TABLE_NAME,
        Key: handleKey(handle),
        ConditionExpression: 'creatorId = :creatorId',
        ExpressionAttributeValues: { ':creatorId': creatorId },
      }),
    ),
  );
}

export async function getHandleHolder(
  handle: string,
): Promise<{ creatorId: string; partnerId: string } | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: TABLE_NAME, Key: handleKey(handle) }));
  return Item === undefined
    ? undefined
    : { creatorId: String(Item.creatorId), partnerId: String(Item.partnerId) };
}

/** Stores a new creator; never overwrites one. */
export async function putNewCreator(creator: Creator): Promise<void> {
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...creatorKey(creator.creatorId),
        type: 'Creator',
        gsi1pk: partnerCreatorsPk(creator.partnerId),
        gsi1sk: `${creator.createdAt}#${creator.creatorId}`,
        ...creator,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function deleteCreator(creatorId: string): Promise<void> {
  await dynamodb.send(new DeleteCommand({ TableName: TABLE_NAME, Key: creatorKey(creatorId) }));
}

export async function getCreator(creatorId: string): Promise<Creator | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: TABLE_NAME, Key: creatorKey(creatorId) }));
  return Item === undefined ? undefined : toCreator(Item);
}

export interface CreatorChange {
  readonly status: CreatorStatus;
  readonly tier?: CreatorTier;
  readonly pilotEndsAt?: string;
  readonly reasons?: readonly string[];
  readonly decidedAt?: string;
  /** `null` removes it (the enforcement was lifted). */
  readonly enforcement?: SubjectEnforcement | null;
}

/**
 * Moves a creator to a new status, only from one of `from` (or when it is already there, so a retried
 * step is harmless). Returns the creator before the change, or undefined when the transition is not allowed.
 */
export async function transitionCreator(
  creatorId: string,
  from: readonly CreatorStatus[],
  change: CreatorChange,
  at: string,
): Promise<Creator | undefined> {
  const values: Record<string, unknown> = { ':status': change.status, ':at': at };
  const sets = ['#status = :status', 'updatedAt = :at'];
  for (const field of ['tier', 'pilotEndsAt', 'reasons', 'decidedAt'] as const) {
    if (change[field] !== undefined) {
      sets.push(`${field} = :${field}`);
      values[`:${field}`] = change[field];
    }
  }
  if (change.enforcement !== undefined && change.enforcement !== null) {
    sets.push('enforcement = :enforcement');
    values[':enforcement'] = change.enforcement;
  }
  const removes = change.enforcement === null ? ' REMOVE enforcement' : '';
  const allowed = [...new Set([...from, change.status])];
  allowed.forEach((status, index) => {
    values[`:from${index}`] = status;
  });
  const { Attributes } =
    (await whenConditionHolds(
      dynamodb.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: creatorKey(creatorId),
          UpdateExpression: `SET ${sets.join(', ')}${removes}`,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${allowed.map((_, index) => `:from${index}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      ),
    )) ?? {};
  return Attributes === undefined ? undefined : toCreator(Attributes);
}

export interface CreatorFilter {
  readonly status?: CreatorStatus;
  readonly tier?: CreatorTier;
  readonly limit: number;
  readonly cursor?: string;
}

/** A partner's creators, newest first, filtered by status and tier. */
export function listPartnerCreators(partnerId: string, filter: CreatorFilter): Promise<Page<Creator>> {
  return queryNewestFirst({
    index: 'byPartner',
    partitionKey: partnerCreatorsPk(partnerId),
    equals: { status: filter.status, tier: filter.tier },
    limit: filter.limit,
    ...(filter.cursor === undefined ? {} : { cursor: filter.cursor }),
    toItem: toCreator,
  });
}
