/**
 * Powertools idempotency on the single table, against dynalite: dynalite ignores
 * ReturnValuesOnConditionCheckFailure, so these tests also prove that a duplicate still finds the first
 * request's record (Powertools falls back to a consistent GetItem).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_REGION } from '#catalog/naming.ts';
import { table } from '#catalog/table.ts';
import type { ApiResult } from '#lib/http/api-handler.ts';
import { conflict, HttpError } from '#lib/http/errors.ts';
import type { runIdempotently as RunIdempotently } from '#lib/http/idempotency.ts';
import { ensureTable, type LocalDynamoDb, startDynalite } from '#local/dynamodb.ts';
import { createLambdaContext } from '#local/lambda/context.ts';

const TABLE = 'idempotency-test';
let dataDir: string;
let dynamo: LocalDynamoDb;
let client: DynamoDBClient;
let runIdempotently: typeof RunIdempotently;
let keys = 0;

const accepted = (id: string): ApiResult => ({
  statusCode: 202,
  headers: { location: `/v1/x/${id}` },
  body: { id },
});

/** A call with a fresh key unless one is given; `run` counts how often the route really ran. */
function call(overrides: Partial<Parameters<typeof RunIdempotently>[0]> = {}) {
  keys += 1;
  return {
    routeId: 'test-route',
    partnerId: 'acme',
    key: `key-${keys}`,
    payload: { creator: { handle: 'ann' } },
    context: createLambdaContext('test-route'),
    run: async () => accepted('first'),
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof HttpError)) throw new Error(`Expected an HttpError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-idempotency-'));
  dynamo = await startDynalite({ host: '127.0.0.1', port: 0, path: dataDir });
  client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, TABLE, table);
  // The shared client reads its endpoint and table from the environment when it is first imported.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  process.env.TABLE_NAME = TABLE;
  ({ runIdempotently } = await import('#lib/http/idempotency.ts'));
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('runIdempotently on dynalite', () => {
  it('runs once and replays the first answer to the same key and body', async () => {
    // Arrange
    let runs = 0;
    const request = call({
      run: async () => {
        runs += 1;
        return accepted(`run-${runs}`);
      },
    });

    // Act
    const first = await runIdempotently(request);
    const replay = await runIdempotently(request);

    // Assert
    expect(runs).toBe(1);
    expect(first).toEqual(accepted('run-1'));
    expect(replay).toEqual({
      ...accepted('run-1'),
      headers: { location: '/v1/x/run-1', 'idempotent-replayed': 'true' },
    });
  });

  it('answers 422 to the same key with another body', async () => {
    // Arrange
    const request = call();
    await runIdempotently(request);

    // Act
    const error = await failureOf(runIdempotently({ ...request, payload: { creator: { handle: 'bob' } } }));

    // Assert
    expect(error).toMatchObject({ statusCode: 422, code: 'unprocessable_entity' });
    expect(error.details).toEqual([
      { path: 'headers.idempotency-key', issue: 'was already used with a different request body' },
    ]);
  });

  /** A route that starts, then waits until the test releases it. */
  function slowRoute() {
    let release = () => {};
    let markStarted = () => {};
    const released = new Promise<void>((settle) => {
      release = settle;
    });
    const started = new Promise<void>((settle) => {
      markStarted = settle;
    });
    let runs = 0;
    const run = async () => {
      runs += 1;
      markStarted();
      await released;
      return accepted('slow');
    };
    return { run, started, release, runs: () => runs };
  }

  it('makes a duplicate that arrives while the first still runs wait for the first answer', async () => {
    // Arrange
    const route = slowRoute();
    const request = call({ run: route.run });
    const first = runIdempotently(request);
    await route.started;

    // Act
    const duplicate = runIdempotently(request);
    setTimeout(route.release, 150);

    // Assert
    await expect(first).resolves.toEqual(accepted('slow'));
    await expect(duplicate).resolves.toEqual({
      ...accepted('slow'),
      headers: { location: '/v1/x/slow', 'idempotent-replayed': 'true' },
    });
    expect(route.runs()).toBe(1);
  });

  it('runs concurrent duplicates exactly once and gives every one the first answer', async () => {
    // Arrange
    let runs = 0;
    const request = call({
      run: async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return accepted(`run-${runs}`);
      },
    });

    // Act
    const answers = await Promise.all(Array.from({ length: 8 }, () => runIdempotently(request)));

    // Assert
    expect(runs).toBe(1);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body)))).toEqual(
      new Set([JSON.stringify({ id: 'run-1' })]),
    );
    expect(answers.filter((answer) => answer.headers?.['idempotent-replayed'] === 'true')).toHaveLength(7);
  });

  it('answers 409 with Retry-After when the first request outlasts the wait, and never runs twice', async () => {
    // Arrange
    const route = slowRoute();
    const request = call({ run: route.run, waitMs: 100 });
    const first = runIdempotently(request);
    await route.started;

    // Act
    const duplicate = await failureOf(runIdempotently(request));
    route.release();

    // Assert
    expect(duplicate).toMatchObject({ statusCode: 409, code: 'conflict', headers: { 'retry-after': '1' } });
    await expect(first).resolves.toEqual(accepted('slow'));
    await expect(runIdempotently(request)).resolves.toMatchObject({ body: { id: 'slow' } });
    expect(route.runs()).toBe(1);
  });

  it('returns the answer of work done even when storing it failed, and replays it to the retry', async () => {
    // Arrange
    const { BasePersistenceLayer } = await import('@aws-lambda-powertools/idempotency/persistence');
    const saveSuccess = vi
      .spyOn(BasePersistenceLayer.prototype, 'saveSuccess')
      .mockRejectedValueOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    let runs = 0;
    const request = call({
      run: async () => {
        runs += 1;
        return accepted(`run-${runs}`);
      },
    });

    // Act
    const first = await runIdempotently(request);
    saveSuccess.mockRestore();
    const retry = await runIdempotently(request);

    // Assert
    expect(first).toEqual(accepted('run-1'));
    expect(retry).toMatchObject({ body: { id: 'run-1' }, headers: { 'idempotent-replayed': 'true' } });
    expect(runs).toBe(1);
  });

  it('forgets a request that failed, so its retry runs again', async () => {
    // Arrange
    let runs = 0;
    const request = call({
      run: async () => {
        runs += 1;
        if (runs === 1) throw conflict('handle taken');
        return accepted('second');
      },
    });

    // Act
    const failed = await failureOf(runIdempotently(request));
    const retried = await runIdempotently(request);

    // Assert
    expect(failed.statusCode).toBe(409);
    expect(retried).toEqual(accepted('second'));
    expect(runs).toBe(2);
  });

  it('keeps keys apart per partner', async () => {
    // Arrange
    let runs = 0;
    const run = async () => {
      runs += 1;
      return accepted(`run-${runs}`);
    };
    const request = call({ run });

    // Act
    await runIdempotently(request);
    await runIdempotently({ ...request, partnerId: 'globex' });

    // Assert
    expect(runs).toBe(2);
  });

  it('stores records under the route on the single table, expiring through its TTL attribute after 24 h', async () => {
    // Arrange
    const before = Math.floor(Date.now() / 1000);
    await runIdempotently(call({ routeId: 'layout-route' }));

    // Act
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'IDEMPOTENCY#layout-route' } },
      }),
    );

    // Assert
    expect(Items).toHaveLength(1);
    expect(Items[0]?.sk?.S).toMatch(/^layout-route#/);
    expect(Items[0]?.status?.S).toBe('COMPLETED');
    const expiresAt = Number(Items[0]?.[table.timeToLiveAttribute]?.N);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 86_400);
    expect(expiresAt).toBeLessThanOrEqual(before + 86_400 + 60);
  });
});
