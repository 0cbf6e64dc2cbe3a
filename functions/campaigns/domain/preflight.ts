import type { ErrorDetail } from '#lib/http/errors.ts';
import { MAX_COLLABORATION_CREATORS, MAX_COLLABORATION_PRODUCTS } from '#lib/tiktok/affiliate.ts';

/**
 * The pre-flight of a campaign launch: every rule checked at once, one detail per problem, so a partner fixes a
 * request in one go. Pure: the caller reads the seller and the creators and passes them in.
 */

export const MIN_COMMISSION_PERCENT = 10;
export const MAX_COMMISSION_PERCENT = 80;
/** Step Functions runs a Standard execution at most a year: the launch must close (an hour's margin) before that. */
export const MAX_CAMPAIGN_REACH_MS = 365 * 24 * 3600 * 1000 - 3600 * 1000;
/** A start a little in the past is the request's own latency, not a mistake. */
export const START_GRACE_MS = 5 * 60 * 1000;

/** Statuses as the repositories hold them; only ACTIVE ones take part. */
export interface Participant {
  readonly partnerId: string;
  readonly status: string;
}

export interface LaunchRequest {
  readonly sellerId: string;
  readonly products: readonly { readonly productId: string; readonly commissionRate: number }[];
  readonly creatorIds: readonly string[];
  readonly startAt: string;
  readonly endAt: string;
}

export interface PreflightFacts {
  readonly partnerId: string;
  readonly seller: Participant | undefined;
  /** The creators found, by id (missing ones are absent). */
  readonly creators: ReadonlyMap<string, Participant>;
  readonly now: Date;
}

/** True when a number has at most two decimals (12.5, 12.25; not 12.125). */
export function hasAtMostTwoDecimals(value: number): boolean {
  return Number.isFinite(value) && Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

function duplicates(values: readonly string[]): Set<number> {
  const seen = new Set<string>();
  const repeated = new Set<number>();
  values.forEach((value, index) => {
    if (seen.has(value)) repeated.add(index);
    seen.add(value);
  });
  return repeated;
}

function sellerProblems(facts: PreflightFacts): ErrorDetail[] {
  const { seller } = facts;
  if (seller === undefined || seller.partnerId !== facts.partnerId) {
    return [{ path: 'sellerId', issue: 'is not a seller of this partner' }];
  }
  if (seller.status !== 'ACTIVE') {
    return [
      {
        path: 'sellerId',
        issue: `the seller is ${seller.status}: only an ACTIVE (authorized) seller can launch a campaign`,
      },
    ];
  }
  return [];
}

function productProblems(request: LaunchRequest): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const count = request.products.length;
  if (count < 1 || count > MAX_COLLABORATION_PRODUCTS) {
    problems.push({
      path: 'products',
      issue: `must hold 1 to ${MAX_COLLABORATION_PRODUCTS} products (TikTok's limit for a target collaboration); it holds ${count}`,
    });
  }
  const repeated = duplicates(request.products.map((product) => product.productId));
  request.products.forEach((product, index) => {
    if (repeated.has(index)) {
      problems.push({ path: `products.${index}.productId`, issue: `repeats product ${product.productId}` });
    }
    const rate = product.commissionRate;
    if (!hasAtMostTwoDecimals(rate)) {
      problems.push({
        path: `products.${index}.commissionRate`,
        issue: 'must be a percentage with at most two decimals (12.5 means 12.5 %)',
      });
    }
    if (!(rate >= MIN_COMMISSION_PERCENT && rate <= MAX_COMMISSION_PERCENT)) {
      problems.push({
        path: `products.${index}.commissionRate`,
        issue: `must be between ${MIN_COMMISSION_PERCENT} and ${MAX_COMMISSION_PERCENT} (percent); it is ${rate}`,
      });
    }
  });
  return problems;
}

function creatorProblems(request: LaunchRequest, facts: PreflightFacts): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const count = request.creatorIds.length;
  if (count < 1 || count > MAX_COLLABORATION_CREATORS) {
    problems.push({
      path: 'creatorIds',
      issue: `must hold 1 to ${MAX_COLLABORATION_CREATORS} creators (TikTok's limit for a target collaboration); it holds ${count}`,
    });
  }
  const repeated = duplicates(request.creatorIds);
  request.creatorIds.forEach((creatorId, index) => {
    if (repeated.has(index)) {
      problems.push({ path: `creatorIds.${index}`, issue: `repeats creator ${creatorId}` });
      return;
    }
    const creator = facts.creators.get(creatorId);
    if (creator === undefined || creator.partnerId !== facts.partnerId) {
      problems.push({ path: `creatorIds.${index}`, issue: `${creatorId} is not a creator of this partner` });
    } else if (creator.status !== 'ACTIVE') {
      problems.push({
        path: `creatorIds.${index}`,
        issue: `creator ${creatorId} is ${creator.status}: only ACTIVE creators, not restricted, can be invited`,
      });
    }
  });
  return problems;
}

function scheduleProblems(request: LaunchRequest, now: Date): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const start = Date.parse(request.startAt);
  const end = Date.parse(request.endAt);
  if (start < now.getTime() - START_GRACE_MS) {
    problems.push({ path: 'startAt', issue: 'must not be in the past' });
  }
  if (!(end > start)) problems.push({ path: 'endAt', issue: 'must be after startAt' });
  if (end > now.getTime() + MAX_CAMPAIGN_REACH_MS) {
    problems.push({
      path: 'endAt',
      issue: 'must be at most a year from now (365 days, less the hour the launch needs to close)',
    });
  }
  return problems;
}

/** Every problem of a launch request; empty when it may start. */
export function preflightProblems(request: LaunchRequest, facts: PreflightFacts): ErrorDetail[] {
  return [
    ...sellerProblems(facts),
    ...productProblems(request),
    ...creatorProblems(request, facts),
    ...scheduleProblems(request, facts.now),
  ];
}

/** Whether a creator may be invited now: the partner's own, and ACTIVE (not restricted, suspended or banned). */
export const isInvitable = (creator: Participant | undefined, partnerId: string): boolean =>
  creator !== undefined && creator.partnerId === partnerId && creator.status === 'ACTIVE';
