import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import { queryNewestFirst } from '#lib/repositories/newest-first-page.ts';
import type { Page } from '#lib/repositories/pagination.ts';
import { readSellerTokens, type TokenMetadata, tokensKey } from '#lib/repositories/seller-tokens.ts';
import type { SubjectEnforcement } from '#lib/repositories/subject-standing.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * Sellers (TikTok Shop Partner): the shops a partner manages. The profile never holds a token: tokens live
 * sealed in their own item (seller-tokens.ts) and leave this module only through `getSellerAccessToken`.
 *
 * Other areas read sellers through this module alone: `getSeller` for status, `getSellerAccessToken` for a
 * shop-scoped TikTok call (campaign launch), `transitionSeller` for status changes.
 */

/**
 * RESTRICTED, SUSPENDED and BANNED are set by violation handling on an ACTIVE seller (its campaigns pause) and go
 * back to ACTIVE when lifted; the authorization stands meanwhile (its tokens keep being refreshed).
 */
export type SellerStatus =
  | 'AUTHORIZING'
  | 'ACTIVE'
  | 'REAUTH_REQUIRED'
  | 'REVOKED'
  | 'FAILED'
  | 'RESTRICTED'
  | 'SUSPENDED'
  | 'BANNED';

export const SELLER_STATUSES: readonly SellerStatus[] = [
  'AUTHORIZING',
  'ACTIVE',
  'REAUTH_REQUIRED',
  'REVOKED',
  'FAILED',
  'RESTRICTED',
  'SUSPENDED',
  'BANNED',
];

/** Statuses under a violation's enforcement: the seller's authorization of the app still stands. */
export const SELLER_ENFORCEMENT_STATUSES: readonly SellerStatus[] = ['RESTRICTED', 'SUSPENDED', 'BANNED'];

/** The services a partner sells to a shop (a partner's catalogue is a subset, in its settings). */
export const SELLER_SERVICES = [
  'listing-optimization',
  'pricing-strategy',
  'promotion-planning',
  'content-creation',
  'livestream-planning',
  'data-analysis',
] as const;
export type SellerService = (typeof SELLER_SERVICES)[number];

/** The TikTok shop the seller authorized; `cipher` goes with shop-scoped API calls and is never shown. */
export interface SellerShop {
  readonly shopId: string;
  readonly name: string;
  readonly region: string;
  readonly code: string;
  readonly sellerType: string;
  readonly cipher: string;
}

export interface SellerFailure {
  /** e.g. AUTH_CODE_REJECTED, SHOP_ALREADY_AUTHORIZED, REFRESH_REJECTED, DEAUTHORIZED, PROCESSING_FAILED. */
  readonly code: string;
  readonly message: string;
  readonly at: string;
}

/** An authorization (first or renewed) in progress: at most one per seller. */
export interface PendingAuthorization {
  readonly authorizationId: string;
  readonly executionId: string;
  readonly requestedAt: string;
}

export interface AuthorizationRecord {
  readonly authorizationId: string;
  readonly executionId: string;
  readonly at: string;
  readonly result: 'AUTHORIZED' | 'FAILED';
  readonly failure?: SellerFailure;
}

export interface Seller {
  readonly sellerId: string;
  readonly partnerId: string;
  readonly shopName: string;
  /** ISO 3166-1 alpha-2, as the partner gave it. */
  readonly region: string;
  readonly contactEmail: string;
  readonly services: readonly SellerService[];
  readonly status: SellerStatus;
  readonly shop?: SellerShop;
  /** When the seller's authorization of the app ends (TikTok's "upcoming authorization expiration"). */
  readonly authorizationExpiresAt?: string;
  readonly pendingAuthorization?: PendingAuthorization;
  readonly lastAuthorization?: AuthorizationRecord;
  /** Why the seller is FAILED, REAUTH_REQUIRED or REVOKED. */
  readonly failure?: SellerFailure;
  readonly activatedAt?: string;
  readonly revokedAt?: string;
  /** Partner-local date of the last re-authorization request (at most one a day). */
  readonly reauthorizationRequestedOn?: string;
  /** Set once the managers were told of a deauthorization. */
  readonly revocationNotifiedAt?: string;
  /** The first authorization's execution. */
  readonly executionId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** While RESTRICTED, SUSPENDED or BANNED: the enforcement in force (violation handling). */
  readonly enforcement?: SubjectEnforcement;
}

