import { putReportContent } from '#functions/reports/data/content.ts';
import { loadWeeklyReport } from '#functions/reports/data/report-inputs.ts';
import type { BuildSummary, ReportIteration } from '#functions/reports/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * Builds the week's report from the pre-aggregated counters and stores it for the send step, so that a retried
 * send emails exactly the numbers that were built. Returns a summary small enough for the execution's state.
 */
export async function buildReport(state: ReportIteration, context: TaskContext): Promise<BuildSummary> {
  const partner = await getPartner(state.partnerId);
  if (partner === undefined)
    throw new BusinessRuleError('PartnerNotFound', `Partner ${state.partnerId} does not exist`);
  const now = new Date();
  const { report, itemsRead } = await loadWeeklyReport(partner, state.week, now);
  const storedBytes = await putReportContent(report, context.executionId, now);
  const summary = {
    quiet: report.figures.quiet,
    creatorRows: report.creatorRows.length,
    itemsRead,
    storedBytes,
  };
  logger.info('Weekly report built', { partnerId: state.partnerId, week: state.week, ...summary });
  return summary;
}

export const handler = taskHandler('BuildReport', buildReport);
