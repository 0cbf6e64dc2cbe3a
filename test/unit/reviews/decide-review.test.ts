import { SendTaskSuccessCommand, SFNClient, SFNServiceException, TaskTimedOut } from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '#catalog/types.ts';
import { handler } from '#functions/reviews/api/decide-review.ts';
import type { Review } from '#lib/repositories/reviews.ts';
import { createLambdaContext } from '#local/lambda/context.ts';
import { proxyEvent } from '#test/support/api-events.ts';

const dynamodb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const TOKEN = 'task-token-secret-0123456789';
const pending: Review = {
  reviewId: 'rv_abc',
  partnerId: 'acme',
  workflow: 'creator-onboarding',
  subject: { type: 'creator', id: 'cr_abc' },
  executionId: 'cr_abc-onboarding',
  status: 'PENDING',
  reasons: ['LOW_ENGAGEMENT'],
  summary: { handle: 'ann' },
  createdAt: '2026-11-21T10:00:00.000Z',
  dueAt: '2026-11-24T10:00:00.000Z',
};
const stored = (review: Review) => ({
  pk: 'REVIEW#rv_abc',
  sk: 'REVIEW',
  gsi1pk: 'x',
  taskToken: TOKEN,
  ...review,
});

const manager = { keyId: 'key000000002', role: 'manager' as const, partnerId: 'acme' };

/** The table as a one-review fake: a conditional decision, a late mark and a withdrawal change it. */
function fakeTable(initial: Review) {
  let item: Record<string, unknown> = stored(initial);
  dynamodb.on(GetCommand).callsFake(() => ({ Item: item }));
  dynamodb.on(PutCommand).resolves({});
  dynamodb.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
    const values = input.ExpressionAttributeValues ?? {};
    const expression = input.UpdateExpression ?? '';
    if (expression.includes('decision = :decision')) {
      if (item.status !== 'PENDING')
        throw Object.assign(new Error('failed'), { name: 'ConditionalCheckFailedException' });
      item = {
        ...item,
        status: values[':status'],
        decision: values[':decision'],
        decisionReason: values[':reason'],
        decidedBy: values[':by'],
        decidedAt: values[':at'],
      };
    } else if (expression.includes('lateDecision')) {
      item = { ...item, lateDecision: values[':late'] };
    } else if (expression.includes('REMOVE decision')) {
      const { decision: _d, decisionReason: _r, decidedBy: _b, decidedAt: _a, ...rest } = item;
      item = { ...rest, status: 'PENDING' };
    }
    return { Attributes: item };
  });
  return { current: () => item };
}

