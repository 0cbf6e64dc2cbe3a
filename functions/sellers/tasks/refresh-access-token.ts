import { reasonToStop } from '#functions/sellers/tasks/plan-token-refresh.ts';
import type { RefreshResult, RefreshState } from '#functions/sellers/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { readSellerTokens, replaceSellerTokens } from '#lib/repositories/seller-tokens.ts';
import { sellerKey } from '#lib/repositories/sellers.ts';
import { loadSecrets } from '#lib/secrets.ts';
import { isTikTokError } from '#lib/tiktok/errors.ts';
import { asWorkflowError, tiktokShop } from '#lib/tiktok/shop-api.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

await loadSecrets(['TIKTOK_APP_KEY', 'TIKTOK_APP_SECRET']);

/**
 * Refreshes the seller's pair and stores the new one, both tokens in one version-checked write. Stops (without
 * calling TikTok) when the seller is no longer ACTIVE or a newer pair exists. A refresh TikTok refuses for good
 * is `PartnerFlow.RefreshRejected` (the workflow marks the seller REAUTH_REQUIRED and keeps the old pair); an
 * outage is `PartnerFlow.Transient`.
 */
export async function refreshAccessToken(state: RefreshState, context: TaskContext): Promise<RefreshResult> {
  const reason = await reasonToStop(state);
  if (reason !== undefined) return { action: 'stop', reason };
  const current = await readSellerTokens(state.sellerId);
  if (current === undefined || current.metadata.version !== state.tokenVersion) {
    return { action: 'stop', reason: 'SUPERSEDED' };
  }
  const now = new Date();
  if (Date.parse(current.metadata.refreshTokenExpiresAt) <= now.getTime()) {
    throw new BusinessRuleError('RefreshRejected', 'The refresh token expired before it could be used');
  }
  let grant: Awaited<ReturnType<ReturnType<typeof tiktokShop>['refreshAccessToken']>>;
  try {
    grant = await tiktokShop().refreshAccessToken(current.pair.refreshToken);
  } catch (error) {
    if (isTikTokError(error, 'RefreshTokenRejected')) {
      throw new BusinessRuleError('RefreshRejected', `TikTok Shop refused the refresh: ${error.detail}`);
    }
    if (isTikTokError(error) && !error.retryable) {
      // The app's own configuration (key, secret, clock), not the seller's authorization: keep retrying later.
      logger.error('TikTok Shop refused a token refresh for a reason the seller cannot fix', {
        sellerId: state.sellerId,
        code: error.code,
        kind: error.kind,
      });
    }
    throw asWorkflowError(error, 'TikTokRejected');
  }
  const stored = await replaceSellerTokens(
    state.sellerId,
    current.metadata,
    { accessToken: grant.accessToken, refreshToken: grant.refreshToken },
    {
      accessTokenExpiresAt: grant.accessTokenExpiresAt.toISOString(),
      refreshTokenExpiresAt: grant.refreshTokenExpiresAt.toISOString(),
    },
    now.toISOString(),
  );
  if (stored === undefined) return { action: 'stop', reason: 'SUPERSEDED' };
  await recordAudit({
    entityKey: sellerKey(state.sellerId).pk,
    changeId: `tokens-refreshed#v${stored.version}`,
    action: 'seller.tokens-refreshed',
    actor: 'system:RefreshAccessToken',
    at: now.toISOString(),
    executionId: context.executionId,
    before: { version: current.metadata.version },
    after: { version: stored.version, accessTokenExpiresAt: stored.accessTokenExpiresAt },
  });
  return {
    action: 'continue',
    tokenVersion: stored.version,
    accessTokenExpiresAt: stored.accessTokenExpiresAt,
  };
}

export const handler = taskHandler('RefreshAccessToken', refreshAccessToken);
