import type { TikTokShopClient } from '#lib/tiktok/client.ts';
import { isTikTokError, TikTokApiError } from '#lib/tiktok/errors.ts';

/**
 * TikTok Shop's affiliate seller API as campaign launch uses it: create a target collaboration (products with a
 * commission, the invited creators) and remove it. Shop-scoped: every call carries the seller's access token and
 * shop cipher, which the caller holds in memory for the call only.
 *
 * Shapes from Partner Center's "Create Target Collaboration" (202405) and "Remove Target Collaboration" (202409).
 */
export const CREATE_TARGET_COLLABORATION_PATH = '/affiliate_seller/202405/target_collaborations';
export const targetCollaborationPath = (collaborationId: string) =>
  `/affiliate_seller/202409/target_collaborations/${encodeURIComponent(collaborationId)}`;

/** TikTok's limits for one target collaboration. */
export const MAX_COLLABORATION_PRODUCTS = 100;
export const MAX_COLLABORATION_CREATORS = 50;
/** `target_commission_rate` bounds, in hundredths of a percent (10 %-80 %). */
export const MIN_COMMISSION_HUNDREDTHS = 1000;
export const MAX_COMMISSION_HUNDREDTHS = 8000;

/**
 * A commission in percent (at most two decimals: 12.5 is 12.5 %) as TikTok counts it, in hundredths of a percent
 * (1250). Goes through the decimal text, so 12.35 is 1235 and never 1234.9999.
 */
export function commissionRateToHundredths(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0)
    throw new RangeError('A commission rate must be a positive number');
  const [whole = '0', fraction = ''] = percent.toFixed(2).split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export interface ShopAccess {
  readonly accessToken: string;
  readonly shopCipher: string;
}

export interface TargetCollaborationRequest {
  readonly name: string;
  readonly message: string;
  readonly endAt: Date;
  readonly products: readonly { readonly productId: string; readonly commissionRate: number }[];
  /** TikTok user ids of the creators to add. */
  readonly creatorUserIds: readonly string[];
  readonly freeSamples: boolean;
  readonly sellerEmail: string;
}

export interface CollaborationConflictPair {
  readonly creatorUserId: string;
  readonly productId: string;
}

/**
 * What the creation answered: created (possibly with pairs left out), or refused because of conflicts (creators
 * already in another target collaboration of the shop for a product), with the pairs that conflict.
 */
export type CreateCollaborationResult =
  | {
      readonly kind: 'created';
      readonly collaborationId: string;
      readonly conflicts: readonly CollaborationConflictPair[];
    }
  | { readonly kind: 'conflicts'; readonly conflicts: readonly CollaborationConflictPair[] };

type Json = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function conflictsOf(data: Json): CollaborationConflictPair[] {
  const raw = data.target_collaboration_conflicts;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).flatMap((conflict) => {
    // 202508 names the creator by open id; 202405 by user id.
    const creator = conflict.creator_user_id ?? conflict.creator_open_id;
    return typeof creator === 'string' && typeof conflict.product_id === 'string'
      ? [{ creatorUserId: creator, productId: conflict.product_id }]
      : [];
  });
}

/** The request body TikTok documents for 202405. */
export function targetCollaborationBody(request: TargetCollaborationRequest): Record<string, unknown> {
  return {
    name: request.name,
    message: request.message,
    end_time: String(Math.floor(request.endAt.getTime() / 1000)),
    products: request.products.map((product) => ({
      id: product.productId,
      target_commission_rate: commissionRateToHundredths(product.commissionRate),
    })),
    creator_user_ids: [...request.creatorUserIds],
    free_sample_rule: { has_free_sample: request.freeSamples, is_sample_approval_exempt: false },
    seller_contact_info: { email: request.sellerEmail },
  };
}

/** Creates a target collaboration for the shop; conflicts are an answer, not an error. */
export async function createTargetCollaboration(
  client: TikTokShopClient,
  access: ShopAccess,
  request: TargetCollaborationRequest,
): Promise<CreateCollaborationResult> {
  const data = await client.request({
    method: 'POST',
    path: CREATE_TARGET_COLLABORATION_PATH,
    accessToken: access.accessToken,
    shopCipher: access.shopCipher,
    body: targetCollaborationBody(request),
  });
  const answer = isRecord(data) ? data : {};
  const conflicts = conflictsOf(answer);
  const collaboration = answer.target_collaboration;
  const collaborationId = isRecord(collaboration) ? collaboration.id : undefined;
  if (typeof collaborationId === 'string' && collaborationId !== '') {
    return { kind: 'created', collaborationId, conflicts };
  }
  if (conflicts.length > 0) return { kind: 'conflicts', conflicts };
  throw new TikTokApiError({
    kind: 'UnexpectedResponse',
    code: 'SHAPE',
    message: 'target_collaboration.id is missing',
    endpoint: CREATE_TARGET_COLLABORATION_PATH,
  });
}

/** TikTok's answer for a collaboration it does not know (the stand-in's; see the README). */
const GONE = /does not exist|not found|already (been )?(removed|deleted|ended)/i;

/** Removes (ends) a target collaboration. Idempotent: one TikTok no longer knows counts as removed already. */
export async function removeTargetCollaboration(
  client: TikTokShopClient,
  access: ShopAccess,
  collaborationId: string,
): Promise<'REMOVED' | 'ALREADY_GONE'> {
  try {
    await client.request({
      method: 'DELETE',
      path: targetCollaborationPath(collaborationId),
      accessToken: access.accessToken,
      shopCipher: access.shopCipher,
    });
    return 'REMOVED';
  } catch (error) {
    if (isTikTokError(error, 'RequestRejected') && GONE.test(error.detail)) return 'ALREADY_GONE';
    throw error;
  }
}
