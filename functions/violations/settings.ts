// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import {
  DEFAULT_VIOLATION_POLICY,
  TIKTOK_BAN_STRIKES,
  type ViolationPolicy,
} from '#functions/violations/domain/policy.ts';
import { EMAIL_PATTERN } from '#lib/email/addresses.ts';

const whole = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

/**
 * A partner's overrides of the violation policy (`"violation-handling"` in its settings). TikTok's own floor
 * holds: the ban threshold may be lowered, never raised above TikTok's six strikes.
 */
export const violationSettingsSchema = z.strictObject({
  strikeWindowDays: z.optional(whole(30, 365)),
  lowEscalatesAtStrike: z.optional(whole(2, 20)),
  mediumEscalatesAtCount: z.optional(whole(2, 20)),
  banAtStrikes: z.optional(whole(2, TIKTOK_BAN_STRIKES)),
  restrictionDays: z.optional(whole(1, 90)),
  suspensionDays: z.optional(whole(1, 180)),
  reviewSlaHours: z.optional(whole(1, 168)),
  escalationHours: z.optional(whole(1, 168)),
  highReviewTimeoutDecision: z.optional(z.enum(['confirm', 'dismiss'])),
  criticalReviewTimeoutDecision: z.optional(z.enum(['confirm', 'dismiss'])),
  appealWindowDays: z.optional(whole(7, 90)),
  appealTimeoutDecision: z.optional(z.enum(['uphold', 'overturn'])),
  escalationEmails: z.optional(
    z
      .array(
        z.string().check(z.trim(), z.maxLength(254), z.regex(EMAIL_PATTERN, 'must be a valid email address')),
      )
      .check(z.maxLength(10)),
  ),
  atRiskStrikes: z.optional(whole(1, 20)),
});

export type ViolationSettings = z.infer<typeof violationSettingsSchema>;

export const VIOLATION_SETTINGS_SECTION = 'violation-handling';

/** The policy a partner's violations are handled under: its stored overrides over the defaults. */
export function resolveViolationPolicy(settings: Readonly<Record<string, unknown>>): ViolationPolicy {
  const parsed = z.safeParse(violationSettingsSchema, settings[VIOLATION_SETTINGS_SECTION] ?? {});
  // Settings are validated when stored; an unreadable section falls back to the defaults rather than blocking work.
  const overrides = parsed.success ? parsed.data : {};
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_VIOLATION_POLICY, ...defined };
}
