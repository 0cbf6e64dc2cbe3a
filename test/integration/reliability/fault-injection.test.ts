/**
 * The local runtime's fault injection itself: off unless asked, switched at run time (in process and over
 * `/local/faults`), and each injected fault reaching the SDK exactly as the real service's error would.
 */
import { createServer, type Server } from 'node:http';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION } from '#catalog/naming.ts';
import { isTransient } from '#lib/workflows/errors.ts';
import { createFaultInjection, faultSettingFromEnvironment } from '#local/faults/index.ts';
import { closeServer, listeningPort, urlOf } from '#local/ports.ts';
import {
  api,
  createApiKey,
  createPartner,
  startTestRuntime,
  type TestRuntime,
} from '#test/support/runtime.ts';

let runtime: TestRuntime;
let key: string;

/** SDK clients the way the handlers build theirs (endpoints from the environment), without SDK retries. */
const handlerClientConfig = (variable: string) => ({
  endpoint: process.env[variable],
  region: LOCAL_REGION,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});

async function failureOf(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('Expected the call to fail');
  return outcome;
}

beforeAll(async () => {
  runtime = await startTestRuntime({ faults: true });
  const partner = await createPartner(runtime);
  key = await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId });
});
afterAll(() => runtime?.close());

describe('switching faults', () => {
  it('is off unless asked: no variable, an empty one or off means no fault injection at all', () => {
    expect(faultSettingFromEnvironment({})).toBeUndefined();
    expect(faultSettingFromEnvironment({ PARTNERFLOW_FAULTS: '' })).toBeUndefined();
    expect(faultSettingFromEnvironment({ PARTNERFLOW_FAULTS: 'off' })).toBeUndefined();
    expect(faultSettingFromEnvironment({ PARTNERFLOW_FAULTS: 'none' })).toBe('none');
    expect(
      createFaultInjection({
        host: '127.0.0.1',
        setting: undefined,
        taskFunctionIds: [],
        log: () => undefined,
      }),
    ).toBeUndefined();
  });

  it('takes rules over /local/faults: PUT replaces them, GET shows them with counts, DELETE clears them', async () => {
    // Arrange
    const url = `${runtime.urls.api}/local/faults`;

    // Act
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'ses:Throttling*2',
    });
    const shown = (await (await fetch(url)).json()) as { rules: string[] };
    const refused = await fetch(url, { method: 'PUT', body: 'ses:Throttling@7' });
    const kept = (await (await fetch(url)).json()) as { rules: string[] };
    const cleared = (await (await fetch(url, { method: 'DELETE' })).json()) as { rules: string[] };

    // Assert
    expect(put.status).toBe(200);
    expect(shown.rules).toEqual(['ses:Throttling*2']);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { message: expect.stringContaining('probability') },
    });
    expect(kept.rules).toEqual(['ses:Throttling*2']);
    expect(cleared.rules).toEqual([]);
    expect(runtime.faults?.rules).toEqual([]);
  });
});

