import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { functionById } from '#catalog/index.ts';
import { currentInvocation } from '#local/lambda/invoke.ts';
import { enforceDeclaredTableActions } from '#local/lambda/table-permissions.ts';

/** A client that never reaches the network: every call that gets past the checks answers an empty item. */
function offlineClient(): DynamoDBClient {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(() => async () => ({ output: { $metadata: {} }, response: {} }), {
    step: 'finalizeRequest',
    name: 'answerOffline',
  });
  enforceDeclaredTableActions(client);
  return client;
}

const key = { pk: { S: 'CREATOR#cr_1' }, sk: { S: 'PROFILE' } };

describe('the local runtime holds each function to the table actions its catalog entry declares', () => {
  it('lets a function make the calls its IAM role would allow', async () => {
    const client = offlineClient();
    expect(functionById('get-creator').tableActions).toEqual(['dynamodb:GetItem']);

    const answer = currentInvocation.run({ functionId: 'get-creator' }, () =>
      client.send(new GetItemCommand({ TableName: 'partnerflow', Key: key })),
    );

    await expect(answer).resolves.toBeDefined();
  });

  it('refuses a call its catalog entry does not grant, as AWS would with AccessDeniedException', async () => {
    const client = offlineClient();

    const answer = currentInvocation.run({ functionId: 'get-creator' }, () =>
      client.send(new PutItemCommand({ TableName: 'partnerflow', Item: key })),
    );

    await expect(answer).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('get-creator is not authorized to perform: dynamodb:PutItem'),
    });
  });

  it('leaves calls outside any function alone (the runtime, the tests), and installs itself once', async () => {
    const client = offlineClient();
    enforceDeclaredTableActions(client);

    await expect(
      client.send(new PutItemCommand({ TableName: 'partnerflow', Item: key })),
    ).resolves.toBeDefined();
    expect(client.middlewareStack.identify().filter((name) => name.includes('TableActions'))).toHaveLength(1);
  });
});
