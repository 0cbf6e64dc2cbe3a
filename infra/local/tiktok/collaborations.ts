import { randomInt } from 'node:crypto';
import type { StandInAnswer, StandInShop } from '#local/tiktok/state.ts';

/**
 * The stand-in's target collaborations (affiliate seller API): created with products and creators, removed on
 * request. A creator already in a live collaboration of the same shop for the same product conflicts: TikTok
 * then refuses the creation and lists the conflicting pairs in `target_collaboration_conflicts` (our reading of
 * "conflicts that caused target collaboration failure"; whether TikTok answers code 0 for that is unverified).
 */

export interface StandInCollaboration {
  readonly id: string;
  readonly shopId: string;
  readonly name: string;
  readonly message: string;
  readonly endTime: number;
  readonly products: readonly { readonly id: string; readonly targetCommissionRate: number }[];
  readonly creatorUserIds: readonly string[];
  readonly freeSample: boolean;
  readonly createdAt: number;
  removedAt?: number;
}

type Json = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (message: string): StandInAnswer => ({
  status: 200,
  code: 36009004,
  message: `Invalid parameter. ${message}`,
});

const digits = (length: number) =>
  `${randomInt(1, 10)}${Array.from({ length: length - 1 }, () => randomInt(0, 10)).join('')}`;

interface ParsedRequest {
  readonly name: string;
  readonly message: string;
  readonly endTime: number;
  readonly products: StandInCollaboration['products'];
  readonly creatorUserIds: readonly string[];
  readonly freeSample: boolean;
}

/** The documented limits: 1-100 products with a rate of 1000-8000 hundredths of a percent, at most 50 creators. */
function parse(body: Json, nowSeconds: number): ParsedRequest | StandInAnswer {
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '') return invalid('name is required.');
  const endTime = Number(body.end_time);
  if (!Number.isInteger(endTime) || endTime <= nowSeconds) return invalid('end_time must be in the future.');
  const rawProducts = Array.isArray(body.products) ? body.products : [];
  if (rawProducts.length === 0 || rawProducts.length > 100) {
    return invalid('products must hold 1 to 100 products.');
  }
  const products: { id: string; targetCommissionRate: number }[] = [];
  for (const [index, product] of rawProducts.entries()) {
    const id = isRecord(product) && typeof product.id === 'string' ? product.id : '';
    const rate = isRecord(product) ? product.target_commission_rate : undefined;
    if (id === '') return invalid(`products[${index}].id is required.`);
    if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 1000 || rate > 8000) {
      return invalid(`products[${index}].target_commission_rate must be an integer from 1000 to 8000.`);
    }
    products.push({ id, targetCommissionRate: rate });
  }
  const creators = Array.isArray(body.creator_user_ids) ? body.creator_user_ids : [];
  if (creators.length > 50 || creators.some((creator) => typeof creator !== 'string' || creator === '')) {
    return invalid('creator_user_ids must hold at most 50 user ids.');
  }
  const sampleRule = isRecord(body.free_sample_rule) ? body.free_sample_rule : {};
  return {
    name,
    message: typeof body.message === 'string' ? body.message : '',
    endTime,
    products,
    creatorUserIds: creators as string[],
    freeSample: sampleRule.has_free_sample === true,
  };
}

export class TargetCollaborationBook {
  private readonly byId = new Map<string, StandInCollaboration>();

  /** Every collaboration created so far, removed ones included (tests read them). */
  all(): readonly StandInCollaboration[] {
    return [...this.byId.values()];
  }

  get(id: string): StandInCollaboration | undefined {
    return this.byId.get(id);
  }

  /** `POST /affiliate_seller/202405/target_collaborations` for the shop the access token belongs to. */
  create(shop: StandInShop, body: Json, nowSeconds: number): StandInAnswer {
    const parsed = parse(body, nowSeconds);
    if ('status' in parsed) return parsed;
    const conflicts = this.conflictsWith(shop.id, parsed, nowSeconds);
    if (conflicts.length > 0) {
      return {
        status: 200,
        data: {
          target_collaboration_conflicts: conflicts.map(([creator, product]) => ({
            creator_user_id: creator,
            product_id: product,
          })),
        },
      };
    }
    const collaboration: StandInCollaboration = {
      id: digits(19),
      shopId: shop.id,
      ...parsed,
      createdAt: nowSeconds,
    };
    this.byId.set(collaboration.id, collaboration);
    return { status: 200, data: { target_collaboration: { id: collaboration.id } } };
  }

  /** `DELETE /affiliate_seller/202409/target_collaborations/{id}`: ends it; an unknown id is refused. */
  remove(shop: StandInShop, id: string, nowSeconds: number): StandInAnswer {
    const collaboration = this.byId.get(id);
    if (collaboration === undefined || collaboration.shopId !== shop.id) {
      return { status: 200, code: 16024004, message: 'The target collaboration does not exist.' };
    }
    if (collaboration.removedAt === undefined) collaboration.removedAt = nowSeconds;
    return { status: 200, data: {} };
  }

  private conflictsWith(shopId: string, request: ParsedRequest, nowSeconds: number): [string, string][] {
    const live = [...this.byId.values()].filter(
      (existing) =>
        existing.shopId === shopId && existing.removedAt === undefined && existing.endTime > nowSeconds,
    );
    const pairs: [string, string][] = [];
    for (const creator of request.creatorUserIds) {
      for (const product of request.products) {
        const taken = live.some(
          (existing) =>
            existing.creatorUserIds.includes(creator) &&
            existing.products.some((offered) => offered.id === product.id),
        );
        if (taken) pairs.push([creator, product.id]);
      }
    }
    return pairs;
  }
}
