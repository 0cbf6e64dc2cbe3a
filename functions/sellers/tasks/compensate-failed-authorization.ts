import { recordFailure } from '#functions/sellers/tasks/failures.ts';
import type { AuthorizationState } from '#functions/sellers/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * Compensation after a step failed for good: a new seller is recorded as FAILED (PROCESSING_FAILED) with nothing
 * left behind; a re-authorized seller keeps its status and current pair. The execution then fails, which alarms
 * ops (the failing step is in its history; redrive it once the cause is fixed).
 */
export async function compensateFailedAuthorization(state: AuthorizationState, context: TaskContext) {
  logger.error('Seller authorization failed after its retries', {
    sellerId: state.sellerId,
    authorizationId: state.authorizationId,
    error: state.failure?.Error,
  });
  return recordFailure(
    state,
    context.executionId,
    'PROCESSING_FAILED',
    'The authorization could not be completed because of a problem on our side. Ops were alerted.',
    'CompensateFailedAuthorization',
  );
}

export const handler = taskHandler('CompensateFailedAuthorization', compensateFailedAuthorization);
