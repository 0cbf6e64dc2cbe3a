import type { WeeklyReport } from '#functions/reports/domain/types.ts';
import { csvFileName, renderCreatorCsv } from '#functions/reports/render/csv.ts';
import { renderReportHtml } from '#functions/reports/render/html.ts';
import { reportSubject } from '#functions/reports/render/labels.ts';
import { renderReportText } from '#functions/reports/render/text.ts';
import type { RawEmailMessage } from '#lib/email/raw.ts';

/** The whole email for a report and its recipients: subject, HTML, plain text and the CSV attachment. */
export function renderReportEmail(report: WeeklyReport, to: readonly string[]): RawEmailMessage {
  const { figures } = report;
  return {
    to,
    subject: reportSubject(figures),
    html: renderReportHtml(figures),
    text: renderReportText(figures),
    attachments: [
      {
        filename: csvFileName(figures.partner.partnerId, figures.week),
        contentType: 'text/csv; charset=utf-8',
        content: renderCreatorCsv(report.creatorRows),
      },
    ],
    headers: { 'X-PartnerFlow-Report': `${figures.partner.partnerId}/${figures.week}` },
  };
}
