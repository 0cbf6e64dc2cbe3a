import { getReportContent } from '#functions/reports/data/content.ts';
import { getReportRecord } from '#functions/reports/data/ledger.ts';
import { renderReportEmail } from '#functions/reports/render/message.ts';
import type { Delivery, ReportIteration } from '#functions/reports/tasks/state.ts';
import { sendRawEmail } from '#lib/email/raw.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * Renders the built report (HTML, text, CSV) and sends it to every manager of the partner in one SES
 * SendRawEmail. It checks first that this run still holds the week's claim and built the stored report.
 */
export async function sendReport(state: ReportIteration, context: TaskContext): Promise<Delivery> {
  const [record, content, partner] = await Promise.all([
    getReportRecord(state.partnerId, state.week),
    getReportContent(state.partnerId, state.week),
    getPartner(state.partnerId),
  ]);
  if (record?.status !== 'SENDING' || record.claimedBy !== context.executionId) {
    throw new BusinessRuleError('ReportClaimLost', 'Another run took over this week before it was sent');
  }
  if (content === undefined || content.builtBy !== context.executionId) {
    throw new BusinessRuleError('ReportContentMissing', 'The report this run built is no longer stored');
  }
  if (partner === undefined)
    throw new BusinessRuleError('PartnerNotFound', `Partner ${state.partnerId} does not exist`);
  const message = renderReportEmail(content.report, partner.managerEmails);
  const { messageId } = await sendRawEmail(message);
  return { messageId, recipients: message.to.length, sentAt: new Date().toISOString() };
}

export const handler = taskHandler('SendReport', sendReport);
