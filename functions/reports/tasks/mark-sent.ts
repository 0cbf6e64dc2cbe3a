import { getReportContent } from '#functions/reports/data/content.ts';
import { markReportSent } from '#functions/reports/data/ledger.ts';
import type { Delivery, ReportIteration } from '#functions/reports/tasks/state.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/** Records the week as SENT, with the figures the email showed (what GET /v1/reports/... answers from then on). */
export async function markSent(
  partnerId: string,
  week: string,
  delivery: Delivery,
  claimant: string,
): Promise<{ status: 'SENT' }> {
  const content = await getReportContent(partnerId, week);
  if (content === undefined)
    throw new BusinessRuleError('ReportContentMissing', 'The sent report is no longer stored');
  const marked = await markReportSent({
    partnerId,
    week,
    claimant,
    at: new Date(delivery.sentAt),
    messageId: delivery.messageId,
    figures: content.report.figures,
  });
  if (!marked)
    throw new BusinessRuleError('ReportClaimLost', 'Another run took over this week after it was sent');
  return { status: 'SENT' };
}

export async function markReportSentStep(state: ReportIteration, context: TaskContext) {
  if (state.delivery === undefined)
    throw new BusinessRuleError('NothingSent', 'There is no delivery to record');
  return markSent(state.partnerId, state.week, state.delivery, context.executionId);
}

export const handler = taskHandler('MarkReportSent', markReportSentStep);
