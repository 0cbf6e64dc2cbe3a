import { closeApplication } from '#functions/creators/tasks/close-application.ts';
import { rejectionReasons } from '#functions/creators/tasks/rejection-reasons.ts';
import type { OnboardingState } from '#functions/creators/tasks/state.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/** Rejects the application for the reasons the execution found, and frees the handle. */
export async function rejectCreator(
  state: OnboardingState,
  context: TaskContext,
): Promise<{ reasons: readonly string[]; rejectedAt: string }> {
  const reasons = rejectionReasons(state);
  await closeApplication(state, context.executionId, 'RejectCreator', reasons);
  return { reasons, rejectedAt: new Date().toISOString() };
}

export const handler = taskHandler('RejectCreator', rejectCreator);
