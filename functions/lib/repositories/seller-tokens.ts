import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { isSealedValue, open, type SealedValue, seal } from '#lib/crypto/envelope.ts';
import { registerSecretValue } from '#lib/redaction.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import type { SellerShop } from '#lib/repositories/sellers.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * A seller's TikTok credentials, sealed (AES-256-GCM under a data key, functions/lib/crypto/envelope.ts) before
 * they are written and opened only in the function that uses them. Three items per seller:
 *
 *   SELLER#<id> / TOKENS                      the current pair, with a version every write increments
 *   SELLER#<id> / TOKENS#PENDING#<authId>     a pair an authorization obtained, until the shop is verified
 *   SELLER#<id> / AUTH_CODE#<authId>          the seller's one-time auth code, until it is exchanged
 *
 * Workflows pass only references (seller id, authorization id, version); the values never enter their state.
 */

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** What may be shown and passed around: expiry times and the version, never a token. */
export interface TokenMetadata {
  readonly sellerId: string;
  readonly version: number;
  readonly accessTokenExpiresAt: string;
  readonly refreshTokenExpiresAt: string;
  readonly storedAt: string;
  /** How the pair was obtained. */
  readonly source: 'authorization' | 'refresh';
  /** The authorization that obtained it (or the refreshed pair descends from). */
  readonly authorizationId: string;
}

const TOKENS_PURPOSE = 'seller-tokens';
const AUTH_CODE_PURPOSE = 'seller-auth-code';
/** A pending pair is kept at most a day: an authorization finishes in minutes or is abandoned. */
const PENDING_TTL_SECONDS = 24 * 3600;

export const tokensKey = (sellerId: string) => ({ pk: `SELLER#${sellerId}`, sk: 'TOKENS' });
const pendingKey = (sellerId: string, authorizationId: string) => ({
  pk: `SELLER#${sellerId}`,
  sk: `TOKENS#PENDING#${authorizationId}`,
});
const authCodeKey = (sellerId: string, authorizationId: string) => ({
  pk: `SELLER#${sellerId}`,
  sk: `AUTH_CODE#${authorizationId}`,
});

const tokenContext = (sellerId: string) => ({ purpose: TOKENS_PURPOSE, sellerId });
const authCodeContext = (sellerId: string, authorizationId: string) => ({
  purpose: AUTH_CODE_PURPOSE,
  sellerId,
  authorizationId,
});

const epochSeconds = (at: string, plusSeconds: number) => Math.floor(Date.parse(at) / 1000) + plusSeconds;

function metadataOf(item: Record<string, unknown>): TokenMetadata {
  return {
    sellerId: String(item.sellerId),
    version: Number(item.version),
    accessTokenExpiresAt: String(item.accessTokenExpiresAt),
    refreshTokenExpiresAt: String(item.refreshTokenExpiresAt),
    storedAt: String(item.storedAt),
    source: item.source === 'refresh' ? 'refresh' : 'authorization',
    authorizationId: String(item.authorizationId),
  };
}

function sealedOf(item: Record<string, unknown>): SealedValue {
  if (!isSealedValue(item.sealed)) throw new Error('A stored token item is not sealed');
  return item.sealed;
}

async function openPair(item: Record<string, unknown>, sellerId: string): Promise<TokenPair> {
  const parsed: unknown = JSON.parse(await open(sealedOf(item), tokenContext(sellerId)));
  const pair = parsed as Partial<TokenPair>;
  if (typeof pair.accessToken !== 'string' || typeof pair.refreshToken !== 'string') {
    throw new Error('A stored token pair is incomplete');
  }
  registerSecretValue(pair.accessToken);
  registerSecretValue(pair.refreshToken);
  return { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
}

// --- The auth code, between the API and the workflow's exchange step ---

/** Keeps a seller's one-time auth code sealed until the workflow exchanges it (DynamoDB deletes it after). */
export async function storeAuthCode(
  sellerId: string,
  authorizationId: string,
  authCode: string,
  expiresAt: string,
): Promise<void> {
  registerSecretValue(authCode);
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...authCodeKey(sellerId, authorizationId),
        type: 'SellerAuthCode',
        sealed: await seal(authCode, authCodeContext(sellerId, authorizationId)),
        expiresAt: epochSeconds(expiresAt, 0),
      },
    }),
  );
}

