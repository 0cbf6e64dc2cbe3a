import { getReportRecord } from '#functions/reports/data/ledger.ts';
import { loadWeeklyReport } from '#functions/reports/data/report-inputs.ts';
import { hasEnded, hasStarted, isIsoWeek } from '#functions/reports/domain/weeks.ts';
import { PARTNER_ID } from '#functions/reports/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { badRequest, notFound } from '#lib/http/errors.ts';
import { callerOf, mayAccess } from '#lib/http/scope.ts';
import { getPartner } from '#lib/repositories/partners.ts';

/**
 * GET /v1/reports/{partnerId}/{week}: the report's figures as JSON. For a week that was emailed, exactly the
 * figures the last email showed; otherwise built now from the same counters (`status` says which).
 */
export async function handleGetWeeklyReport(request: ApiRequest<unknown, unknown>): Promise<ApiResult> {
  const caller = callerOf(request);
  const partnerId = request.pathParameters.partnerId ?? '';
  const week = request.pathParameters.week ?? '';
  if (!isIsoWeek(week)) {
    throw badRequest('The week is invalid', [
      { path: 'week', issue: 'must be an ISO 8601 week such as "2026-W45"' },
    ]);
  }
  const partner = PARTNER_ID.test(partnerId) ? await getPartner(partnerId) : undefined;
  if (partner === undefined || !mayAccess(caller)(partner.partnerId)) throw notFound('This partner');
  const now = new Date();
  if (!hasStarted(week, now, partner.timezone)) throw notFound(`A report for ${week}`);
  const record = await getReportRecord(partnerId, week);
  const figures = record?.figures ?? (await loadWeeklyReport(partner, week, now)).report.figures;
  return {
    statusCode: 200,
    body: {
      partnerId,
      week,
      status: record?.status ?? 'NOT_SENT',
      source: record?.figures === undefined ? 'BUILT_NOW' : 'AS_SENT',
      complete: hasEnded(week, now, partner.timezone),
      sendCount: record?.sendCount ?? 0,
      ...(record?.sentAt === undefined ? {} : { sentAt: record.sentAt }),
      figures,
    },
  };
}

export const handler = apiHandler({ roles: ['partner', 'manager', 'ops'] }, handleGetWeeklyReport);
