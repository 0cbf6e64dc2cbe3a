import { getReportRecord, recordReportFailure } from '#functions/reports/data/ledger.ts';
import {
  type CaughtError,
  type FailureStatus,
  isPermanentFailure,
  nextAttemptAt,
  sendFailureStatus,
} from '#functions/reports/domain/delivery.ts';
import { markSent } from '#functions/reports/tasks/mark-sent.ts';
import type { IterationResult, ReportIteration } from '#functions/reports/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

const UNKNOWN_FAILURE: CaughtError = { Error: 'States.Runtime', Cause: 'unknown' };

/** FAILED when nothing can have been sent; after the build, the send step's error tells (see delivery.ts). */
export function failureStatusOf(state: ReportIteration): FailureStatus {
  const failure = state.failure ?? UNKNOWN_FAILURE;
  return state.build === undefined ? 'FAILED' : sendFailureStatus(failure);
}

/**
 * Records a partner's failed attempt in the ledger and lets the Map go on with the next partner. A report that
 * was sent but not marked (the mark step failed) is marked now instead. A certainly-unsent first send is put on
 * the retry index; a resend, a rejected message or an uncertain one waits for a person.
 */
export async function recordFailure(state: ReportIteration, context: TaskContext): Promise<IterationResult> {
  const failure = state.failure ?? UNKNOWN_FAILURE;
  const base = { partnerId: state.partnerId, week: state.week };
  if (state.delivery !== undefined) {
    await markSent(state.partnerId, state.week, state.delivery, context.executionId);
    return { ...base, status: 'SENT', reason: 'MARKED_AFTER_RETRY' };
  }
  const status = failureStatusOf(state);
  const now = new Date();
  const record = await getReportRecord(state.partnerId, state.week);
  const retryAt =
    status === 'FAILED' && !state.resend && !isPermanentFailure(failure) && record !== undefined
      ? nextAttemptAt(record.attempts, new Date(record.firstFailedAt ?? now.toISOString()), now)
      : undefined;
  const recorded = await recordReportFailure({
    ...base,
    claimant: context.executionId,
    at: now,
    status,
    error: { code: failure.Error, message: (failure.Cause ?? '').slice(0, 500) },
    ...(retryAt === undefined ? {} : { retryAt }),
  });
  logger.error('Weekly report not sent', {
    ...base,
    status,
    error: failure.Error,
    recorded,
    retryAt: retryAt?.toISOString(),
  });
  return { ...base, status, reason: failure.Error };
}

export const handler = taskHandler('RecordReportFailure', recordFailure);
