import { reviewView } from '#functions/reviews/review-view.ts';
import { type ReviewListQuery, reviewListQuerySchema } from '#functions/reviews/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { callerOf, listedPartner } from '#lib/http/scope.ts';
import { DEFAULT_PAGE_SIZE } from '#lib/repositories/pagination.ts';
import { listReviews } from '#lib/repositories/reviews.ts';

/**
 * GET /v1/reviews: a manager's partner's reviews, newest first. Ops see one partner's with `?partnerId=`, or
 * without it every partner's reviews of one status (PENDING by default), soonest due first.
 */
export async function handleListReviews(request: ApiRequest<unknown, ReviewListQuery>): Promise<ApiResult> {
  const { query } = request;
  const partnerId = listedPartner(callerOf(request), query.partnerId);
  const page = await listReviews(partnerId, {
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit),
  });
  return {
    statusCode: 200,
    body: {
      items: page.items.map(reviewView),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    },
  };
}

export const handler = apiHandler(
  { roles: ['manager', 'ops'], query: reviewListQuerySchema },
  handleListReviews,
);
