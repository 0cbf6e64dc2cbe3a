import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeFunctions,
  type LocalStepFunctions,
  loadFixtureMachine,
  startLocalStepFunctions,
  testStateMachineArn,
  waitForStatus,
} from '#test/support/sfn.ts';

const TABLE = 'sfn-creators';
const SDK_VARIABLES = [
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
];

let dynamoDbServer: Server;
let dynamodb: DynamoDBClient;
let sfn: LocalStepFunctions;
const savedVariables = new Map<string, string | undefined>();

beforeAll(async () => {
  dynamoDbServer = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => dynamoDbServer.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(dynamoDbServer.address() as AddressInfo).port}`;
  // The service's DynamoDB client takes its endpoint from the SDK's standard variables, as in the runtime.
  for (const name of SDK_VARIABLES) savedVariables.set(name, process.env[name]);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  dynamodb = new DynamoDBClient({});
  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  sfn = await startLocalStepFunctions({
    machines: [
      await loadFixtureMachine('creator-record', { substitutions: { TableName: TABLE } }),
      await loadFixtureMachine('creator-record', {
        name: 'creator-record-lost',
        substitutions: { TableName: 'gone' },
      }),
    ],
    invokeFunction: new FakeFunctions().invoke,
  });
});

afterAll(async () => {
  await sfn.close();
  dynamodb.destroy();
  await new Promise<void>((resolve) => {
    dynamoDbServer.close(() => resolve());
    dynamoDbServer.closeAllConnections();
  });
  for (const [name, value] of savedVariables) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function run(machine: string, input: unknown) {
  const { executionArn } = await sfn.client.send(
    new StartExecutionCommand({
      stateMachineArn: testStateMachineArn(machine),
      input: JSON.stringify(input),
    }),
  );
  return waitForStatus(sfn.client, executionArn ?? '', ['SUCCEEDED']);
}

describe('the DynamoDB integrations', () => {
  it('puts, gets, conditionally updates and deletes an item, with DynamoDB JSON in and out', async () => {
    const execution = await run('creator-record', { creatorId: 'c-1', tier: 'mid' });

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? 'null')).toEqual({
      creatorId: 'c-1',
      tier: 'mid',
      saved: { tier: 'mid' },
      promotion: { tier: 'top' },
    });
    const left = await dynamodb.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'CREATOR#c-1' }, sk: { S: 'PROFILE' } } }),
    );
    expect(left.Item).toBeUndefined();
  });

  it('raises DynamoDB.ConditionalCheckFailedException for a failed condition, which Catch can match', async () => {
    const execution = await run('creator-record', { creatorId: 'c-2', tier: 'long-tail' });

    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output ?? 'null') as { promotion: { Error: string; Cause: string } };
    expect(output.promotion.Error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(output.promotion.Cause).toMatch(/conditional request failed.*Service: DynamoDb/i);
  });

  it('fails the execution with the DynamoDB error name when the table does not exist', async () => {
    const execution = await run('creator-record-lost', { creatorId: 'c-3', tier: 'mid' });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('DynamoDB.ResourceNotFoundException');
  });
});
