import { readExecution } from '#functions/api/execution-status.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { notFound } from '#lib/http/errors.ts';
import { callerOf, mayAccess } from '#lib/http/scope.ts';

/** GET /v1/executions/{executionId}: status, outcome or error of the caller's own execution (ops: any). */
export async function handleGetExecution(request: ApiRequest<unknown, unknown>): Promise<ApiResult> {
  const caller = callerOf(request);
  const execution = await readExecution(request.pathParameters.executionId ?? '', mayAccess(caller));
  if (execution === undefined) throw notFound('This execution');
  return { statusCode: 200, body: execution };
}

export const handler = apiHandler({ roles: ['partner', 'manager', 'ops'] }, handleGetExecution);
