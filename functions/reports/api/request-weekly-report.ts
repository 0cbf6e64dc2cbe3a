import { requestWeeklyReports, type WeeklyReportAccepted } from '#functions/reports/report-requests.ts';
import { type WeeklyReportRequest, weeklyReportRequestSchema } from '#functions/reports/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { readIdempotencyKey, runIdempotently } from '#lib/http/idempotency.ts';
import { callerOf } from '#lib/http/scope.ts';

const ROUTE_ID = 'request-weekly-report';

function accepted(result: WeeklyReportAccepted): ApiResult {
  const execution = `/v1/executions/${result.executionId}`;
  return {
    statusCode: 202,
    headers: { location: execution },
    body: {
      executionId: result.executionId,
      workflow: 'weekly-partner-report',
      status: 'RUNNING',
      week: result.week,
      resend: result.resend,
      partners: result.partners,
      skipped: result.skipped,
      links: {
        execution,
        reports: result.partners.map((partnerId) => `/v1/reports/${partnerId}/${result.week}`),
      },
    },
  };
}

/** POST /v1/reports/weekly: 202 with the partners and the week; 409 when the week was already sent (no resend). */
export async function handleRequestWeeklyReport(
  request: ApiRequest<WeeklyReportRequest, unknown>,
): Promise<ApiResult> {
  const caller = callerOf(request);
  const accept = async () => accepted(await requestWeeklyReports(caller, request.body, new Date()));
  const idempotencyKey = readIdempotencyKey(request.headers);
  if (idempotencyKey === undefined) return accept();
  return runIdempotently({
    routeId: ROUTE_ID,
    partnerId: caller.partnerId ?? `ops:${caller.keyId}`,
    key: idempotencyKey,
    payload: request.body,
    context: request.context,
    run: accept,
  });
}

export const handler = apiHandler(
  { roles: ['manager', 'ops'], body: weeklyReportRequestSchema },
  handleRequestWeeklyReport,
);
