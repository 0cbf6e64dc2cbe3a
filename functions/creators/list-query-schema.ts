// A namespace import keeps the bundle to the zod/mini parts used (see functions/creators/schemas.ts).
import * as z from 'zod/mini';
import { pageLimitSchema, partnerIdQuerySchema } from '#lib/http/query-schemas.ts';

/**
 * `GET /creators` query parameters. Apart from functions/creators/schemas.ts so that the list route's cold start
 * does not build the creator application schema it never uses.
 */
export const creatorListQuerySchema = z.strictObject({
  status: z.optional(
    z.enum(['SCREENING', 'IN_REVIEW', 'ACTIVE', 'REJECTED', 'RESTRICTED', 'SUSPENDED', 'BANNED']),
  ),
  tier: z.optional(z.enum(['top', 'mid', 'long-tail'])),
  limit: z.optional(pageLimitSchema),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  partnerId: z.optional(partnerIdQuerySchema),
});

export type CreatorListQuery = z.infer<typeof creatorListQuerySchema>;
