// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import {
  DEFAULT_ONBOARDING_POLICY,
  type OnboardingPolicy,
  TIKTOK_FLOOR,
} from '#functions/creators/domain/policy.ts';

const count = () => z.int().check(z.gte(0), z.lte(2_000_000_000));
const money = () => z.number().check(z.gte(0), z.lte(1_000_000_000));
const hours = () => z.int().check(z.gte(1), z.lte(24 * 30));

/**
 * A partner's overrides of the onboarding policy (`"creator-onboarding"` in its settings). TikTok Shop's floor
 * (age, followers, pilot) cannot be lowered: the pilot threshold may only rise.
 */
export const onboardingSettingsSchema = z.strictObject({
  topFollowers: z.optional(count()),
  topGmv30d: z.optional(money()),
  midFollowers: z.optional(count()),
  midGmv30d: z.optional(money()),
  pilotBelowFollowers: z.optional(z.int().check(z.gte(TIKTOK_FLOOR.pilotBelowFollowers), z.lte(10_000_000))),
  pilotDays: z.optional(z.int().check(z.gte(1), z.lte(365))),
  reviewEngagementBelow: z.optional(z.number().check(z.gte(0), z.lte(1))),
  servedRegions: z.optional(
    z
      .array(z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')))
      .check(z.minLength(1), z.maxLength(250)),
  ),
  reviewTimeoutHours: z.optional(hours()),
  reminderTimeoutHours: z.optional(hours()),
});

export type OnboardingSettings = z.infer<typeof onboardingSettingsSchema>;

export const ONBOARDING_SETTINGS_SECTION = 'creator-onboarding';

/** The policy a partner's onboarding runs under: its stored overrides over the defaults. */
export function resolveOnboardingPolicy(settings: Readonly<Record<string, unknown>>): OnboardingPolicy {
  const parsed = z.safeParse(onboardingSettingsSchema, settings[ONBOARDING_SETTINGS_SECTION] ?? {});
  // Settings are validated when stored; an unreadable section falls back to the defaults rather than blocking work.
  const overrides = parsed.success ? parsed.data : {};
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_ONBOARDING_POLICY, ...defined };
}
