import type { SellerStatus } from '#lib/repositories/sellers.ts';

/** Why an authorization ended without an ACTIVE seller, as the API and the emails show it. */
export type AuthorizationFailureCode =
  /** The auth code is invalid, expired (30 minutes) or already used. */
  | 'AUTH_CODE_REJECTED'
  /** The token grants no shop (the seller authorized with an account that has none). */
  | 'NO_AUTHORIZED_SHOP'
  /** Another seller of PartnerFlow holds this shop and is still authorized. */
  | 'SHOP_ALREADY_AUTHORIZED'
  /** A re-authorization came back for another shop than the seller's. */
  | 'SHOP_MISMATCH'
  /** A step failed after its retries; ops were alerted. */
  | 'PROCESSING_FAILED';

/** The business error names the workflow catches (`PartnerFlow.<name>`), and the failure code each stands for. */
export const FAILURE_BY_ERROR: Readonly<Record<string, AuthorizationFailureCode>> = {
  'PartnerFlow.AuthCodeRejected': 'AUTH_CODE_REJECTED',
  'PartnerFlow.NoAuthorizedShop': 'NO_AUTHORIZED_SHOP',
  'PartnerFlow.ShopAlreadyAuthorized': 'SHOP_ALREADY_AUTHORIZED',
  'PartnerFlow.ShopMismatch': 'SHOP_MISMATCH',
};

/** Failures the seller can fix by authorizing again (and is asked to, by email). */
export const SELLER_FIXABLE: ReadonlySet<AuthorizationFailureCode> = new Set([
  'AUTH_CODE_REJECTED',
  'NO_AUTHORIZED_SHOP',
  'SHOP_MISMATCH',
]);

export interface ShopCandidate {
  readonly id: string;
  readonly region: string;
}

/**
 * The shop an authorization is for: a seller account may hold shops in several regions, so the one in the
 * region the partner named wins; otherwise the first TikTok lists. Undefined when the token grants none.
 */
export function chooseShop<Shop extends ShopCandidate>(
  shops: readonly Shop[],
  region: string,
  requiredShopId?: string,
): Shop | undefined {
  if (requiredShopId !== undefined) return shops.find((shop) => shop.id === requiredShopId);
  return shops.find((shop) => shop.region.toUpperCase() === region.toUpperCase()) ?? shops[0];
}

/**
 * Whether a new seller may take a shop over from the seller holding it: only when that one no longer acts for
 * the shop (revoked, failed, or waiting for a re-authorization that never came). An ACTIVE holder is renewed
 * by re-authorizing it (`sellerId` in the request), never replaced behind its back.
 */
export function mayTakeOverShop(holderStatus: SellerStatus | undefined): boolean {
  return holderStatus === undefined || holderStatus === 'REVOKED' || holderStatus === 'FAILED';
}

/** Statuses from which a seller may be authorized again. */
export const REAUTHORIZABLE: readonly SellerStatus[] = ['ACTIVE', 'REAUTH_REQUIRED', 'REVOKED', 'FAILED'];
