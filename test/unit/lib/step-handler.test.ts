import { describe, expect, it } from 'vitest';
import { stepHandler } from '#lib/workflows/step-handler.ts';
import { createLambdaContext } from '#local/lambda/context.ts';

const fakeContext = () => createLambdaContext('step-handler-test');

describe('stepHandler', () => {
  const handler = stepHandler({
    Double: async (input: { n: number }) => input.n * 2,
    Name: async (_input: unknown, context) => context.executionId,
  });

  it('runs the step the state names, with the execution as its context', async () => {
    // Act
    const doubled = await handler(
      { input: { n: 21 }, execution: 'ex-1', args: { step: 'Double' } },
      fakeContext(),
    );
    const named = await handler({ input: {}, execution: 'ex-2', args: { step: 'Name' } }, fakeContext());

    // Assert
    expect([doubled, named]).toEqual([42, 'ex-2']);
  });

  it('fails with PartnerFlow.UnknownStep for a step it does not have', async () => {
    await expect(
      handler({ input: {}, execution: 'ex-3', args: { step: 'Triple' } }, fakeContext()),
    ).rejects.toMatchObject({
      name: 'PartnerFlow.UnknownStep',
    });
  });
});
