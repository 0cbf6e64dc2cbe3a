/** True when a DynamoDB write failed only because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Awaits a conditional write: its output, or undefined when only its condition did not hold (the expected
 * outcome of a write that must happen at most once). Any other error is thrown as it came.
 */
export async function whenConditionHolds<Output>(write: Promise<Output>): Promise<Output | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
