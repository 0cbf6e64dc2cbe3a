// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import { SELLER_ID } from '#functions/sellers/ids.ts';
import { pageLimitSchema, partnerIdQuerySchema } from '#lib/http/query-schemas.ts';
import { multilineText, singleLineText } from '#lib/http/text.ts';
import { CAMPAIGN_STATUSES } from '#lib/repositories/campaigns.ts';

/**
 * The request shapes of the campaign routes. Syntax only (types, formats, sizes that no request may exceed): the
 * business limits (1-100 products, 1-50 creators, commission 10-80 % with two decimals, dates) are the
 * pre-flight's (domain/preflight.ts), which answers 422 with one detail per problem.
 */

/** Ids as `newBusinessId('cr')` and `newBusinessId('cp')` mint them. */
export const CREATOR_ID = /^cr_[a-z0-9]{1,40}$/;
export const CAMPAIGN_ID = /^cp_[a-z0-9]{1,40}$/;
/** TikTok product ids are numeric strings; other catalogues use letters too. */
const PRODUCT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** RFC 3339 with a time zone, as Step Functions' Wait states read it. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** Far above the business limits: bounds the work a hostile request can ask for before the pre-flight. */
const MAX_LISTED = 1000;

const timestamp = z.string().check(
  z.regex(TIMESTAMP, 'must be an ISO 8601 date and time with a time zone, e.g. 2026-12-01T09:00:00Z'),
  z.refine((value) => !Number.isNaN(Date.parse(value)), 'must be a real date and time'),
);

export const campaignProductSchema = z.strictObject({
  productId: z.string().check(z.regex(PRODUCT_ID, 'must be a product id (letters, digits, "_" and "-")')),
  /** Percent, e.g. 12.5 for 12.5 %. */
  commissionRate: z.number(),
});

export const startCampaignBodySchema = z.strictObject({
  sellerId: z.string().check(z.regex(SELLER_ID, 'must be a seller id (sl_...)')),
  name: singleLineText({ max: 120 }),
  /** Sent to the creators with the collaboration (TikTok shows it) and quoted in the invitation email. */
  message: multilineText({ max: 2000 }),
  products: z.array(campaignProductSchema).check(z.maxLength(MAX_LISTED)),
  creatorIds: z
    .array(z.string().check(z.regex(CREATOR_ID, 'must be a creator id (cr_...)')))
    .check(z.maxLength(MAX_LISTED)),
  startAt: timestamp,
  endAt: timestamp,
  freeSamples: z._default(z.boolean(), false),
});
export type StartCampaignBody = z.infer<typeof startCampaignBodySchema>;

export const cancelCampaignBodySchema = z.strictObject({
  reason: z.optional(singleLineText({ max: 500 })),
});
export type CancelCampaignBody = z.infer<typeof cancelCampaignBodySchema>;

export const campaignListQuerySchema = z.strictObject({
  status: z.optional(z.enum(CAMPAIGN_STATUSES)),
  limit: z.optional(pageLimitSchema),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  partnerId: z.optional(partnerIdQuerySchema),
});
export type CampaignListQuery = z.infer<typeof campaignListQuerySchema>;
