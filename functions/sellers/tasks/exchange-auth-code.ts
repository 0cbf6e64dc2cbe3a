import type { AuthorizationState, ExchangeResult } from '#functions/sellers/tasks/state.ts';
import {
  deleteAuthCode,
  pendingTokenExpiry,
  readAuthCode,
  storePendingTokens,
} from '#lib/repositories/seller-tokens.ts';
import { loadSecrets } from '#lib/secrets.ts';
import { isTikTokError } from '#lib/tiktok/errors.ts';
import { asWorkflowError, tiktokShop } from '#lib/tiktok/shop-api.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

await loadSecrets(['TIKTOK_APP_KEY', 'TIKTOK_APP_SECRET']);

/**
 * Exchanges the seller's auth code for a token pair and keeps the pair sealed as the authorization's pending
 * pair: the tokens never leave this function. Only expiry times go back into the workflow. A retry after the
 * pair was stored answers from the table (the code is single-use and cannot be exchanged twice).
 */
export async function exchangeAuthCode(state: AuthorizationState): Promise<ExchangeResult> {
  const stored = await pendingTokenExpiry(state.sellerId, state.authorizationId);
  if (stored !== undefined) return stored;
  const authCode = await readAuthCode(state.sellerId, state.authorizationId);
  if (authCode === undefined) {
    throw new BusinessRuleError(
      'AuthCodeRejected',
      'The auth code is no longer available: it expired before it could be exchanged',
    );
  }
  let grant: Awaited<ReturnType<ReturnType<typeof tiktokShop>['getAccessToken']>>;
  try {
    grant = await tiktokShop().getAccessToken(authCode);
  } catch (error) {
    if (isTikTokError(error, 'AuthCodeRejected')) {
      await deleteAuthCode(state.sellerId, state.authorizationId);
      throw new BusinessRuleError('AuthCodeRejected', `TikTok Shop refused the auth code: ${error.detail}`);
    }
    throw asWorkflowError(error, 'TikTokRejected');
  }
  const expiry = {
    accessTokenExpiresAt: grant.accessTokenExpiresAt.toISOString(),
    refreshTokenExpiresAt: grant.refreshTokenExpiresAt.toISOString(),
  };
  await storePendingTokens(
    state.sellerId,
    state.authorizationId,
    { accessToken: grant.accessToken, refreshToken: grant.refreshToken },
    expiry,
    new Date().toISOString(),
  );
  await deleteAuthCode(state.sellerId, state.authorizationId);
  return expiry;
}

export const handler = taskHandler('ExchangeAuthCode', exchangeAuthCode);
