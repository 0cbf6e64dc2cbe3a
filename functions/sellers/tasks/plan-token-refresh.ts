import { refreshDueAt } from '#functions/sellers/domain/refresh-schedule.ts';
import type { RefreshPlan, RefreshState } from '#functions/sellers/tasks/state.ts';
import { getTokenMetadata } from '#lib/repositories/seller-tokens.ts';
import { getSeller, SELLER_ENFORCEMENT_STATUSES } from '#lib/repositories/sellers.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * Why a refresh cycle has nothing (more) to do, or undefined when it still owns the seller's pair: the seller is
 * ACTIVE (or under a violation's enforcement, which leaves the authorization standing, so the pair stays fresh for
 * when it is lifted) and its pair is still the version this cycle was started for.
 */
export async function reasonToStop(state: RefreshState): Promise<string | undefined> {
  const seller = await getSeller(state.sellerId);
  if (seller === undefined) return 'SELLER_GONE';
  if (seller.status !== 'ACTIVE' && !SELLER_ENFORCEMENT_STATUSES.includes(seller.status)) {
    return `SELLER_${seller.status}`;
  }
  const tokens = await getTokenMetadata(state.sellerId);
  if (tokens === undefined) return 'NO_TOKENS';
  if (tokens.version !== state.tokenVersion) return 'SUPERSEDED';
  return undefined;
}

/** Decides when this cycle refreshes (a safe margin before the access token expires), or that it stops. */
export async function planTokenRefresh(state: RefreshState): Promise<RefreshPlan> {
  const reason = await reasonToStop(state);
  if (reason !== undefined) return { action: 'stop', reason };
  const tokens = await getTokenMetadata(state.sellerId);
  if (tokens === undefined) return { action: 'stop', reason: 'NO_TOKENS' };
  const refreshAt = refreshDueAt(
    new Date(),
    new Date(tokens.accessTokenExpiresAt),
    new Date(tokens.refreshTokenExpiresAt),
  );
  return { action: 'wait', refreshAt: refreshAt.toISOString() };
}

export const handler = taskHandler('PlanTokenRefresh', planTokenRefresh);
