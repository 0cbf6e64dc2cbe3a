import { mayTakeOverShop } from '#functions/sellers/domain/authorization.ts';
import type { AuthorizationState, StoredTokens } from '#functions/sellers/tasks/state.ts';
import {
  getTokenMetadata,
  promotePendingTokens,
  readPendingShop,
  type TokenMetadata,
} from '#lib/repositories/seller-tokens.ts';
import {
  claimShop,
  getSeller,
  getShopClaim,
  type SellerShop,
  setSellerShop,
} from '#lib/repositories/sellers.ts';
import { BusinessRuleError, TransientError } from '#lib/workflows/errors.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

const stored = (tokens: TokenMetadata): StoredTokens => ({
  tokenVersion: tokens.version,
  accessTokenExpiresAt: tokens.accessTokenExpiresAt,
  refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
});

/** Points the shop at this seller, unless another seller still acts for it. */
async function claim(state: AuthorizationState, shop: SellerShop, at: string): Promise<void> {
  const holder = await getShopClaim(shop.shopId);
  let replacing: string | undefined;
  if (holder !== undefined && holder.sellerId !== state.sellerId) {
    const holderSeller = await getSeller(holder.sellerId);
    if (!mayTakeOverShop(holderSeller?.status)) {
      throw new BusinessRuleError(
        'ShopAlreadyAuthorized',
        holder.partnerId === state.partnerId
          ? `The shop is already authorized as seller ${holder.sellerId}; renew that seller's authorization (send its sellerId) instead`
          : 'The shop is already managed through another PartnerFlow partner',
      );
    }
    replacing = holder.sellerId;
  }
  const claimed = await claimShop(
    { shopId: shop.shopId, sellerId: state.sellerId, partnerId: state.partnerId },
    at,
    replacing,
  );
  // Someone else claimed it between our read and write: the retry reads the new holder and decides again.
  if (!claimed) throw new TransientError('The shop claim changed while it was being taken');
}

/**
 * Claims the shop for the seller, records it on the seller, and makes the pending pair the seller's current one
 * (a version-checked write). Answers the stored version and expiry times: a reference, never the tokens.
 */
export async function storeSellerTokens(state: AuthorizationState): Promise<StoredTokens> {
  const at = new Date().toISOString();
  const shop = await readPendingShop(state.sellerId, state.authorizationId);
  if (shop === undefined) {
    // Retried after the pair was promoted (which deletes the pending item): answer what was stored.
    const current = await getTokenMetadata(state.sellerId);
    if (current?.authorizationId === state.authorizationId && current.source === 'authorization') {
      return stored(current);
    }
    throw new Error('The pending token pair of this authorization is gone');
  }
  await claim(state, shop, at);
  await setSellerShop(state.sellerId, shop, at);
  const promoted = await promotePendingTokens(state.sellerId, state.authorizationId, at);
  if (promoted === undefined) throw new Error('The pending token pair of this authorization is gone');
  return stored(promoted);
}

export const handler = taskHandler('StoreSellerTokens', storeSellerTokens);