async function decide(body: unknown, principal: { keyId: string; role: Role; partnerId?: string } = manager) {
  const event = proxyEvent({
    method: 'POST',
    path: '/v1/reviews/rv_abc/decision',
    resource: '/v1/reviews/{reviewId}/decision',
    pathParameters: { reviewId: 'rv_abc' },
    json: body,
    principal,
  });
  const result = await handler(event, createLambdaContext('decide-review'));
  return { statusCode: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
}

const audits = () =>
  dynamodb
    .commandCalls(PutCommand)
    .map((call) => call.args[0].input.Item?.action)
    .filter((action) => action !== undefined);

beforeEach(() => dynamodb.reset());
afterEach(() => sfn.reset());

describe('POST /v1/reviews/{reviewId}/decision', () => {
  it('records the decision once, resumes the workflow with it and answers the review without its token', async () => {
    // Arrange
    fakeTable(pending);
    sfn.on(SendTaskSuccessCommand).resolves({});

    // Act
    const answer = await decide({ decision: 'approve', reason: '  Strong niche fit  ' });

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({
      reviewId: 'rv_abc',
      status: 'APPROVED',
      decision: 'approve',
      decidedBy: 'manager:key000000002',
    });
    expect(JSON.stringify(answer.body)).not.toContain(TOKEN);
    expect(answer.body).not.toHaveProperty('pk');
    const sent = sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input;
    expect(sent?.taskToken).toBe(TOKEN);
    expect(JSON.parse(sent?.output ?? '{}')).toEqual({
      decision: 'approve',
      reason: 'Strong niche fit',
      decidedBy: 'manager:key000000002',
      reviewId: 'rv_abc',
    });
    expect(audits()).toEqual(['review.decided']);
  });

  it('answers 409 to a second decision and does not resume the workflow again', async () => {
    // Arrange
    fakeTable(pending);
    sfn.on(SendTaskSuccessCommand).resolves({});
    await decide({ decision: 'approve', reason: 'first' });

    // Act
    const second = await decide({ decision: 'reject', reason: 'second' });

    // Assert
    expect(second.statusCode).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'conflict' });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it("answers 404 for another partner's review and changes nothing", async () => {
    // Arrange
    fakeTable(pending);

    // Act
    const answer = await decide({ decision: 'approve', reason: 'x' }, { ...manager, partnerId: 'globex' });

    // Assert
    expect(answer.statusCode).toBe(404);
    expect(dynamodb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('lets ops decide any partner’s review, recorded as ops:<keyId>', async () => {
    // Arrange
    fakeTable(pending);
    sfn.on(SendTaskSuccessCommand).resolves({});

    // Act
    const answer = await decide(
      { decision: 'reject', reason: 'policy' },
      { keyId: 'key000000009', role: 'ops' },
    );

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ status: 'REJECTED', decidedBy: 'ops:key000000009' });
  });

  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])(
    'answers 409 when Step Functions says %s after the reminder: the decision stays, marked late',
    async (name) => {
      // Arrange
      const table = fakeTable({ ...pending, remindedAt: '2026-11-24T10:00:00.000Z' });
      sfn.on(SendTaskSuccessCommand).rejects(
        name === 'TaskTimedOut'
          ? new TaskTimedOut({
              message: "Task Timed Out: 'Provided task does not exist anymore'",
              $metadata: {},
            })
          : new SFNServiceException({ name, $fault: 'client', $metadata: {}, message: name }),
      );

      // Act
      const answer = await decide({ decision: 'approve', reason: 'late' });

      // Assert
      expect(answer.statusCode).toBe(409);
      expect(String((answer.body.error as { message: string }).message)).toMatch(/timed out/);
      expect(table.current()).toMatchObject({
        status: 'APPROVED',
        decision: 'approve',
        lateDecision: { error: name },
      });
      expect(audits()).toEqual(['review.decided', 'review.decided-late']);
    },
  );

  it('accepts a decision that lands between the first time-out and the reminder: the reminder step applies it', async () => {
    // Arrange
    const table = fakeTable(pending);
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));

    // Act
    const answer = await decide({ decision: 'approve', reason: 'just in time' });

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(table.current()).toMatchObject({ status: 'APPROVED', decision: 'approve' });
    expect(table.current()).not.toHaveProperty('lateDecision');
    expect(audits()).toEqual(['review.decided']);
  });

  it('withdraws the decision when Step Functions fails for a transient reason, so the manager can retry', async () => {
    // Arrange
    const table = fakeTable(pending);
    sfn.on(SendTaskSuccessCommand).rejectsOnce(
      new SFNServiceException({
        name: 'ServiceUnavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
        message: 'down',
      }),
    );

    // Act
    const failed = await decide({ decision: 'approve', reason: 'try 1' });
    sfn.on(SendTaskSuccessCommand).resolves({});
    const retried = await decide({ decision: 'approve', reason: 'try 2' });

    // Assert
    expect(failed.statusCode).toBe(503);
    expect(JSON.stringify(failed.body)).not.toContain('down');
    expect(retried.statusCode).toBe(200);
    expect(table.current()).toMatchObject({ status: 'APPROVED', decisionReason: 'try 2' });
    expect(audits()).toEqual(['review.decided', 'review.decision-withdrawn', 'review.decided']);
  });
});
