import { type ReportViolationBody, reportViolationBodySchema } from '#functions/violations/report-schema.ts';
import { loadSubject } from '#functions/violations/subjects.ts';
import { requestViolationHandling, VIOLATION_WORKFLOW } from '#functions/violations/violation-requests.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { unprocessable } from '#lib/http/errors.ts';
import { REPLAYED_HEADER, withIdempotencyKey } from '#lib/http/idempotency.ts';
import { callerOf, mayAccess } from '#lib/http/scope.ts';
import type { Violation } from '#lib/repositories/violations.ts';

const ROUTE_ID = 'report-violation';

/** The answer to a report, the same for the report sent again (then marked replayed). */
function accepted(violation: Violation, replayed: boolean): ApiResult {
  const execution = `/v1/executions/${violation.executionId}`;
  return {
    statusCode: 202,
    headers: {
      location: `/v1/violations/${violation.violationId}`,
      ...(replayed ? { [REPLAYED_HEADER]: 'true' } : {}),
    },
    body: {
      violationId: violation.violationId,
      executionId: violation.executionId,
      workflow: VIOLATION_WORKFLOW,
      reportId: violation.reportId,
      status: 'RUNNING',
      links: { violation: `/v1/violations/${violation.violationId}`, execution },
    },
  };
}

/**
 * POST /v1/violations: records the report once (by partner and `reportId`) and starts its workflow (202). The
 * subject must be a creator or seller the caller may act for (a partner: its own; ops: any), else 422.
 */
async function reportViolation(request: ApiRequest<ReportViolationBody, unknown>): Promise<ApiResult> {
  const caller = callerOf(request);
  const report = request.body;
  const subject = await loadSubject(report.subject);
  if (subject === undefined || !mayAccess(caller)(subject.partnerId)) {
    throw unprocessable(`No ${report.subject.type} of this partner has this id`, [
      { path: 'subject.id', issue: `is not a ${report.subject.type} of this partner` },
    ]);
  }
  const result = await requestViolationHandling({
    partnerId: subject.partnerId,
    actor: `${caller.role}:${caller.keyId}`,
    report,
    subject,
    now: new Date(),
  });
  return accepted(result.violation, result.kind === 'duplicate');
}

/** The route: the same `reportId` answers the first answer, and so does a repeated Idempotency-Key. */
export const handleReportViolation = withIdempotencyKey(ROUTE_ID, reportViolation);

export const handler = apiHandler(
  { roles: ['partner', 'ops'], body: reportViolationBodySchema },
  handleReportViolation,
);
