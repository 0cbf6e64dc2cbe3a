import { listRetriesDue } from '#functions/reports/data/ledger.ts';
import { listSchedulablePartners } from '#functions/reports/data/partners.ts';
import { mayBeReportSlotSomewhere, selectDueReports, slotOf } from '#functions/reports/domain/schedule.ts';
import type { ReportRun, ReportRunInput } from '#functions/reports/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** Failed reports retried by one run at most, after the partners due in the slot. */
export const MAX_RETRIES_PER_RUN = 200;

function scheduledAt(input: { readonly scheduledTime?: string }): Date {
  const at = input.scheduledTime === undefined ? Number.NaN : Date.parse(input.scheduledTime);
  // A schedule always sends its time; a hand-started run without one means "now".
  return Number.isNaN(at) ? new Date() : new Date(at);
}

/**
 * The reports a run sends. An API run brings its own list. A scheduled run takes the partners whose Monday 08:00
 * falls in the slot of its scheduled time (each with the week just ended in its time zone), then the FAILED
 * reports whose next attempt is due, without duplicates.
 */
export async function listReportsDue(input: ReportRunInput): Promise<ReportRun> {
  if (input.trigger === 'api') return { trigger: 'api', reports: input.reports, resend: input.resend };
  const at = scheduledAt(input);
  const slot = slotOf(at);
  const partners = mayBeReportSlotSomewhere(slot) ? await listSchedulablePartners() : [];
  const { due, invalid } = selectDueReports(partners, slot);
  if (invalid.length > 0) {
    logger.error('Partners with a time zone the time zone database does not know get no weekly report', {
      partnerIds: invalid,
    });
  }
  const retries = await listRetriesDue(at, MAX_RETRIES_PER_RUN);
  const seen = new Set(due.map((report) => `${report.partnerId}#${report.week}`));
  const reports = [...due, ...retries.filter((report) => !seen.has(`${report.partnerId}#${report.week}`))];
  logger.info('Weekly reports due', { slot: slot.toISOString(), due: due.length, retries: retries.length });
  return { trigger: 'schedule', reports, resend: false, scheduledTime: slot.toISOString() };
}

export const handler = taskHandler('ListReportsDue', listReportsDue);
