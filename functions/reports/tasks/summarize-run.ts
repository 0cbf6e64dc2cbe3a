import type { IterationResult, ReportRun } from '#functions/reports/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

export interface RunSummary {
  readonly trigger: ReportRun['trigger'];
  readonly scheduledTime?: string;
  readonly sent: readonly IterationResult[];
  readonly skipped: readonly IterationResult[];
  readonly failed: readonly IterationResult[];
  readonly failedCount: number;
}

/** The run's outcome (the execution's output): which partners got their report, which were skipped and why. */
export function summarizeRun(input: { run: ReportRun; results: readonly IterationResult[] }): RunSummary {
  const of = (...statuses: IterationResult['status'][]) =>
    input.results.filter((result) => statuses.includes(result.status));
  const failed = of('FAILED', 'UNCERTAIN');
  return {
    trigger: input.run.trigger,
    ...(input.run.scheduledTime === undefined ? {} : { scheduledTime: input.run.scheduledTime }),
    sent: of('SENT'),
    skipped: of('SKIPPED'),
    failed,
    failedCount: failed.length,
  };
}

export const handler = taskHandler(
  'SummarizeReportRun',
  async (input: { run: ReportRun; results: readonly IterationResult[] }) => {
    const summary = summarizeRun(input);
    if (summary.failedCount > 0)
      logger.error('Weekly reports failed in this run', { failed: summary.failed });
    return summary;
  },
);