export const sellerKey = (sellerId: string) => ({ pk: `SELLER#${sellerId}`, sk: 'PROFILE' });
const shopClaimKey = (shopId: string) => ({ pk: `TTS_SHOP#${shopId}`, sk: 'SELLER' });
const partnerSellersPk = (partnerId: string) => `PARTNER#${partnerId}#SELLERS`;

const INTERNAL = new Set(['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

function toSeller(item: Record<string, unknown>): Seller {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !INTERNAL.has(key))) as unknown as Seller;
}

/** Stores a new seller; never overwrites one. */
export async function putNewSeller(seller: Seller): Promise<void> {
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...sellerKey(seller.sellerId),
        type: 'Seller',
        gsi1pk: partnerSellersPk(seller.partnerId),
        gsi1sk: `${seller.createdAt}#${seller.sellerId}`,
        ...seller,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Removes a seller whose first authorization could not even start (the API undoes its own write). */
export async function deleteSeller(sellerId: string): Promise<void> {
  await dynamodb.send(new DeleteCommand({ TableName: TABLE_NAME, Key: sellerKey(sellerId) }));
}

export async function getSeller(sellerId: string): Promise<Seller | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: sellerKey(sellerId), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : toSeller(Item);
}

/** What a status change writes besides the status; `null` removes a field. */
export interface SellerChange {
  readonly status: SellerStatus;
  readonly failure?: SellerFailure | null;
  readonly shop?: SellerShop;
  readonly services?: readonly SellerService[];
  readonly shopName?: string;
  readonly region?: string;
  readonly contactEmail?: string;
  readonly activatedAt?: string;
  readonly revokedAt?: string;
  readonly enforcement?: SubjectEnforcement | null;
}

const CHANGE_FIELDS = [
  'failure',
  'shop',
  'services',
  'shopName',
  'region',
  'contactEmail',
  'activatedAt',
  'revokedAt',
  'enforcement',
] as const;

/**
 * Moves a seller to `change.status`, only from one of `from` (or when it is already there, so a retried step is
 * harmless). Returns the seller as it was before, or undefined when the seller is missing or elsewhere.
 */
