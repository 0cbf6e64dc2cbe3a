import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '#lib/observability.ts';
import { classifyError } from '#lib/workflows/errors.ts';

/**
 * What every state machine task sends its Lambda: the state's input, the execution name (the business
 * correlation id) and, for `.waitForTaskToken` states, the token that resumes the execution.
 */
export interface TaskEvent<Input> {
  readonly input: Input;
  readonly execution: string;
  readonly taskToken?: string;
  /** Static arguments the state passes (e.g. which phase of a review). */
  readonly args?: Readonly<Record<string, string>>;
}

export interface TaskContext {
  readonly executionId: string;
  readonly taskToken: string | undefined;
  readonly args: Readonly<Record<string, string>>;
  readonly lambda: Context;
}

/**
 * Wraps a plain task function as a Lambda handler: correlation keys on every log line, and dependency
 * failures re-thrown as `PartnerFlow.Transient` so the ASL's Retry blocks can match them by name.
 */
export function taskHandler<Input, Output>(
  step: string,
  run: (input: Input, context: TaskContext) => Promise<Output>,
) {
  return middy(async (event: TaskEvent<Input>, lambda: Context): Promise<Output> => {
    // correlationId is the execution name, which the API request that started it logged too (startWorkflow).
    logger.appendKeys({ correlationId: event.execution, executionId: event.execution, step });
    try {
      return await run(event.input, {
        executionId: event.execution,
        taskToken: event.taskToken,
        args: event.args ?? {},
        lambda,
      });
    } catch (error) {
      const classified = classifyError(error);
      logger.warn('Task failed', { error: error as Error, transient: classified !== error });
      throw classified;
    } finally {
      logger.resetKeys();
    }
  });
}
