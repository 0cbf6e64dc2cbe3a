// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import { SELLER_ID } from '#functions/sellers/ids.ts';
import { EMAIL_PATTERN as EMAIL } from '#lib/email/addresses.ts';
import { pageLimitSchema, partnerIdQuerySchema } from '#lib/http/query-schemas.ts';
// Names and free text: one printable line (no control characters, separators or bidi overrides).
import { SINGLE_LINE_TEXT as NO_CONTROL } from '#lib/http/text.ts';
import { SELLER_SERVICES, SELLER_STATUSES } from '#lib/repositories/sellers.ts';

const REGION = /^[A-Z]{2}$/;

/** TikTok auth codes are opaque, URL-safe text; anything else cannot be one. */
const AUTH_CODE = /^[A-Za-z0-9._~+/=-]{8,512}$/;

export const sellerServiceSchema = z.enum(SELLER_SERVICES);

export const sellerContactSchema = z.strictObject({
  shopName: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(120),
      z.regex(NO_CONTROL, 'must not contain control characters'),
    ),
  region: z.string().check(z.regex(REGION, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "ID"')),
  contactEmail: z.string().check(z.trim(), z.maxLength(254), z.regex(EMAIL, 'must be a valid email address')),
});
export type SellerContact = z.infer<typeof sellerContactSchema>;

export const startAuthorizationBodySchema = z.strictObject({
  seller: sellerContactSchema,
  authCode: z
    .string()
    .check(
      z.trim(),
      z.regex(AUTH_CODE, 'must be the auth code TikTok Shop gave the seller (8-512 characters)'),
    ),
  services: z.array(sellerServiceSchema).check(
    z.minLength(1),
    z.maxLength(SELLER_SERVICES.length),
    z.refine((services) => new Set(services).size === services.length, 'must not repeat a service'),
  ),
  /** Re-authorizes this existing seller (a renewal, or after REAUTH_REQUIRED/REVOKED) instead of adding one. */
  sellerId: z.optional(z.string().check(z.regex(SELLER_ID, 'must be a seller id (sl_...)'))),
});
export type StartAuthorizationBody = z.infer<typeof startAuthorizationBodySchema>;

export const sellerListQuerySchema = z.strictObject({
  status: z.optional(z.enum(SELLER_STATUSES)),
  limit: z.optional(pageLimitSchema),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  partnerId: z.optional(partnerIdQuerySchema),
});
export type SellerListQuery = z.infer<typeof sellerListQuerySchema>;
