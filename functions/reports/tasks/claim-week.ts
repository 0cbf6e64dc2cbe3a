import { claimReportWeek, type ReportRecord } from '#functions/reports/data/ledger.ts';
import type { ClaimOutcome, ReportIteration } from '#functions/reports/tasks/state.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/** Why a week that could not be claimed is not sent again. */
export function refusalReason(record: ReportRecord | undefined): ClaimOutcome & { claimed: false } {
  if (record?.status === 'SENDING') return { claimed: false, reason: 'IN_PROGRESS' };
  if (record?.status === 'UNCERTAIN') return { claimed: false, reason: 'OUTCOME_UNKNOWN' };
  return { claimed: false, reason: 'ALREADY_SENT' };
}

/** Claims the partner's week for this run (conditional write): the guard that sends a week at most once. */
export async function claimWeek(state: ReportIteration, context: TaskContext): Promise<ClaimOutcome> {
  const result = await claimReportWeek({
    partnerId: state.partnerId,
    week: state.week,
    claimant: context.executionId,
    at: new Date(),
    resend: state.resend,
  });
  return result.claimed ? result : refusalReason(result.record);
}

export const handler = taskHandler('ClaimReportWeek', claimWeek);