/** The auth code of an authorization, decrypted; undefined once it was exchanged (or never stored). */
export async function readAuthCode(sellerId: string, authorizationId: string): Promise<string | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: authCodeKey(sellerId, authorizationId),
      ConsistentRead: true,
    }),
  );
  if (Item === undefined) return undefined;
  const authCode = await open(sealedOf(Item), authCodeContext(sellerId, authorizationId));
  registerSecretValue(authCode);
  return authCode;
}

export async function deleteAuthCode(sellerId: string, authorizationId: string): Promise<void> {
  await dynamodb.send(
    new DeleteCommand({ TableName: TABLE_NAME, Key: authCodeKey(sellerId, authorizationId) }),
  );
}

// --- A pair an authorization obtained, before it becomes the seller's ---

/** Seals and keeps the pair an authorization obtained; a retried step overwrites it with the same kind of value. */
export async function storePendingTokens(
  sellerId: string,
  authorizationId: string,
  pair: TokenPair,
  expiry: { readonly accessTokenExpiresAt: string; readonly refreshTokenExpiresAt: string },
  at: string,
): Promise<void> {
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...pendingKey(sellerId, authorizationId),
        type: 'SellerPendingTokens',
        sellerId,
        authorizationId,
        sealed: await seal(JSON.stringify(pair), tokenContext(sellerId)),
        accessTokenExpiresAt: expiry.accessTokenExpiresAt,
        refreshTokenExpiresAt: expiry.refreshTokenExpiresAt,
        storedAt: at,
        expiresAt: epochSeconds(at, PENDING_TTL_SECONDS),
      },
    }),
  );
}

async function getPendingItem(sellerId: string, authorizationId: string) {
  const { Item } = await dynamodb.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: pendingKey(sellerId, authorizationId),
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** The pending pair's expiry times, without opening it; undefined when there is none. */
export async function pendingTokenExpiry(
  sellerId: string,
  authorizationId: string,
): Promise<{ accessTokenExpiresAt: string; refreshTokenExpiresAt: string } | undefined> {
  const item = await getPendingItem(sellerId, authorizationId);
  return item === undefined
    ? undefined
    : {
        accessTokenExpiresAt: String(item.accessTokenExpiresAt),
        refreshTokenExpiresAt: String(item.refreshTokenExpiresAt),
      };
}

/** The pending pair, decrypted; undefined when there is none. */
export async function readPendingTokens(
  sellerId: string,
  authorizationId: string,
): Promise<TokenPair | undefined> {
  const item = await getPendingItem(sellerId, authorizationId);
  return item === undefined ? undefined : openPair(item, sellerId);
}

/** Notes which shop the pending pair is for (with its cipher, which stays out of workflow state). */
export async function recordPendingShop(
  sellerId: string,
  authorizationId: string,
  shop: SellerShop,
): Promise<void> {
  await dynamodb.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: pendingKey(sellerId, authorizationId),
      UpdateExpression: 'SET shop = :shop',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':shop': shop },
    }),
  );
}

/** The shop noted for the pending pair; undefined when there is no pending pair or no shop yet. */
export async function readPendingShop(
  sellerId: string,
  authorizationId: string,
): Promise<SellerShop | undefined> {
  const item = await getPendingItem(sellerId, authorizationId);
  return item?.shop === undefined ? undefined : (item.shop as SellerShop);
}

export async function deletePendingTokens(sellerId: string, authorizationId: string): Promise<void> {
  await dynamodb.send(
    new DeleteCommand({ TableName: TABLE_NAME, Key: pendingKey(sellerId, authorizationId) }),
  );
}

// --- The seller's current pair ---

/** The current-pair item, also when it is only a tombstone (a deleted pair whose version is kept). */
async function getTokensItem(sellerId: string) {
  const { Item } = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: tokensKey(sellerId), ConsistentRead: true }),
  );
  return Item;
}

/** True for an item that holds a pair (not a tombstone). */
const holdsPair = (item: Record<string, unknown> | undefined): item is Record<string, unknown> =>
  item?.sealed !== undefined;

export async function getTokenMetadata(sellerId: string): Promise<TokenMetadata | undefined> {
  const item = await getTokensItem(sellerId);
  return holdsPair(item) ? metadataOf(item) : undefined;
}

