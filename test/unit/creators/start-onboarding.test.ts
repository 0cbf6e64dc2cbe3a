import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localStateMachineArn } from '#catalog/naming.ts';
import { handler } from '#functions/creators/api/start-onboarding.ts';
import { createLambdaContext } from '#local/lambda/context.ts';
import { proxyEvent } from '#test/support/api-events.ts';
import { creatorApplication } from '#test/support/onboarding.ts';

const dynamodb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const partner = { keyId: 'key000000001', role: 'partner' as const, partnerId: 'acme' };

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const throttled = () =>
  new SFNServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message:
      'Rate exceeded for arn:aws:states:us-east-1:000000000000:stateMachine:partnerflow-creator-onboarding',
  });

interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

async function submit(body: unknown, headers: readonly (readonly [string, string])[] = []): Promise<Answer> {
  const event = proxyEvent({
    method: 'POST',
    path: '/v1/creators/onboardings',
    json: body,
    headers,
    principal: partner,
  });
  const result = await handler(event, createLambdaContext('start-creator-onboarding'));
  return {
    statusCode: result.statusCode,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: JSON.parse(result.body) as Record<string, unknown>,
  };
}

const puts = () => dynamodb.commandCalls(PutCommand).map((call) => call.args[0].input);
const deletes = () => dynamodb.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key);

beforeAll(() => {
  process.env.CREATOR_ONBOARDING_STATE_MACHINE_ARN = localStateMachineArn('creator-onboarding');
});

beforeEach(() => {
  dynamodb.on(PutCommand).resolves({});
  dynamodb.on(DeleteCommand).resolves({});
  sfn
    .on(DescribeExecutionCommand)
    .rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }));
});

afterEach(() => {
  dynamodb.reset();
  sfn.reset();
});

describe('POST /v1/creators/onboardings', () => {
  it('reserves the handle, stores the creator in cents, starts the workflow under the creator id and answers 202', async () => {
    // Arrange
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
    const application = creatorApplication({ handle: 'Ann.Creator', gmv30d: 0.29 });

    // Act
    const answer = await submit({ creator: application });

    // Assert
    expect(answer.statusCode).toBe(202);
    const creatorId = String(answer.body.creatorId);
    const executionId = `${creatorId}-onboarding`;
    expect(creatorId).toMatch(/^cr_[a-z0-9]+$/);
    expect(answer.body).toEqual({
      executionId,
      workflow: 'creator-onboarding',
      creatorId,
      status: 'RUNNING',
      links: { execution: `/v1/executions/${executionId}`, creator: `/v1/creators/${creatorId}` },
    });
    expect(answer.headers.location).toBe(`/v1/executions/${executionId}`);
    const [reservation, creator] = puts();
    expect(reservation?.Item).toMatchObject({ pk: 'HANDLE#ann.creator', creatorId, partnerId: 'acme' });
    // 0.29 * 100 is 28.999999999999996 in floating point: the stored amount must still be 29 cents.
    expect(creator?.Item).toMatchObject({
      pk: `CREATOR#${creatorId}`,
      status: 'SCREENING',
      handle: 'ann.creator',
      gmv30d: { amountMinor: 29, currency: 'USD' },
      executionId,
    });
    const start = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(start?.name).toBe(executionId);
    expect(JSON.parse(start?.input ?? '{}')).toMatchObject({
      creatorId,
      partnerId: 'acme',
      creator: { handle: 'ann.creator', gmv30d: 0.29 },
    });
  });

  it('answers 409 on a taken handle and writes nothing', async () => {
    // Arrange
    dynamodb.on(PutCommand).rejects(conditionFailed());

    // Act
    const answer = await submit({ creator: creatorApplication({ handle: 'taken' }) });

    // Assert
    expect(answer.statusCode).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'conflict',
      details: [{ path: 'creator.handle', issue: 'is already active or under review' }],
    });
    expect(puts()).toHaveLength(1);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('undoes the creator and the handle when Step Functions throttles the start, and answers a 503 that leaks nothing', async () => {
    // Arrange
    sfn.on(StartExecutionCommand).rejects(throttled());

    // Act
    const answer = await submit({ creator: creatorApplication({ handle: 'throttled' }) });

    // Assert: a transient failure, so the client may retry (with the same Idempotency-Key).
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['retry-after']).toBe('1');
    expect(answer.body.error).toMatchObject({ code: 'service_unavailable', details: [] });
    const text = JSON.stringify(answer.body);
    expect(text).not.toMatch(/Rate exceeded|Throttling|arn:aws|stateMachine/);
    const creatorPut = puts().find(
      (input) => String(input.Item?.pk).startsWith('CREATOR#') && input.Item?.type === 'Creator',
    );
    const creatorId = String(creatorPut?.Item?.creatorId);
    expect(deletes()).toEqual(
      expect.arrayContaining([
        { pk: `CREATOR#${creatorId}`, sk: 'PROFILE' },
        { pk: 'HANDLE#throttled', sk: 'RESERVATION' },
      ]),
    );
    expect(puts().map((input) => input.Item?.action)).toContain('creator.onboarding-not-started');
  });

  it('accepts a start that Step Functions took although the call failed, and undoes nothing', async () => {
    // Arrange
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', startDate: new Date() });

    // Act
    const answer = await submit({ creator: creatorApplication() });

    // Assert: failing it would let the client's retry start a second onboarding.
    expect(answer.statusCode).toBe(202);
    expect(deletes()).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['not printable ASCII', 'clé-1'],
  ])('refuses an Idempotency-Key that is %s before writing anything', async (_case, key) => {
    // Act
    const answer = await submit({ creator: creatorApplication() }, [['Idempotency-Key', key]]);

    // Assert
    expect(answer.statusCode).toBe(400);
    expect(answer.body.error).toMatchObject({ details: [{ path: 'headers.idempotency-key' }] });
    expect(puts()).toEqual([]);
  });
});
