// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import { pageLimitSchema, partnerIdQuerySchema } from '#lib/http/query-schemas.ts';
import { multilineText } from '#lib/http/text.ts';

// The report body's schema (the area's largest) is in functions/violations/report-schema.ts, built only where used.

/** `POST /v1/violations/{violationId}/appeals`: the subject's side, in its own words. */
export const fileAppealBodySchema = z.strictObject({
  statement: multilineText({ min: 10, max: 4000 }),
});
export type FileAppealBody = z.infer<typeof fileAppealBodySchema>;

export const VIOLATION_STATUSES = [
  'RECEIVED',
  'OPEN',
  'IN_REVIEW',
  'CONFIRMED',
  'DISMISSED',
  'OVERTURNED',
  'FAILED',
] as const;

/** `GET /v1/violations?subjectId=&status=`. */
export const violationListQuerySchema = z.strictObject({
  subjectId: z.optional(
    z.string().check(z.regex(/^(cr|sl)_[a-z0-9]{1,40}$/, 'must be a creator or seller id')),
  ),
  status: z.optional(z.enum(VIOLATION_STATUSES)),
  limit: z.optional(pageLimitSchema),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  partnerId: z.optional(partnerIdQuerySchema),
});
export type ViolationListQuery = z.infer<typeof violationListQuerySchema>;
