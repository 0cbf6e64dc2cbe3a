import { SELLER_ID } from '#functions/sellers/ids.ts';
import { sellerView } from '#functions/sellers/seller-view.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { notFound } from '#lib/http/errors.ts';
import { callerOf, mayAccess } from '#lib/http/scope.ts';
import { getTokenMetadata } from '#lib/repositories/seller-tokens.ts';
import { getSeller } from '#lib/repositories/sellers.ts';

/** GET /v1/sellers/{sellerId}: status, services and token expiry times, never a token; another partner's is 404. */
export async function handleGetSeller(request: ApiRequest<unknown, unknown>): Promise<ApiResult> {
  const caller = callerOf(request);
  const sellerId = request.pathParameters.sellerId ?? '';
  const seller = SELLER_ID.test(sellerId) ? await getSeller(sellerId) : undefined;
  if (seller === undefined || !mayAccess(caller)(seller.partnerId)) throw notFound('This seller');
  return { statusCode: 200, body: sellerView(seller, await getTokenMetadata(sellerId)) };
}

export const handler = apiHandler({ roles: ['partner', 'manager', 'ops'] }, handleGetSeller);
