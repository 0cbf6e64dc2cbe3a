import { chooseShop } from '#functions/sellers/domain/authorization.ts';
import { type AuthorizationState, contextOf, type ShopResult } from '#functions/sellers/tasks/state.ts';
import { readPendingShop, readPendingTokens, recordPendingShop } from '#lib/repositories/seller-tokens.ts';
import { loadSecrets } from '#lib/secrets.ts';
import { asWorkflowError, tiktokShop } from '#lib/tiktok/shop-api.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

await loadSecrets(['TIKTOK_APP_KEY', 'TIKTOK_APP_SECRET']);

const result = (shop: { shopId: string; name: string; region: string }): ShopResult => ({
  shopId: shop.shopId,
  name: shop.name,
  region: shop.region,
});

/**
 * Asks TikTok which shop the new token is for (Get Authorized Shops) and notes it, cipher included, beside the
 * pending pair. Only the shop's id, name and region go back into the workflow.
 */
export async function getAuthorizedShop(state: AuthorizationState): Promise<ShopResult> {
  const { requiredShopId } = contextOf(state);
  const noted = await readPendingShop(state.sellerId, state.authorizationId);
  if (noted !== undefined) return result(noted);
  const pair = await readPendingTokens(state.sellerId, state.authorizationId);
  if (pair === undefined) throw new Error('The pending token pair of this authorization is gone');
  let shops: Awaited<ReturnType<ReturnType<typeof tiktokShop>['getAuthorizedShops']>>;
  try {
    shops = await tiktokShop().getAuthorizedShops(pair.accessToken);
  } catch (error) {
    throw asWorkflowError(error, 'TikTokRejected');
  }
  const shop = chooseShop(shops, state.seller.region, requiredShopId);
  if (shop === undefined) {
    throw requiredShopId === undefined
      ? new BusinessRuleError('NoAuthorizedShop', 'The authorization does not grant access to any shop')
      : new BusinessRuleError(
          'ShopMismatch',
          'The new authorization is for another shop than the one this seller holds',
        );
  }
  const sellerShop = {
    shopId: shop.id,
    name: shop.name,
    region: shop.region,
    code: shop.code,
    sellerType: shop.sellerType,
    cipher: shop.cipher,
  };
  await recordPendingShop(state.sellerId, state.authorizationId, sellerShop);
  return result(sellerShop);
}

export const handler = taskHandler('GetAuthorizedShop', getAuthorizedShop);
