import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyInconsistentStateError,
  IdempotencyItemNotFoundError,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { ResponseHook } from '@aws-lambda-powertools/idempotency/types';
import type { Context } from 'aws-lambda';
import { table } from '#catalog/table.ts';
import { dynamodbClient } from '#lib/clients/dynamodb.ts';
import type { ApiResult } from '#lib/http/api-handler.ts';
import { badRequest, HttpError, unprocessable } from '#lib/http/errors.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key is remembered (and its first answer replayed): 24 hours, as the API documents. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** Sent with a replayed answer, so a client can tell it got the first request's answer back. */
export const REPLAYED_HEADER = 'idempotent-replayed';

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** Reads the optional `Idempotency-Key` header: 1-255 printable ASCII characters, else a 400 naming it. */
export function readIdempotencyKey(headers: Readonly<Record<string, string>>): string | undefined {
  const key = headers[IDEMPOTENCY_HEADER];
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key) || key.trim() === '') {
    throw badRequest('The Idempotency-Key header is invalid', [
      { path: `headers.${IDEMPOTENCY_HEADER}`, issue: 'must be 1-255 printable ASCII characters' },
    ]);
  }
  return key;
}

const layers = new Map<string, DynamoDBPersistenceLayer>();

/**
 * One persistence layer per route, on the single table. Powertools puts a static value in the partition key and
 * the hashed key in the sort key when the table has one: records of a route share `IDEMPOTENCY#<routeId>`.
 * The expiry goes in the table's TTL attribute, so DynamoDB deletes records once they have expired.
 */
function persistenceFor(routeId: string): DynamoDBPersistenceLayer {
  let layer = layers.get(routeId);
  if (layer === undefined) {
    layer = new DynamoDBPersistenceLayer({
      tableName: TABLE_NAME,
      awsSdkV3Client: dynamodbClient,
      keyAttr: table.partitionKey,
      sortKeyAttr: table.sortKey,
      staticPkValue: `IDEMPOTENCY#${routeId}`,
      expiryAttr: table.timeToLiveAttribute,
    });
    layers.set(routeId, layer);
  }
  return layer;
}

export interface IdempotentCall {
  /** The catalog function id: keys of different routes never meet. */
  readonly routeId: string;
  /** Keys are per partner: two partners may send the same key. */
  readonly partnerId: string;
  readonly key: string;
  /** The validated request body; the same key with another payload answers 422. */
  readonly payload: unknown;
  /** Bounds the in-progress lock by the invocation's remaining time, so a crashed request does not block retries. */
  readonly context?: Context;
  readonly run: () => Promise<ApiResult>;
}

interface IdempotencyInput {
  readonly partnerId: string;
  readonly key: string;
  readonly payload: unknown;
}

const markReplayed: ResponseHook = (response) => {
  if (typeof response !== 'object' || response === null || Array.isArray(response)) return response;
  const headers = typeof response.headers === 'object' && response.headers !== null ? response.headers : {};
  return { ...response, headers: { ...headers, [REPLAYED_HEADER]: 'true' } };
};

const stillInProgress = () =>
  new HttpError(
    409,
    'conflict',
    'A request with this Idempotency-Key is still being processed; retry in a moment to get its answer',
    [],
    { 'retry-after': '1' },
  );

/**
 * Runs `call.run` at most once per (route, partner, key) within 24 hours and answers a repeat with the first
 * answer. A failed run (any thrown error, 4xx included) is forgotten, so a retry runs again. The same key with
 * another payload answers 422; a duplicate arriving while the first still runs answers 409 with Retry-After.
 */
export async function runIdempotently(call: IdempotentCall): Promise<ApiResult> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[partnerId, key]',
    payloadValidationJmesPath: 'payload',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    hashFunction: 'sha256',
    // A config per call: the context it holds must be this invocation's, even when invocations share a process.
    lambdaContext: call.context,
    responseHook: markReplayed,
  });
  const once = makeIdempotent(
    // Stored as JSON: a round trip drops undefined fields, which the DynamoDB marshaller would refuse.
    async (_input: IdempotencyInput): Promise<ApiResult> =>
      JSON.parse(JSON.stringify(await call.run())) as ApiResult,
    { persistenceStore: persistenceFor(call.routeId), config, keyPrefix: call.routeId },
  );
  try {
    return await once({ partnerId: call.partnerId, key: call.key, payload: call.payload });
  } catch (error) {
    if (error instanceof IdempotencyValidationError) {
      throw unprocessable('This Idempotency-Key was already used with a different request body', [
        { path: `headers.${IDEMPOTENCY_HEADER}`, issue: 'was already used with a different request body' },
      ]);
    }
    // Not found / inconsistent: the first request's record changed under us (it failed and was removed, or it
    // is being replaced); either way the client's retry resolves it.
    if (
      error instanceof IdempotencyAlreadyInProgressError ||
      error instanceof IdempotencyItemNotFoundError ||
      error instanceof IdempotencyInconsistentStateError
    ) {
      throw stillInProgress();
    }
    throw error;
  }
}
