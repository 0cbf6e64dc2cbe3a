import type { TokenMetadata } from '#lib/repositories/seller-tokens.ts';
import type { Seller, SellerFailure, SellerService, SellerStatus } from '#lib/repositories/sellers.ts';
import type { SubjectEnforcement } from '#lib/repositories/subject-standing.ts';

/** A seller as the API shows it: named fields only, never a token, a shop cipher or an internal key. */
export interface SellerView {
  readonly sellerId: string;
  readonly shopName: string;
  readonly region: string;
  readonly contactEmail: string;
  readonly status: SellerStatus;
  readonly services: readonly SellerService[];
  readonly shop?: { readonly shopId: string; readonly name: string; readonly region: string };
  readonly tokens?: {
    readonly accessTokenExpiresAt: string;
    readonly refreshTokenExpiresAt: string;
    readonly lastStoredAt: string;
    readonly lastSource: 'authorization' | 'refresh';
  };
  readonly authorizationExpiresAt?: string;
  readonly failure?: SellerFailure;
  readonly pendingAuthorization?: { readonly executionId: string; readonly requestedAt: string };
  readonly lastAuthorization?: { readonly executionId: string; readonly at: string; readonly result: string };
  readonly activatedAt?: string;
  readonly revokedAt?: string;
  /** While RESTRICTED, SUSPENDED or BANNED: until when (absent: until lifted) and the violations behind it. */
  readonly enforcement?: SubjectEnforcement;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly links: { readonly self: string; readonly execution: string };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** Maps a stored seller (and its token metadata, when it has a pair) to the API shape. */
export function sellerView(seller: Seller, tokens: TokenMetadata | undefined): SellerView {
  const latestExecution =
    seller.pendingAuthorization?.executionId ?? seller.lastAuthorization?.executionId ?? seller.executionId;
  return {
    sellerId: seller.sellerId,
    shopName: seller.shopName,
    region: seller.region,
    contactEmail: seller.contactEmail,
    status: seller.status,
    services: seller.services,
    ...optional(
      'shop',
      seller.shop === undefined
        ? undefined
        : { shopId: seller.shop.shopId, name: seller.shop.name, region: seller.shop.region },
    ),
    ...optional(
      'tokens',
      tokens === undefined
        ? undefined
        : {
            accessTokenExpiresAt: tokens.accessTokenExpiresAt,
            refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
            lastStoredAt: tokens.storedAt,
            lastSource: tokens.source,
          },
    ),
    ...optional('authorizationExpiresAt', seller.authorizationExpiresAt),
    ...optional('failure', seller.failure),
    ...optional(
      'pendingAuthorization',
      seller.pendingAuthorization === undefined
        ? undefined
        : {
            executionId: seller.pendingAuthorization.executionId,
            requestedAt: seller.pendingAuthorization.requestedAt,
          },
    ),
    ...optional(
      'lastAuthorization',
      seller.lastAuthorization === undefined
        ? undefined
        : {
            executionId: seller.lastAuthorization.executionId,
            at: seller.lastAuthorization.at,
            result: seller.lastAuthorization.result,
          },
    ),
    ...optional('activatedAt', seller.activatedAt),
    ...optional('revokedAt', seller.revokedAt),
    ...optional(
      'enforcement',
      seller.enforcement === undefined
        ? undefined
        : {
            status: seller.enforcement.status,
            ...optional('until', seller.enforcement.until),
            violationIds: seller.enforcement.violationIds,
          },
    ),
    createdAt: seller.createdAt,
    updatedAt: seller.updatedAt,
    links: { self: `/v1/sellers/${seller.sellerId}`, execution: `/v1/executions/${latestExecution}` },
  };
}
