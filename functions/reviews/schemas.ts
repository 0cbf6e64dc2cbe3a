// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import { pageLimitSchema, partnerIdQuerySchema } from '#lib/http/query-schemas.ts';
// Names and free text: one printable line (no control characters, separators or bidi overrides).
import { SINGLE_LINE_TEXT as NO_CONTROL } from '#lib/http/text.ts';

export const decideReviewBodySchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(500),
      z.regex(NO_CONTROL, 'must not contain control characters'),
    ),
});
export type DecideReviewBody = z.infer<typeof decideReviewBodySchema>;

export const reviewListQuerySchema = z.strictObject({
  status: z.optional(z.enum(['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED'])),
  limit: z.optional(pageLimitSchema),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  partnerId: z.optional(partnerIdQuerySchema),
});
export type ReviewListQuery = z.infer<typeof reviewListQuerySchema>;

/** A signed link's token (functions/lib/auth/review-links.ts): base64url payload and signature, dot-separated. */
const linkTokenSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(2048),
    z.regex(/^[A-Za-z0-9_.-]+$/, 'must be the token of a review link'),
  );

/**
 * `GET /v1/reviews/{reviewId}/confirm?token=&decision=`: the page a review email links to. Not strict: mail
 * link trackers may append their own parameters, and this page only shows a form.
 */
export const confirmPageQuerySchema = z.object({
  token: linkTokenSchema,
  decision: z.optional(z.enum(['approve', 'reject'])),
});
export type ConfirmPageQuery = z.infer<typeof confirmPageQuerySchema>;

/** `POST /v1/reviews/{reviewId}/confirm`, form-encoded by the confirmation page. */
export const confirmDecisionFormSchema = z.strictObject({
  token: linkTokenSchema,
  decision: decideReviewBodySchema.shape.decision,
  reason: decideReviewBodySchema.shape.reason,
});
export type ConfirmDecisionForm = z.infer<typeof confirmDecisionFormSchema>;
