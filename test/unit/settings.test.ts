import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { validatePartnerSettings } from '#lib/settings.ts';

// A registry of one section, so these tests do not depend on which areas have registered theirs.
const sections = { reports: z.strictObject({ sendHour: z.int().check(z.gte(0), z.lte(23)) }) };

describe('validatePartnerSettings', () => {
  it('accepts {} with any registry', () => {
    // Act / Assert
    expect(validatePartnerSettings({}, {})).toEqual({ ok: true, value: {} });
  });

  it('accepts a registered section that matches its schema', () => {
    // Act / Assert
    expect(validatePartnerSettings({ reports: { sendHour: 8 } }, sections)).toEqual({
      ok: true,
      value: { reports: { sendHour: 8 } },
    });
  });

  it('rejects an unknown top-level key, naming the known ones', () => {
    // Act
    const result = validatePartnerSettings({ reprots: {} }, sections);

    // Assert
    expect(result).toEqual({
      ok: false,
      details: [{ path: 'reprots', issue: 'is not a known settings section (known: reports)' }],
    });
  });

  it('reports problems inside a section with their full path', () => {
    // Act
    const result = validatePartnerSettings({ reports: { sendHour: 25 } }, sections);

    // Assert
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.details.map((detail) => detail.path)).toEqual(['reports.sendHour']);
  });

  it.each([[[]], [null], ['text'], [3]])('rejects %j, which is not an object', (settings) => {
    // Act / Assert
    expect(validatePartnerSettings(settings, sections)).toEqual({
      ok: false,
      details: [{ path: '(root)', issue: 'must be a JSON object' }],
    });
  });
});
