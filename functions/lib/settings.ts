import type { $ZodType } from 'zod/v4/core';
import { onboardingSettingsSchema } from '#functions/creators/settings.ts';
import { sellerSettingsSchema } from '#functions/sellers/settings.ts';
import { violationSettingsSchema } from '#functions/violations/settings.ts';
import type { ErrorDetail } from '#lib/http/errors.ts';
import { validate } from '#lib/http/validation.ts';

/**
 * A partner's settings are one JSON object with a section per area, e.g. `{"creator-onboarding": {...}}`.
 * Each area that reads settings owns its section's schema and registers it HERE, with one line:
 *
 *   import { onboardingSettingsSchema } from '#functions/creators/settings.ts';
 *   ...
 *   'creator-onboarding': onboardingSettingsSchema,
 *
 * The registry is a plain literal, not a runtime `register()` call, so what is accepted never depends on which
 * modules happen to have been imported. A key with no schema here is rejected, so a typo cannot be stored and
 * then silently ignored.
 */
export const settingsSections: Readonly<Record<string, $ZodType>> = {
  'creator-onboarding': onboardingSettingsSchema,
  'seller-authorization': sellerSettingsSchema,
  'violation-handling': violationSettingsSchema,
};

export type PartnerSettings = Readonly<Record<string, unknown>>;

export type SettingsValidation = { ok: true; value: PartnerSettings } | { ok: false; details: ErrorDetail[] };

/** Accepts an object whose every key is a registered section valid against its schema; `{}` is always valid. */
export function validatePartnerSettings(
  settings: unknown,
  sections: Readonly<Record<string, $ZodType>> = settingsSections,
): SettingsValidation {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    return { ok: false, details: [{ path: '(root)', issue: 'must be a JSON object' }] };
  }
  const details: ErrorDetail[] = [];
  const value: Record<string, unknown> = {};
  for (const [key, section] of Object.entries(settings)) {
    const schema = Object.hasOwn(sections, key) ? sections[key] : undefined;
    if (schema === undefined) {
      const known = Object.keys(sections);
      details.push({
        path: key,
        issue: `is not a known settings section${known.length === 0 ? ' (none are defined yet)' : ` (known: ${known.join(', ')})`}`,
      });
      continue;
    }
    const result = validate(schema, section, [key]);
    if (result.ok) value[key] = result.value;
    else details.push(...result.details);
  }
  return details.length === 0 ? { ok: true, value } : { ok: false, details };
}
