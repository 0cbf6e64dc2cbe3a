// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import { POLICIES } from '#functions/violations/domain/policies.ts';
// One-line text refuses control characters, separators and bidi overrides; multiline text allows line breaks only.
import { multilineText, SINGLE_LINE_TEXT as NO_CONTROL } from '#lib/http/text.ts';

/*
 * `POST /v1/violations`'s body, apart from functions/violations/schemas.ts: a schema is built when its module
 * loads, and this one is the largest of the area, so the other violation routes' cold starts do not build it.
 */

/** A source's own id for the report: what makes a repeated report the same report. */
const REPORT_ID = /^[A-Za-z0-9._:\-/]{1,128}$/;
/** Ids as `newBusinessId` mints them. */
const CREATOR_ID = /^cr_[a-z0-9]{1,40}$/;
const SELLER_ID = /^sl_[a-z0-9]{1,40}$/;
const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** How far ahead of our clock `occurredAt` may be (the source's clock may run a little fast). */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const isInstant = (value: string) => ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
const notInFuture = (value: string) => Date.parse(value) <= Date.now() + CLOCK_SKEW_MS;

export const MAX_EVIDENCE_ITEMS = 20;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

const subjectSchema = z.strictObject({
  type: z.enum(['creator', 'seller']),
  id: z
    .string()
    .check(
      z.trim(),
      z.regex(/^(cr|sl)_[a-z0-9]{1,40}$/, 'must be a creator id (cr_...) or a seller id (sl_...)'),
    ),
});

const evidenceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('url'),
    value: z.string().check(z.trim(), z.maxLength(2048), z.regex(HTTP_URL, 'must be an http(s) URL')),
  }),
  z.strictObject({
    kind: z.literal('text'),
    value: multilineText({ max: 2000 }),
  }),
]);

/** `POST /v1/violations`: one report of a policy violation by a managed creator or seller. */
export const reportViolationBodySchema = z
  .strictObject({
    reportId: z
      .string()
      .check(
        z.trim(),
        z.regex(REPORT_ID, 'must be 1-128 characters of A-Z, a-z, 0-9, ".", "_", ":", "-" and "/"'),
      ),
    subject: subjectSchema,
    policy: z.enum(POLICIES),
    severity: z.enum(SEVERITIES),
    evidence: z.array(evidenceSchema).check(z.maxLength(MAX_EVIDENCE_ITEMS)),
    occurredAt: z
      .string()
      .check(
        z.refine(isInstant, 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-20T14:30:00Z'),
        z.refine(notInFuture, 'must not be in the future'),
      ),
    reportedBy: z
      .string()
      .check(
        z.trim(),
        z.minLength(1),
        z.maxLength(200),
        z.regex(NO_CONTROL, 'must not contain control characters'),
      ),
  })
  .check(
    z.refine((body) => (body.subject.type === 'creator' ? CREATOR_ID : SELLER_ID).test(body.subject.id), {
      message: 'must be a creator id (cr_...) or a seller id (sl_...) matching subject.type',
      path: ['subject', 'id'],
    }),
  );

export type ReportViolationBody = z.infer<typeof reportViolationBodySchema>;
export type Evidence = ReportViolationBody['evidence'][number];
