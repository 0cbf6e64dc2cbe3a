import { FAILURE_BY_ERROR } from '#functions/sellers/domain/authorization.ts';
import { messageOf, recordFailure } from '#functions/sellers/tasks/failures.ts';
import type { AuthorizationState } from '#functions/sellers/tasks/state.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/** After a rejection the seller can act on (bad code, wrong shop, shop taken): records it and cleans up. */
export async function recordAuthorizationFailure(state: AuthorizationState, context: TaskContext) {
  const code = FAILURE_BY_ERROR[state.rejection?.Error ?? ''] ?? 'PROCESSING_FAILED';
  return recordFailure(
    state,
    context.executionId,
    code,
    messageOf(state.rejection, 'The authorization was refused'),
    'RecordAuthorizationFailure',
  );
}

export const handler = taskHandler('RecordAuthorizationFailure', recordAuthorizationFailure);
