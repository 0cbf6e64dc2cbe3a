import { setTimeout as sleep } from 'node:timers/promises';
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
import type { Principal } from '#lib/auth/principal.ts';
import { dynamodbClient } from '#lib/clients/dynamodb.ts';
import type { ApiRequest, ApiResult } from '#lib/http/api-handler.ts';
import { badRequest, HttpError, unprocessable } from '#lib/http/errors.ts';
import { logger } from '#lib/observability.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';
import { isTransient, TransientError } from '#lib/workflows/errors.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key is remembered (and its first answer replayed): 24 hours, as the API documents. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** Sent with a replayed answer, so a client can tell it got the first request's answer back. */
export const REPLAYED_HEADER = 'idempotent-replayed';
/** How long a duplicate waits for the first request's answer before it answers 409 (less when time is short). */
export const DEFAULT_DUPLICATE_WAIT_MS = 5_000;
/** Left over after the wait, so a waiting invocation still answers before its own time-out. */
const WAIT_MARGIN_MS = 1_500;
const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 400;
/** Tries at storing an answer whose work is done, beyond the SDK's own retries, before giving up on it. */
const STORE_ANSWER_ATTEMPTS = 3;

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

/** Whose keys these are: a partner's keys share one space (two partners may use the same key); ops keys each own one. */
export function idempotencyScope(principal: Principal): string {
  return principal.partnerId ?? `key:${principal.keyId}`;
}

const layers = new Map<string, DynamoDBPersistenceLayer>();
type StoredJson = Parameters<DynamoDBPersistenceLayer['saveSuccess']>[1];

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
  /**
   * The key space: the caller's partner (two partners may send the same key), or idempotencyScope(principal)
   * for keys of no partner.
   */
  readonly partnerId: string;
  readonly key: string;
  /** What the key stands for (the validated body, and the path's ids); the same key with another answers 422. */
  readonly payload: unknown;
  /** Bounds the in-progress lock and the duplicate's wait by the invocation's remaining time. */
  readonly context?: Context;
  /** How long a duplicate waits for the first answer; default DEFAULT_DUPLICATE_WAIT_MS. */
  readonly waitMs?: number;
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
    [{ path: `headers.${IDEMPOTENCY_HEADER}`, issue: 'is in use by a request still being processed' }],
    { 'retry-after': '1' },
  );

/** The first request holds the key (or its record is changing hands): its answer is worth waiting for. */
const isFirstStillRunning = (error: unknown) =>
  error instanceof IdempotencyAlreadyInProgressError ||
  error instanceof IdempotencyItemNotFoundError ||
  error instanceof IdempotencyInconsistentStateError;

function waitBudgetMs(call: IdempotentCall): number {
  const wanted = call.waitMs ?? DEFAULT_DUPLICATE_WAIT_MS;
  const remaining = call.context?.getRemainingTimeInMillis();
  return remaining === undefined ? wanted : Math.max(0, Math.min(wanted, remaining - WAIT_MARGIN_MS));
}

/**
 * The route ran and its answer is final, but storing it failed: store it again (best effort), so that a retry
 * replays it instead of running again. Until then the record stays in progress and duplicates wait.
 */
async function storeLateAnswer(routeId: string, input: IdempotencyInput, answer: ApiResult): Promise<void> {
  for (let attempt = 1; attempt <= STORE_ANSWER_ATTEMPTS; attempt += 1) {
    try {
      // Both are JSON already (the request was parsed from JSON, the answer went through a JSON round trip).
      await persistenceFor(routeId).saveSuccess(
        input as unknown as StoredJson,
        answer as unknown as StoredJson,
      );
      return;
    } catch (error) {
      if (attempt === STORE_ANSWER_ATTEMPTS) {
        logger.error('The answer of an idempotent request could not be stored; a retry may run it again', {
          routeId,
          error: error as Error,
        });
        return;
      }
      await sleep(FIRST_POLL_MS * 2 ** attempt);
    }
  }
}

/** A store failure surfaces as the dependency failure it is: transient ones answer 503, so clients retry. */
function storeFailure(error: unknown): unknown {
  if (!isTransient(error)) return error;
  const transient = new TransientError('The idempotency store is briefly unavailable');
  transient.cause = error;
  return transient;
}

/**
 * Runs `call.run` at most once per (route, partner, key) within 24 hours and answers a repeat with the first
 * answer (marked `Idempotent-Replayed: true`). A failed run (any thrown error, 4xx included) is forgotten, so a
 * retry runs again. The same key with another payload answers 422. A duplicate that arrives while the first
 * still runs waits for its answer (up to `waitMs`) and returns it; only past that wait does it answer 409 with
 * Retry-After, never a 500 and never a second run.
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
  let answer: ApiResult | undefined;
  let routeFailure: { readonly error: unknown } | undefined;
  const once = makeIdempotent(
    async (_input: IdempotencyInput): Promise<ApiResult> => {
      try {
        // Stored as JSON: a round trip drops undefined fields, which the DynamoDB marshaller would refuse.
        answer = JSON.parse(JSON.stringify(await call.run())) as ApiResult;
        return answer;
      } catch (error) {
        routeFailure = { error };
        throw error;
      }
    },
    { persistenceStore: persistenceFor(call.routeId), config, keyPrefix: call.routeId },
  );
  const input: IdempotencyInput = { partnerId: call.partnerId, key: call.key, payload: call.payload };
  const deadline = Date.now() + waitBudgetMs(call);
  for (let pause = FIRST_POLL_MS; ; pause = Math.min(pause * 2, MAX_POLL_MS)) {
    try {
      return await once(input);
    } catch (error) {
      if (answer !== undefined) {
        await storeLateAnswer(call.routeId, input, answer);
        return answer;
      }
      // The route's own failure wins over a failure to forget the key (the lock then expires on its own).
      if (routeFailure !== undefined) throw routeFailure.error;
      if (error instanceof IdempotencyValidationError) {
        throw unprocessable('This Idempotency-Key was already used with a different request body', [
          { path: `headers.${IDEMPOTENCY_HEADER}`, issue: 'was already used with a different request body' },
        ]);
      }
      if (!isFirstStillRunning(error)) throw storeFailure(error);
      if (Date.now() + pause > deadline) throw stillInProgress();
      await sleep(pause);
    }
  }
}

/** What a keyed request stands for by default: its path ids and its body (a key reused elsewhere answers 422). */
const requestPayload = (request: ApiRequest<unknown, unknown>) => ({
  path: request.pathParameters,
  body: request.body ?? null,
});

/**
 * Makes a route honour the `Idempotency-Key` header (see runIdempotently); without the header the route runs as
 * is. Routes the catalog marks `idempotency: 'key'` are wrapped with this (test/integration/reliability checks).
 */
export function withIdempotencyKey<Body, Query>(
  routeId: string,
  route: (request: ApiRequest<Body, Query>) => Promise<ApiResult>,
  payloadOf: (request: ApiRequest<Body, Query>) => unknown = requestPayload,
): (request: ApiRequest<Body, Query>) => Promise<ApiResult> {
  return async (request) => {
    const key = readIdempotencyKey(request.headers);
    // A public route has no key space to keep keys in; its business key makes it safe instead.
    if (key === undefined || request.principal === undefined) return route(request);
    return runIdempotently({
      routeId,
      partnerId: idempotencyScope(request.principal),
      key,
      payload: payloadOf(request),
      ...(request.context === undefined ? {} : { context: request.context }),
      run: () => route(request),
    });
  };
}
