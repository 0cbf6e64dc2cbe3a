import { type SellerListQuery, sellerListQuerySchema } from '#functions/sellers/schemas.ts';
import { sellerView } from '#functions/sellers/seller-view.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { listedPartnerRequired } from '#lib/http/scope.ts';
import { DEFAULT_PAGE_SIZE } from '#lib/repositories/pagination.ts';
import { listPartnerSellers, tokenMetadataOf } from '#lib/repositories/sellers.ts';

/** GET /v1/sellers: the caller's sellers, newest first, by status; ops name the partner with `?partnerId=`. */
export async function handleListSellers(request: ApiRequest<unknown, SellerListQuery>): Promise<ApiResult> {
  const { query } = request;
  const partnerId = listedPartnerRequired(request, query.partnerId);
  const page = await listPartnerSellers(partnerId, {
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit),
  });
  const tokens = await tokenMetadataOf(page.items.map((seller) => seller.sellerId));
  return {
    statusCode: 200,
    body: {
      items: page.items.map((seller) => sellerView(seller, tokens.get(seller.sellerId))),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    },
  };
}

export const handler = apiHandler(
  { roles: ['partner', 'manager', 'ops'], query: sellerListQuerySchema },
  handleListSellers,
);
