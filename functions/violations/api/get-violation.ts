import { violationTrail } from '#functions/violations/audit.ts';
import { VIOLATION_ID } from '#functions/violations/ids.ts';
import { violationView } from '#functions/violations/violation-view.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { notFound } from '#lib/http/errors.ts';
import { callerOf, mayAccess } from '#lib/http/scope.ts';
import { getViolation } from '#lib/repositories/violations.ts';

/**
 * GET /v1/violations/{violationId}: the violation and its audit trail, oldest first (who or what decided each
 * step, when, in which execution, before and after). Another partner's violation is "not found".
 */
export async function handleGetViolation(request: ApiRequest<unknown, unknown>): Promise<ApiResult> {
  const caller = callerOf(request);
  const violationId = request.pathParameters.violationId ?? '';
  const violation = VIOLATION_ID.test(violationId) ? await getViolation(violationId) : undefined;
  if (violation === undefined || !mayAccess(caller)(violation.partnerId)) throw notFound('This violation');
  const trail = await violationTrail(violationId);
  return {
    statusCode: 200,
    body: {
      ...violationView(violation),
      auditTrail: trail.map((entry) => ({
        at: entry.at,
        action: entry.action,
        actor: entry.actor,
        ...(entry.executionId === undefined ? {} : { executionId: entry.executionId }),
        ...(entry.before === undefined ? {} : { before: entry.before }),
        ...(entry.after === undefined ? {} : { after: entry.after }),
      })),
    },
  };
}

export const handler = apiHandler({ roles: ['partner', 'manager', 'ops'] }, handleGetViolation);
