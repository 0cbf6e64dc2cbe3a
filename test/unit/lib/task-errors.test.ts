import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  reserveCreatorHandle,
  handler as reserveHandleHandler,
} from '#functions/creators/tasks/reserve-handle.ts';
import { classifyError, isTransient, TransientError } from '#lib/workflows/errors.ts';
import { createLambdaContext } from '#local/lambda/context.ts';
import { onboardingState } from '#test/support/onboarding.ts';

const dynamodb = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamodb.reset());

describe('error classification', () => {
  it('treats throttling, 5xx and dropped connections as transient', () => {
    expect(isTransient(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(
      isTransient(
        Object.assign(new Error('x'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }),
      ),
    ).toBe(false);
    expect(isTransient('a string')).toBe(false);
  });

  it('renames only transient errors', () => {
    const business = Object.assign(new Error('nope'), { name: 'PartnerFlow.HandleTaken' });
    expect(classifyError(business)).toBe(business);
    expect(classifyError(Object.assign(new Error('slow'), { name: 'ThrottlingException' }))).toBeInstanceOf(
      TransientError,
    );
  });
});

describe('a task meeting DynamoDB throttling', () => {
  it('fails with PartnerFlow.Transient, the name the Retry block matches', async () => {
    dynamodb
      .on(PutCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(reserveCreatorHandle(onboardingState())).rejects.toThrow(
      ProvisionedThroughputExceededException,
    );
    await expect(
      reserveHandleHandler(
        { input: onboardingState(), execution: 'cr_1-onboarding' },
        createLambdaContext('onboarding-reserve-handle'),
      ),
    ).rejects.toMatchObject({ name: 'PartnerFlow.Transient' });
  });

  it('reports a handle held by another creator as PartnerFlow.HandleTaken', async () => {
    dynamodb.on(PutCommand).rejects(
      Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      }),
    );
    await expect(
      reserveHandleHandler(
        { input: onboardingState(), execution: 'cr_1-onboarding' },
        createLambdaContext('onboarding-reserve-handle'),
      ),
    ).rejects.toMatchObject({ name: 'PartnerFlow.HandleTaken' });
  });
});
