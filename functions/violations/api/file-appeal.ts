import { fileAppeal } from '#functions/violations/appeals.ts';
import { VIOLATION_ID } from '#functions/violations/ids.ts';
import { type FileAppealBody, fileAppealBodySchema } from '#functions/violations/schemas.ts';
import { violationView } from '#functions/violations/violation-view.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { conflict, notFound } from '#lib/http/errors.ts';
import { withIdempotencyKey } from '#lib/http/idempotency.ts';
import { callerOf, mayAccess } from '#lib/http/scope.ts';

const REFUSALS = {
  'already-appealed': 'This violation was already appealed; a violation is appealed once',
  'not-appealable': 'Only a confirmed violation can be appealed (this one has no decision to appeal)',
  'window-closed': 'The appeal window of this violation has closed',
} as const;

/**
 * POST /v1/violations/{violationId}/appeals: the subject's appeal, filed by its partner within the appeal window
 * (30 days of the decision by default). 202: a manager reviews it; 409 after the window, or for a second appeal.
 */
async function fileAppealOnce(request: ApiRequest<FileAppealBody, unknown>): Promise<ApiResult> {
  const caller = callerOf(request);
  const violationId = request.pathParameters.violationId ?? '';
  if (!VIOLATION_ID.test(violationId)) throw notFound('This violation');
  const outcome = await fileAppeal({
    violationId,
    mayAppealFor: mayAccess(caller),
    statement: request.body.statement,
    filedBy: `${caller.role}:${caller.keyId}`,
    now: new Date(),
  });
  switch (outcome.kind) {
    case 'not-found':
      throw notFound('This violation');
    case 'refused':
      throw conflict(REFUSALS[outcome.why], [
        {
          path: 'violationId',
          issue:
            outcome.why === 'already-appealed'
              ? 'has an appeal already'
              : outcome.why === 'window-closed'
                ? 'is past its appeal window'
                : 'is not confirmed',
        },
      ]);
    case 'filed':
      return {
        statusCode: 202,
        headers: { location: `/v1/violations/${violationId}` },
        body: violationView(outcome.violation),
      };
  }
}

/** The route; a retry with the same Idempotency-Key gets the first answer (202) instead of "already appealed". */
export const handleFileAppeal = withIdempotencyKey('file-violation-appeal', fileAppealOnce);

export const handler = apiHandler({ roles: ['partner'], body: fileAppealBodySchema }, handleFileAppeal);
