import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { TableDefinition } from '#catalog/table.ts';
import { explainListenError, listeningPort, urlOf } from '#local/ports.ts';

export interface LocalDynamoDb {
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, waits for pending writes and closes the LevelDB store (so it is flushed). */
  close(): Promise<void>;
}

/** Starts dynalite persisted under `path` (a LevelDB folder), so tables and items survive a restart. */
export async function startDynalite(options: {
  host: string;
  port: number;
  path: string;
}): Promise<LocalDynamoDb> {
  await mkdir(options.path, { recursive: true });
  // Tables are created once per data folder; there is no reason to make that first start wait half a second.
  const server: Server = dynalite({
    path: options.path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: unknown) =>
      reject(explainListenError('dynamodb', options.host, options.port, error));
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = listeningPort(server);
  return {
    url: urlOf(options.host, port),
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  const names = new Set([definition.partitionKey, definition.sortKey]);
  for (const index of definition.indexes) {
    names.add(index.partitionKey);
    names.add(index.sortKey);
  }
  return [...names].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/**
 * Creates the table from the shared definition when it is missing and waits until it is ACTIVE. An existing
 * table must already have every declared index: neither dynalite nor this function can add one in place.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  definition: TableDefinition,
  timeoutMs = 10_000,
): Promise<void> {
  const existing = await describe(client, tableName);
  if (existing === undefined) {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(definition),
        KeySchema: [
          { AttributeName: definition.partitionKey, KeyType: 'HASH' },
          { AttributeName: definition.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: definition.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
  } else {
    const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const missing = definition.indexes.filter((index) => !present.has(index.name)).map((index) => index.name);
    if (missing.length > 0) {
      throw new Error(
        `Table ${tableName} exists without the index(es) ${missing.join(', ')}; delete the table ` +
          '(or the local data folder) so it is recreated from infra/catalog/table.ts',
      );
    }
  }
  await waitUntilActive(client, tableName, timeoutMs);
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) {
      throw new Error(`Table ${tableName} is still ${table?.TableStatus ?? 'missing'} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
