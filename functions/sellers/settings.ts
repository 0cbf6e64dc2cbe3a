// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import { SELLER_SERVICES, type SellerService } from '#lib/repositories/sellers.ts';

/**
 * A partner's seller-authorization settings (`"seller-authorization"` in its settings): the services it sells
 * (its catalogue; all six by default) and the link that starts an authorization of its app, which emails
 * asking a seller to authorize again carry.
 */
export const sellerSettingsSchema = z.strictObject({
  services: z.optional(
    z.array(z.enum(SELLER_SERVICES)).check(
      z.minLength(1),
      z.refine((services) => new Set(services).size === services.length, 'must not repeat a service'),
    ),
  ),
  authorizationUrl: z.optional(
    z
      .string()
      .check(
        z.maxLength(2048),
        z.regex(/^https:\/\/[^\s]+$/, 'must be an https URL (the TikTok Shop authorization link of the app)'),
      ),
  ),
});

export type SellerSettings = z.infer<typeof sellerSettingsSchema>;

export const SELLER_SETTINGS_SECTION = 'seller-authorization';

export interface ResolvedSellerSettings {
  readonly services: readonly SellerService[];
  readonly authorizationUrl?: string;
}

/** A partner's stored section over the defaults; an unreadable section falls back to them. */
export function resolveSellerSettings(settings: Readonly<Record<string, unknown>>): ResolvedSellerSettings {
  const parsed = z.safeParse(sellerSettingsSchema, settings[SELLER_SETTINGS_SECTION] ?? {});
  const section = parsed.success ? parsed.data : {};
  return {
    services: section.services ?? SELLER_SERVICES,
    ...(section.authorizationUrl === undefined ? {} : { authorizationUrl: section.authorizationUrl }),
  };
}