describe('faults as the SDK sees them', () => {
  it('DynamoDB: a throttled call fails with the exception DynamoDB names, which PartnerFlow calls transient', async () => {
    // Arrange
    runtime.faults?.set('dynamodb.GetItem:ProvisionedThroughputExceededException*1');
    const client = new DynamoDBClient(handlerClientConfig('AWS_ENDPOINT_URL_DYNAMODB'));
    const get = () =>
      client.send(
        new GetItemCommand({ TableName: runtime.tableName, Key: { pk: { S: 'x' }, sk: { S: 'y' } } }),
      );

    // Act
    const error = await failureOf(get());
    const next = await get();
    client.destroy();

    // Assert
    expect(error.name).toBe('ProvisionedThroughputExceededException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(isTransient(error)).toBe(true);
    expect(next.Item).toBeUndefined();
    expect(runtime.faults?.stats().rules).toEqual([
      { rule: 'dynamodb.GetItem:ProvisionedThroughputExceededException*1', matched: 2, fired: 1 },
    ]);
  });

  it('DynamoDB /after: the write happens, and only its answer is lost', async () => {
    // Arrange
    runtime.faults?.set('dynamodb.PutItem:InternalServerError*1/after');
    const client = new DynamoDBClient(handlerClientConfig('AWS_ENDPOINT_URL_DYNAMODB'));
    const item = { pk: { S: 'FAULT#after' }, sk: { S: 'ITEM' } };

    // Act
    const error = await failureOf(
      client.send(new PutItemCommand({ TableName: runtime.tableName, Item: item })),
    );
    const stored = await client.send(new GetItemCommand({ TableName: runtime.tableName, Key: item }));
    client.destroy();

    // Assert
    expect(error).toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
    expect(stored.Item).toEqual(item);
  });

  it('SES: a throttled send fails with the Throttling error of the SES query protocol', async () => {
    // Arrange
    runtime.faults?.set('ses.SendEmail:Throttling*1');
    const client = new SESClient(handlerClientConfig('AWS_ENDPOINT_URL_SES'));

    // Act
    const error = await failureOf(
      client.send(
        new SendEmailCommand({
          Source: 'no-reply@partnerflow.local',
          Destination: { ToAddresses: ['ann@example.com'] },
          Message: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Hi' } } },
        }),
      ),
    );
    client.destroy();

    // Assert
    expect(error.name).toBe('Throttling');
    expect(isTransient(error)).toBe(true);
  });

  it('Step Functions: a fault answers the JSON error the API uses; a dropped connection is transient too', async () => {
    // Arrange
    runtime.faults?.set('sfn.ListStateMachines:ServiceUnavailable*1, sfn.ListStateMachines:ECONNRESET*1');
    const client = new SFNClient(handlerClientConfig('AWS_ENDPOINT_URL_SFN'));

    // Act
    const unavailable = await failureOf(client.send(new ListStateMachinesCommand({})));
    const reset = await failureOf(client.send(new ListStateMachinesCommand({})));
    const listed = await client.send(new ListStateMachinesCommand({}));
    client.destroy();

    // Assert
    expect(unavailable).toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    expect(isTransient(reset)).toBe(true);
    expect(listed.stateMachines?.length).toBeGreaterThan(0);
  });

  it('Lambda: a fault in an API function answers 502, as API Gateway does; the next call works', async () => {
    // Arrange
    runtime.faults?.set('lambda.list-creators:Lambda.ServiceException*1');

    // Act
    const failed = await api(runtime, key).get('/v1/creators');
    const next = await api(runtime, key).get('/v1/creators');

    // Assert
    expect(failed.status).toBe(502);
    expect(next.status).toBe(200);
  });
});

describe('the TikTok Shop stand-in hook', () => {
  let stub: Server;
  let stubUrl: string;

  beforeAll(async () => {
    stub = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 0, message: 'Success', data: {} }));
    });
    await new Promise<void>((resolve) => stub.listen({ host: '127.0.0.1', port: 0 }, resolve));
    stubUrl = urlOf('127.0.0.1', listeningPort(stub));
  });
  afterAll(() => closeServer(stub));

  it('sends the functions to the runtime stand-in through the proxy, where tiktok rules apply', async () => {
    // Arrange
    runtime.faults?.set('tiktok:503*1');
    const apiUrl = process.env.TIKTOK_SHOP_API_URL ?? '';

    // Act
    const failed = await fetch(`${apiUrl}/authorization/202309/shops`);
    const passed = await fetch(`${apiUrl}/authorization/202309/shops`);

    // Assert
    expect(apiUrl).not.toBe(runtime.urls.tiktok);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ code: 36009003 });
    expect(passed.status).not.toBe(503);
  });

  it('puts a proxy in front of any stand-in, answering TikTok-shaped 429s on the paths named', async () => {
    // Arrange
    const faults = createFaultInjection({
      host: '127.0.0.1',
      setting: 'tiktok./api/v2/token:429*1',
      taskFunctionIds: [],
      log: () => undefined,
    });
    if (faults === undefined) throw new Error('fault injection should be on');
    const proxied = await faults.proxy('tiktok', stubUrl);

    // Act
    const limited = await fetch(`${proxied}/api/v2/token/get?app_key=x`);
    const other = await fetch(`${proxied}/authorization/202309/shops`);
    const retried = await fetch(`${proxied}/api/v2/token/get?app_key=x`);
    await faults.close();

    // Assert
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ code: 36009002 });
    expect(other.status).toBe(200);
    expect(retried.status).toBe(200);
  });
});