export async function transitionSeller(
  sellerId: string,
  from: readonly SellerStatus[],
  change: SellerChange,
  at: string,
): Promise<Seller | undefined> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':status': change.status, ':at': at };
  const sets = ['#status = :status', 'updatedAt = :at'];
  const removes: string[] = [];
  for (const field of CHANGE_FIELDS) {
    const value = change[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) removes.push(`#${field}`);
    else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
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
          Key: sellerKey(sellerId),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${allowed.map((_, index) => `:from${index}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      ),
    )) ?? {};
  return Attributes === undefined ? undefined : toSeller(Attributes);
}

/**
 * Marks an authorization as in progress for an existing seller. False when another one is (or the seller is
 * missing): one authorization at a time keeps two token pairs from racing for the same seller.
 */
export async function beginAuthorization(
  sellerId: string,
  pending: PendingAuthorization,
  at: string,
): Promise<boolean> {
  const written = await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: sellerKey(sellerId),
        UpdateExpression: 'SET pendingAuthorization = :pending, updatedAt = :at',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(pendingAuthorization) OR pendingAuthorization.authorizationId = :id)',
        ExpressionAttributeValues: { ':pending': pending, ':at': at, ':id': pending.authorizationId },
      }),
    ),
  );
  return written !== undefined;
}

/** Records how an authorization ended and clears it as pending (only if it is still the pending one). */
export async function finishAuthorization(
  sellerId: string,
  record: AuthorizationRecord,
  at: string,
): Promise<void> {
  await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: sellerKey(sellerId),
        UpdateExpression: 'SET lastAuthorization = :record, updatedAt = :at REMOVE pendingAuthorization',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(pendingAuthorization) OR pendingAuthorization.authorizationId = :id)',
        ExpressionAttributeValues: { ':record': record, ':at': at, ':id': record.authorizationId },
      }),
    ),
  );
}

/** Forgets an authorization that never started (its execution could not be started). */
export async function abandonAuthorization(sellerId: string, authorizationId: string): Promise<void> {
  await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: sellerKey(sellerId),
        UpdateExpression: 'REMOVE pendingAuthorization',
        ConditionExpression: 'pendingAuthorization.authorizationId = :id',
        ExpressionAttributeValues: { ':id': authorizationId },
      }),
    ),
  );
}

/**
 * Sets a marker field to `value` unless it already holds it: true for the one caller that set it. Gives "at most
 * once" to side effects such as the daily re-authorization email.
 */
export async function claimMarker(
  sellerId: string,
  field: 'reauthorizationRequestedOn' | 'revocationNotifiedAt',
  value: string,
  onlyIfAbsent: boolean,
): Promise<boolean> {
  const written = await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: sellerKey(sellerId),
        UpdateExpression: 'SET #field = :value',
        ConditionExpression: onlyIfAbsent
          ? 'attribute_exists(pk) AND attribute_not_exists(#field)'
          : 'attribute_exists(pk) AND (attribute_not_exists(#field) OR #field <> :value)',
        ExpressionAttributeNames: { '#field': field },
        ExpressionAttributeValues: { ':value': value },
      }),
    ),
  );
  return written !== undefined;
}

/** Gives a marker back (a side effect that failed may be tried again), if it still holds `value`. */
export async function releaseMarker(
  sellerId: string,
  field: 'reauthorizationRequestedOn' | 'revocationNotifiedAt',
  value: string,
): Promise<void> {
  await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: sellerKey(sellerId),
        UpdateExpression: 'REMOVE #field',
        ConditionExpression: '#field = :value',
        ExpressionAttributeNames: { '#field': field },
        ExpressionAttributeValues: { ':value': value },
      }),
    ),
  );
}

/** Records the shop a seller holds (its cipher included: the profile is never shown as stored). */
export async function setSellerShop(sellerId: string, shop: SellerShop, at: string): Promise<void> {
  await dynamodb.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: sellerKey(sellerId),
      UpdateExpression: 'SET shop = :shop, updatedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':shop': shop, ':at': at },
    }),
  );
}

/** Records when the seller's authorization of the app expires, as TikTok announced it. */
export async function recordAuthorizationExpiry(
  sellerId: string,
  expiresAt: string,
  at: string,
): Promise<void> {
  await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: sellerKey(sellerId),
        UpdateExpression: 'SET authorizationExpiresAt = :expiresAt, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':expiresAt': expiresAt, ':at': at },
      }),
    ),
  );
}

export interface SellerFilter {
  readonly status?: SellerStatus;
  readonly limit: number;
  readonly cursor?: string;
}

/** A partner's sellers, newest first, optionally of one status. */
export function listPartnerSellers(partnerId: string, filter: SellerFilter): Promise<Page<Seller>> {
  return queryNewestFirst({
    index: 'byPartner',
    partitionKey: partnerSellersPk(partnerId),
    equals: { status: filter.status },
    limit: filter.limit,
    ...(filter.cursor === undefined ? {} : { cursor: filter.cursor }),
    toItem: toSeller,
  });
}

/** The token metadata (expiry times, version; never the tokens) of many sellers at once, by seller id. */
export async function tokenMetadataOf(sellerIds: readonly string[]): Promise<Map<string, TokenMetadata>> {
  const found = new Map<string, TokenMetadata>();
  for (let start = 0; start < sellerIds.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = sellerIds
      .slice(start, start + 100)
      .map((sellerId) => tokensKey(sellerId));
    for (let round = 0; keys !== undefined && keys.length > 0 && round < 5; round += 1) {
      const answer = await dynamodb.send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE_NAME]: {
              Keys: keys,
              ProjectionExpression:
                'sellerId, version, accessTokenExpiresAt, refreshTokenExpiresAt, storedAt, #source',
              ExpressionAttributeNames: { '#source': 'source' },
            },
          },
        }),
      );
      for (const item of answer.Responses?.[TABLE_NAME] ?? []) {
        // A tombstone (deleted pair) has a version but no expiry times.
        if (item.accessTokenExpiresAt !== undefined) found.set(String(item.sellerId), item as TokenMetadata);
      }
      keys = answer.UnprocessedKeys?.[TABLE_NAME]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}

// --- The TikTok shop each seller holds (webhooks name the shop, not the seller) ---

export interface ShopClaim {
  readonly shopId: string;
  readonly sellerId: string;
  readonly partnerId: string;
}

export async function getShopClaim(shopId: string): Promise<ShopClaim | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: shopClaimKey(shopId), ConsistentRead: true }),
  );
  return Item === undefined
    ? undefined
    : { shopId, sellerId: String(Item.sellerId), partnerId: String(Item.partnerId) };
}

/**
 * Points the shop at this seller, if nobody holds it, this seller already does, or `replacing` (the holder the
 * caller read and judged replaceable) still does. False when someone else got there first.
 */
export async function claimShop(claim: ShopClaim, at: string, replacing?: string): Promise<boolean> {
  const values: Record<string, unknown> = { ':seller': claim.sellerId };
  if (replacing !== undefined) values[':replacing'] = replacing;
  const written = await whenConditionHolds(
    dynamodb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...shopClaimKey(claim.shopId), type: 'ShopClaim', ...claim, claimedAt: at },
        ConditionExpression: `attribute_not_exists(pk) OR sellerId = :seller${replacing === undefined ? '' : ' OR sellerId = :replacing'}`,
        ExpressionAttributeValues: values,
      }),
    ),
  );
  return written !== undefined;
}

// --- Tokens, for the code that calls TikTok on a seller's behalf ---

/** The seller cannot be called on: not ACTIVE, or without a usable access token. */
export class SellerNotAuthorizedError extends Error {
  override readonly name = 'SellerNotAuthorized';

  constructor(
    readonly sellerId: string,
    readonly status: SellerStatus | 'MISSING',
  ) {
    super(`Seller ${sellerId} is not authorized (${status})`);
  }
}

export interface SellerAccess {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: string;
  readonly shopId: string;
  readonly shopCipher: string;
}

/**
 * What a shop-scoped TikTok call needs, decrypted on demand: the access token and the shop cipher. Keep the
 * result in memory for the one call; never log it, return it or put it into workflow state. Throws
 * SellerNotAuthorizedError unless the seller is ACTIVE with an unexpired access token.
 */
export async function getSellerAccessToken(sellerId: string, now = new Date()): Promise<SellerAccess> {
  const seller = await getSeller(sellerId);
  if (seller === undefined) throw new SellerNotAuthorizedError(sellerId, 'MISSING');
  if (seller.status !== 'ACTIVE' || seller.shop === undefined) {
    throw new SellerNotAuthorizedError(sellerId, seller.status);
  }
  const tokens = await readSellerTokens(sellerId);
  if (tokens === undefined || Date.parse(tokens.metadata.accessTokenExpiresAt) <= now.getTime()) {
    throw new SellerNotAuthorizedError(sellerId, seller.status);
  }
  return {
    accessToken: tokens.pair.accessToken,
    accessTokenExpiresAt: tokens.metadata.accessTokenExpiresAt,
    shopId: seller.shop.shopId,
    shopCipher: seller.shop.cipher,
  };
}
