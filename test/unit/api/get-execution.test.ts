import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionDoesNotExist,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localStateMachineArn } from '#catalog/naming.ts';
import type { Role } from '#catalog/types.ts';
import { executionError } from '#functions/api/execution-status.ts';
import { handler } from '#functions/api/get-execution.ts';
import { createLambdaContext } from '#local/lambda/context.ts';
import { proxyEvent } from '#test/support/api-events.ts';

const sfn = mockClient(SFNClient);
const dynamodb = mockClient(DynamoDBDocumentClient);
const EXECUTION_ID = 'cr_abc123-onboarding';
const acmePartner = { keyId: 'key000000001', role: 'partner' as Role, partnerId: 'acme' };

const described = (overrides: Partial<DescribeExecutionCommandOutput>): DescribeExecutionCommandOutput => ({
  $metadata: {},
  executionArn: 'arn',
  stateMachineArn: 'arn',
  status: 'RUNNING',
  startDate: new Date('2026-11-21T10:00:00.000Z'),
  input: JSON.stringify({ creatorId: 'cr_abc123', partnerId: 'acme' }),
  ...overrides,
});

async function getExecution(
  executionId: string,
  principal: { keyId: string; role: Role; partnerId?: string } = acmePartner,
) {
  const event = proxyEvent({
    path: `/v1/executions/${executionId}`,
    resource: '/v1/executions/{executionId}',
    pathParameters: { executionId },
    principal,
  });
  const result = await handler(event, createLambdaContext('get-execution'));
  return { statusCode: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
}

beforeAll(() => {
  process.env.CREATOR_ONBOARDING_STATE_MACHINE_ARN = localStateMachineArn('creator-onboarding');
});

afterEach(() => {
  sfn.reset();
  dynamodb.reset();
});

describe('GET /v1/executions/{executionId}', () => {
  it('answers a succeeded onboarding with its outcome', async () => {
    // Arrange
    const outcome = { decision: 'APPROVED', tier: 'mid', reasons: [] };
    sfn.on(DescribeExecutionCommand).resolves(
      described({
        status: 'SUCCEEDED',
        stopDate: new Date('2026-11-21T10:00:05.000Z'),
        output: JSON.stringify(outcome),
      }),
    );

    // Act
    const answer = await getExecution(EXECUTION_ID);

    // Assert
    expect(answer).toEqual({
      statusCode: 200,
      body: {
        executionId: EXECUTION_ID,
        workflow: 'creator-onboarding',
        status: 'SUCCEEDED',
        startedAt: '2026-11-21T10:00:00.000Z',
        stoppedAt: '2026-11-21T10:00:05.000Z',
        outcome,
      },
    });
  });

  it('says WAITING_FOR_REVIEW while the creator is in review', async () => {
    // Arrange
    sfn.on(DescribeExecutionCommand).resolves(described({}));
    dynamodb.on(GetCommand).resolves({ Item: { creatorId: 'cr_abc123', status: 'IN_REVIEW' } });

    // Act
    const answer = await getExecution(EXECUTION_ID);

    // Assert
    expect(answer.body).toMatchObject({ status: 'WAITING_FOR_REVIEW' });
    expect(answer.body).not.toHaveProperty('outcome');
  });

  it("answers 404 for another partner's execution, an unknown one and an id that is not ours", async () => {
    // Arrange
    sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => {
      if (input.executionArn.endsWith(`:${EXECUTION_ID}`)) return described({});
      throw new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} });
    });

    // Act
    const foreign = await getExecution(EXECUTION_ID, { ...acmePartner, partnerId: 'globex' });
    const unknown = await getExecution('cr_gone-onboarding');
    const notOurs = await getExecution('../../etc');

    // Assert
    expect([foreign.statusCode, unknown.statusCode, notOurs.statusCode]).toEqual([404, 404, 404]);
    expect(foreign.body).toEqual(unknown.body);
  });

  it('lets ops read any partner’s execution', async () => {
    sfn.on(DescribeExecutionCommand).resolves(described({ status: 'ABORTED', stopDate: new Date() }));
    const answer = await getExecution(EXECUTION_ID, { keyId: 'key000000009', role: 'ops' });
    expect(answer.body).toMatchObject({ status: 'ABORTED', error: { code: 'States.Aborted' } });
  });

  it('shows the cause of a PartnerFlow error and hides any other', async () => {
    // Arrange
    sfn.on(DescribeExecutionCommand).resolves(
      described({
        status: 'FAILED',
        stopDate: new Date(),
        error: 'Lambda.Unknown',
        cause: '{"errorType":"Error","errorMessage":"connect ECONNREFUSED 10.0.0.1:443","trace":["at x"]}',
      }),
    );

    // Act
    const answer = await getExecution(EXECUTION_ID);

    // Assert
    expect(answer.body.error).toEqual({
      code: 'Lambda.Unknown',
      message: 'The workflow failed. Ops can find the cause by this execution id.',
    });
    expect(JSON.stringify(answer.body)).not.toContain('ECONNREFUSED');
  });
});

describe('executionError', () => {
  it("takes a PartnerFlow error's message from a Fail state's cause or a Lambda error's errorMessage", () => {
    expect(
      executionError('FAILED', 'PartnerFlow.OnboardingFailed', 'A step failed after its retries.'),
    ).toEqual({
      code: 'PartnerFlow.OnboardingFailed',
      message: 'A step failed after its retries.',
    });
    expect(
      executionError(
        'FAILED',
        'PartnerFlow.HandleTaken',
        '{"errorType":"PartnerFlow.HandleTaken","errorMessage":"Handle taken","trace":["secret"]}',
      ),
    ).toEqual({ code: 'PartnerFlow.HandleTaken', message: 'Handle taken' });
  });

  it('names the time-out and keeps its cause generic', () => {
    expect(executionError('TIMED_OUT', undefined, 'internal detail')).toEqual({
      code: 'States.Timeout',
      message: 'The workflow did not finish within its time limit.',
    });
  });
});
