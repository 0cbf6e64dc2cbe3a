/**
 * sendEmailOnce against dynalite (real conditional writes) with SES mocked: an email goes out at most once per
 * delivery key, whatever retries, redrives and lost answers happen around it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_REGION } from '#catalog/naming.ts';
import { table } from '#catalog/table.ts';
import type { sendEmailOnce as SendEmailOnce } from '#lib/email/once.ts';
import { ensureTable, type LocalDynamoDb, startDynalite } from '#local/dynamodb.ts';

const TABLE = 'email-once-test';
const ses = mockClient(SESClient);
const message = { to: ['ann@example.com'], subject: 'Welcome', html: '<p>Hi</p>', text: 'Hi' };
let dataDir: string;
let dynamo: LocalDynamoDb;
let sendEmailOnce: typeof SendEmailOnce;
let documentClient: typeof import('#lib/clients/dynamodb.ts').dynamodb;
let keys = 0;
const newKey = () => {
  keys += 1;
  return `welcome#cr_test${keys}`;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-email-once-'));
  dynamo = await startDynalite({ host: '127.0.0.1', port: 0, path: dataDir });
  const client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, TABLE, table);
  client.destroy();
  // The shared clients read their endpoint and the table when first imported.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  process.env.TABLE_NAME = TABLE;
  process.env.SENDER_EMAIL = 'no-reply@partnerflow.test';
  ({ sendEmailOnce } = await import('#lib/email/once.ts'));
  ({ dynamodb: documentClient } = await import('#lib/clients/dynamodb.ts'));
});
afterEach(() => {
  ses.reset();
  vi.restoreAllMocks();
});
afterAll(async () => {
  ses.restore();
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('sendEmailOnce', () => {
  it('sends once; a retry of the same delivery sends nothing and returns the first message id', async () => {
    // Arrange
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const key = newKey();

    // Act
    const first = await sendEmailOnce(key, message);
    const retry = await sendEmailOnce(key, message);

    // Assert
    expect(first).toEqual({ messageId: 'm-1', alreadySent: false });
    expect(retry).toEqual({ messageId: 'm-1', alreadySent: true });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('gives the delivery back when SES refused it for now, so the retry sends it', async () => {
    // Arrange
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    ses.on(SendEmailCommand).rejectsOnce(throttled).resolves({ MessageId: 'm-2' });
    const key = newKey();

    // Act
    const failed = sendEmailOnce(key, message);
    await expect(failed).rejects.toMatchObject({ name: 'PartnerFlow.Transient' });
    const retried = await sendEmailOnce(key, message);

    // Assert
    expect(retried).toEqual({ messageId: 'm-2', alreadySent: false });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('sends nothing while another attempt holds the delivery (it may have sent it)', async () => {
    // Arrange
    const key = newKey();
    await documentClient.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: `EMAIL#${key}`, sk: 'DELIVERY', status: 'SENDING', attemptId: 'another', claimedAt: 'x' },
      }),
    );

    // Act
    const result = await sendEmailOnce(key, message);

    // Assert
    expect(result).toEqual({ messageId: '', alreadySent: true });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('still sends when its own claim was stored but the answer lost (the SDK wrote it again)', async () => {
    // Arrange
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-3' });
    const send = documentClient.send.bind(documentClient) as (command: unknown) => Promise<unknown>;
    let claims = 0;
    vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown) => {
      if (command instanceof PutCommand && claims === 0) {
        claims += 1;
        // The first write lands; its retry then meets its own item.
        return send(command).then(() => send(command));
      }
      return send(command);
    }) as typeof documentClient.send);

    // Act
    const result = await sendEmailOnce(newKey(), message);

    // Assert
    expect(result).toEqual({ messageId: 'm-3', alreadySent: false });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('reports a sent email as sent even when recording it failed, and a retry does not send it again', async () => {
    // Arrange
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-4' });
    const send = documentClient.send.bind(documentClient) as (command: unknown) => Promise<unknown>;
    vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown) =>
      command instanceof UpdateCommand
        ? Promise.reject(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
        : send(command)) as typeof documentClient.send);
    const key = newKey();

    // Act
    const first = await sendEmailOnce(key, message);
    const retry = await sendEmailOnce(key, message);

    // Assert
    expect(first).toEqual({ messageId: 'm-4', alreadySent: false });
    expect(retry.alreadySent).toBe(true);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('refuses a message SES limits forbid before claiming anything', async () => {
    const key = newKey();

    await expect(sendEmailOnce(key, { ...message, to: [] })).rejects.toMatchObject({
      name: 'PartnerFlow.EmailRejected',
    });
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-5' });
    await expect(sendEmailOnce(key, message)).resolves.toEqual({ messageId: 'm-5', alreadySent: false });
  });
});
