import { describe, expect, it } from 'vitest';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';

const failure = (name: string) => Object.assign(new Error(name), { name });

describe('whenConditionHolds', () => {
  it("answers the write's output when its condition held", async () => {
    await expect(whenConditionHolds(Promise.resolve({ Attributes: { status: 'ACTIVE' } }))).resolves.toEqual({
      Attributes: { status: 'ACTIVE' },
    });
  });

  it('answers undefined when only the condition failed', async () => {
    await expect(
      whenConditionHolds(Promise.reject(failure('ConditionalCheckFailedException'))),
    ).resolves.toBeUndefined();
  });

  it('throws every other error as it came (throttling is retried by the caller, not swallowed)', async () => {
    const throttled = failure('ProvisionedThroughputExceededException');

    await expect(whenConditionHolds(Promise.reject(throttled))).rejects.toBe(throttled);
  });
});
