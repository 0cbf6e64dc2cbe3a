import { optionalEnv, requireEnv } from '#lib/config.ts';
import { type TikTokAppCredentials, TikTokShopClient } from '#lib/tiktok/client.ts';
import { isTikTokError } from '#lib/tiktok/errors.ts';
import { BusinessRuleError, TransientError } from '#lib/workflows/errors.ts';

/** TikTok Shop's production hosts; TIKTOK_SHOP_API_URL and TIKTOK_SHOP_AUTH_URL replace them (sandbox, stand-in). */
export const DEFAULT_API_BASE_URL = 'https://open-api.tiktokglobalshop.com';
export const DEFAULT_AUTH_BASE_URL = 'https://auth.tiktok-shops.com';

/**
 * The app's key and secret. In AWS they are Secrets Manager secrets loaded once per cold start by `loadSecrets`
 * (the handler module awaits it); locally the runtime keeps them in the data folder. Never logged.
 */
export function tiktokCredentials(): TikTokAppCredentials {
  return { appKey: requireEnv('TIKTOK_APP_KEY'), appSecret: requireEnv('TIKTOK_APP_SECRET') };
}

/** A client for the configured TikTok Shop, built from the environment as it is now (cheap: no connection held). */
export function tiktokShop(): TikTokShopClient {
  return new TikTokShopClient({
    apiBaseUrl: optionalEnv('TIKTOK_SHOP_API_URL', DEFAULT_API_BASE_URL),
    authBaseUrl: optionalEnv('TIKTOK_SHOP_AUTH_URL', DEFAULT_AUTH_BASE_URL),
    credentials: tiktokCredentials(),
  });
}

/**
 * A TikTok failure as the workflows see it: throttling and outages that outlived the client's own retries become
 * `PartnerFlow.Transient` (the state's Retry takes over), anything else the named business error given.
 */
export function asWorkflowError(error: unknown, businessCode: string): unknown {
  if (!isTikTokError(error)) return error;
  if (error.retryable) {
    return new TransientError(`TikTok Shop is unavailable (${error.code} on ${error.endpoint})`);
  }
  return new BusinessRuleError(businessCode, error.message);
}
