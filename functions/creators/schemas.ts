// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import { EMAIL_PATTERN as EMAIL } from '#lib/email/addresses.ts';
// Names and free text: one printable line (no control characters, separators or bidi overrides).
import { SINGLE_LINE_TEXT as NO_CONTROL } from '#lib/http/text.ts';

const HANDLE = /^[a-z0-9._]{2,24}$/;
const REGION = /^[A-Z]{2}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const isRealDate = (value: string) => {
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const hasAtMostTwoDecimals = (value: number) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6;

export const creatorApplicationSchema = z.strictObject({
  handle: z
    .string()
    .check(
      z.trim(),
      z.toLowerCase(),
      z.regex(HANDLE, 'must be 2-24 characters of a-z, 0-9, "." and "_" (no "@")'),
    ),
  displayName: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(80),
      z.regex(NO_CONTROL, 'must not contain control characters'),
    ),
  email: z.string().check(z.trim(), z.maxLength(254), z.regex(EMAIL, 'must be a valid email address')),
  region: z.string().check(z.regex(REGION, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "ID"')),
  language: z.optional(
    z
      .string()
      .check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag, e.g. "en" or "id-ID"')),
  ),
  categories: z
    .array(
      z
        .string()
        .check(
          z.trim(),
          z.minLength(1),
          z.maxLength(40),
          z.regex(NO_CONTROL, 'must not contain control characters'),
        ),
    )
    .check(z.minLength(1), z.maxLength(5)),
  followers: z.int().check(z.nonnegative(), z.lte(2_000_000_000)),
  avgViews: z.int().check(z.nonnegative(), z.lte(10_000_000_000)),
  engagementRate: z.number().check(z.gte(0), z.lte(1)),
  gmv30d: z._default(
    z
      .number()
      .check(
        z.gte(0),
        z.lte(1_000_000_000),
        z.refine(hasAtMostTwoDecimals, 'must have at most two decimals (USD)'),
      ),
    0,
  ),
  birthDate: z
    .string()
    .check(
      z.regex(DATE, 'must be a date as YYYY-MM-DD'),
      z.refine(isRealDate, 'must be a real calendar date'),
    ),
});

export type CreatorApplication = z.infer<typeof creatorApplicationSchema>;

export const startOnboardingBodySchema = z.strictObject({ creator: creatorApplicationSchema });
export type StartOnboardingBody = z.infer<typeof startOnboardingBodySchema>;

// The list route's query schema: functions/creators/list-query-schema.ts (kept apart so it builds alone).
export { type CreatorListQuery, creatorListQuerySchema } from '#functions/creators/list-query-schema.ts';
