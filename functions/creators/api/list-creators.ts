import { creatorView } from '#functions/creators/creator-view.ts';
import { type CreatorListQuery, creatorListQuerySchema } from '#functions/creators/list-query-schema.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { listedPartnerRequired } from '#lib/http/scope.ts';
import { listPartnerCreators } from '#lib/repositories/creators.ts';
import { DEFAULT_PAGE_SIZE } from '#lib/repositories/pagination.ts';

/** GET /v1/creators: the caller's creators, newest first; ops name the partner with `?partnerId=`. */
export async function handleListCreators(request: ApiRequest<unknown, CreatorListQuery>): Promise<ApiResult> {
  const { query } = request;
  const partnerId = listedPartnerRequired(request, query.partnerId);
  const page = await listPartnerCreators(partnerId, {
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.tier === undefined ? {} : { tier: query.tier }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit),
  });
  return {
    statusCode: 200,
    body: {
      items: page.items.map(creatorView),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    },
  };
}

export const handler = apiHandler(
  { roles: ['partner', 'manager', 'ops'], query: creatorListQuerySchema },
  handleListCreators,
);
