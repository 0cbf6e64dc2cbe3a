import { type ViolationListQuery, violationListQuerySchema } from '#functions/violations/schemas.ts';
import { violationView } from '#functions/violations/violation-view.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { listedPartnerRequired } from '#lib/http/scope.ts';
import { DEFAULT_PAGE_SIZE } from '#lib/repositories/pagination.ts';
import { listPartnerViolations } from '#lib/repositories/violations.ts';

/** GET /v1/violations?subjectId=&status=: the caller's violations, newest first; ops name the partner. */
export async function handleListViolations(
  request: ApiRequest<unknown, ViolationListQuery>,
): Promise<ApiResult> {
  const { query } = request;
  const partnerId = listedPartnerRequired(request, query.partnerId);
  const now = new Date();
  const page = await listPartnerViolations(partnerId, {
    ...(query.subjectId === undefined ? {} : { subjectId: query.subjectId }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit),
  });
  return {
    statusCode: 200,
    body: {
      items: page.items.map((violation) => violationView(violation, now)),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    },
  };
}

export const handler = apiHandler(
  { roles: ['partner', 'manager', 'ops'], query: violationListQuerySchema },
  handleListViolations,
);
