import { z } from 'zod/mini';
import { pageLimitSchema } from '#functions/creators/schemas.ts';

const NO_CONTROL = /^[^\p{Cc}]*$/u;

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
});
export type ReviewListQuery = z.infer<typeof reviewListQuerySchema>;