/** The seller's current pair, decrypted, with its metadata; undefined when the seller has none. */
export async function readSellerTokens(
  sellerId: string,
): Promise<{ pair: TokenPair; metadata: TokenMetadata } | undefined> {
  const item = await getTokensItem(sellerId);
  if (!holdsPair(item)) return undefined;
  return { pair: await openPair(item, sellerId), metadata: metadataOf(item) };
}

/** Writes the whole item only if the stored version is still `expected` (undefined: no pair stored yet). */
async function putIfVersion(item: Record<string, unknown>, expected: number | undefined): Promise<boolean> {
  const written = await whenConditionHolds(
    dynamodb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: item,
        ConditionExpression: expected === undefined ? 'attribute_not_exists(pk)' : 'version = :expected',
        ExpressionAttributeValues: expected === undefined ? undefined : { ':expected': expected },
      }),
    ),
  );
  return written !== undefined;
}

/**
 * Makes an authorization's pending pair the seller's current one (a version-checked write: a refresh racing it
 * is overwritten, never interleaved), then deletes the pending item. Harmless when retried: a pair already
 * promoted from this authorization is returned as is. Undefined when there is no pending pair to promote.
 */
export async function promotePendingTokens(
  sellerId: string,
  authorizationId: string,
  at: string,
): Promise<TokenMetadata | undefined> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const [pending, current] = await Promise.all([
      getPendingItem(sellerId, authorizationId),
      getTokensItem(sellerId),
    ]);
    if (pending === undefined) {
      return holdsPair(current) && current.promotedFrom === authorizationId ? metadataOf(current) : undefined;
    }
    if (holdsPair(current) && current.promotedFrom === authorizationId) {
      await deletePendingTokens(sellerId, authorizationId);
      return metadataOf(current);
    }
    // A tombstone keeps its version: versions never repeat, so neither do the refresh cycles named after them.
    const expected = current === undefined ? undefined : Number(current.version);
    const item = {
      ...tokensKey(sellerId),
      type: 'SellerTokens',
      sellerId,
      version: (expected ?? 0) + 1,
      sealed: sealedOf(pending),
      accessTokenExpiresAt: String(pending.accessTokenExpiresAt),
      refreshTokenExpiresAt: String(pending.refreshTokenExpiresAt),
      storedAt: at,
      source: 'authorization',
      authorizationId,
      promotedFrom: authorizationId,
    };
    if (await putIfVersion(item, expected)) {
      await deletePendingTokens(sellerId, authorizationId);
      return metadataOf(item);
    }
  }
  throw new Error(`The tokens of seller ${sellerId} kept changing while an authorization stored its pair`);
}

/**
 * Stores a refreshed pair, both tokens in one write, only if the stored pair is still version `expected`.
 * Undefined when another writer got there first (the caller's pair is then discarded, never half-stored).
 */
export async function replaceSellerTokens(
  sellerId: string,
  expected: TokenMetadata,
  pair: TokenPair,
  expiry: { readonly accessTokenExpiresAt: string; readonly refreshTokenExpiresAt: string },
  at: string,
): Promise<TokenMetadata | undefined> {
  const item = {
    ...tokensKey(sellerId),
    type: 'SellerTokens',
    sellerId,
    version: expected.version + 1,
    sealed: await seal(JSON.stringify(pair), tokenContext(sellerId)),
    accessTokenExpiresAt: expiry.accessTokenExpiresAt,
    refreshTokenExpiresAt: expiry.refreshTokenExpiresAt,
    storedAt: at,
    source: 'refresh',
    authorizationId: expected.authorizationId,
  };
  return (await putIfVersion(item, expected.version)) ? metadataOf(item) : undefined;
}

/**
 * Forgets the seller's pair (after a deauthorization, or when a new seller's authorization is undone). The item
 * stays as a tombstone with its version, so the next pair gets a higher one (and its refresh cycle a new name).
 */
export async function deleteSellerTokens(sellerId: string, at = new Date().toISOString()): Promise<void> {
  await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: tokensKey(sellerId),
        UpdateExpression:
          'SET deletedAt = :at REMOVE sealed, accessTokenExpiresAt, refreshTokenExpiresAt, promotedFrom',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    ),
  );
}
