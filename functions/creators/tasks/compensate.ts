import { closeApplication } from '#functions/creators/tasks/close-application.ts';
import type { OnboardingState } from '#functions/creators/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * Compensation after a step failed for good: the creator is never left SCREENING or IN_REVIEW, and its handle
 * is free for a new application. The execution then fails with the recorded cause.
 */
export async function compensateFailedOnboarding(
  state: OnboardingState,
  context: TaskContext,
): Promise<{ compensated: true; error: string }> {
  const error = state.failure?.Error ?? 'Unknown';
  logger.error('Onboarding failed; compensating', { failedWith: error });
  await closeApplication(
    state,
    context.executionId,
    'CompensateFailedOnboarding',
    ['PROCESSING_FAILED'],
    error,
  );
  return { compensated: true, error };
}

export const handler = taskHandler('CompensateFailedOnboarding', compensateFailedOnboarding);
