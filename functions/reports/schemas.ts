// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import { isIsoWeek } from '#functions/reports/domain/weeks.ts';

export const PARTNER_ID = /^[A-Za-z0-9_-]{3,40}$/;

export const isoWeekSchema = z
  .string()
  .check(z.refine(isIsoWeek, 'must be an ISO 8601 week such as "2026-W45" (W53 only in years that have it)'));

/** `POST /v1/reports/weekly`: which partner (ops: any, or all when omitted), which week, and whether to resend. */
export const weeklyReportRequestSchema = z.strictObject({
  partnerId: z.optional(z.string().check(z.regex(PARTNER_ID, 'must be a partner id'))),
  week: z.optional(isoWeekSchema),
  resend: z._default(z.boolean(), false),
});
export type WeeklyReportRequest = z.infer<typeof weeklyReportRequestSchema>;
