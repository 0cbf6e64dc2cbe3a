import { describe, expect, it } from 'vitest';
import { DEFAULT_VIOLATION_POLICY } from '#functions/violations/domain/policy.ts';
import {
  profileEnforcementOf,
  withEnforcement,
  withoutEnforcement,
  withoutStrike,
  withStrike,
} from '#functions/violations/domain/standing.ts';
import type { SubjectStanding } from '#lib/repositories/subject-standing.ts';

const now = new Date('2026-11-20T10:00:00Z');
const policy = DEFAULT_VIOLATION_POLICY;

function standing(overrides: Partial<SubjectStanding> = {}): SubjectStanding {
  return {
    subject: { type: 'creator', id: 'cr_a' },
    partnerId: 'acme',
    subjectName: '@ann',
    strikes: {},
    enforcements: {},
    atRisk: false,
    version: 1,
    updatedAt: now.toISOString(),
    ...overrides,
  };
}

describe('a subject standing', () => {
  it('counts a strike once, however often the step adds it', () => {
    // Arrange
    const once = {
      ...standing(),
      ...withStrike(standing(), 'vi_1', { severity: 'low', at: now.toISOString() }, policy, now),
    };

    // Act
    const again = withStrike(once, 'vi_1', { severity: 'low', at: '2026-11-20T10:05:00Z' }, policy, now);

    // Assert
    expect(Object.keys(once.strikes)).toEqual(['vi_1']);
    expect(again).toBeUndefined();
  });

  it('takes a strike back on an overturned appeal, and is at risk from the fourth strike', () => {
    // Arrange
    const strikes = Object.fromEntries(
      ['vi_1', 'vi_2', 'vi_3', 'vi_4'].map((id) => [
        id,
        { severity: 'low' as const, at: '2026-11-19T00:00:00Z' },
      ]),
    );
    const four = standing({ strikes, atRisk: true });

    // Act
    const three = withoutStrike(four, 'vi_4', policy, now);

    // Assert
    expect(Object.keys(three?.strikes ?? {})).toEqual(['vi_1', 'vi_2', 'vi_3']);
    expect(three?.atRisk).toBe(false);
  });

  it('shows the strongest enforcement in force until its latest end, and the next one when it is lifted', () => {
    // Arrange
    const restricted = {
      status: 'RESTRICTED' as const,
      startsAt: now.toISOString(),
      endsAt: '2026-11-27T10:00:00.000Z',
    };
    const suspended = {
      status: 'SUSPENDED' as const,
      startsAt: now.toISOString(),
      endsAt: '2026-12-20T10:00:00.000Z',
    };
    const withRestriction = {
      ...standing(),
      ...withEnforcement(standing(), 'vi_r', restricted, policy, now),
    };
    const withBoth = {
      ...withRestriction,
      ...withEnforcement(withRestriction, 'vi_s', suspended, policy, now),
    };

    // Act
    const afterSuspension = { ...withBoth, ...withoutEnforcement(withBoth, 'vi_s', policy, now) };
    const afterBoth = { ...afterSuspension, ...withoutEnforcement(afterSuspension, 'vi_r', policy, now) };

    // Assert
    expect(profileEnforcementOf(withBoth)).toEqual({
      status: 'SUSPENDED',
      until: '2026-12-20T10:00:00.000Z',
      violationIds: ['vi_s'],
    });
    expect(profileEnforcementOf(afterSuspension)).toEqual({
      status: 'RESTRICTED',
      until: '2026-11-27T10:00:00.000Z',
      violationIds: ['vi_r'],
    });
    expect(profileEnforcementOf(afterBoth)).toBeUndefined();
    expect(afterBoth.atRisk).toBe(false);
  });

  it('has no end while one enforcement of the strongest status has none (a ban, an interim suspension)', () => {
    // Arrange
    const held = standing({
      enforcements: {
        vi_a: { status: 'SUSPENDED', startsAt: now.toISOString(), endsAt: '2026-12-20T10:00:00.000Z' },
        vi_b: { status: 'SUSPENDED', startsAt: now.toISOString() },
      },
    });

    // Act
    const shown = profileEnforcementOf(held);

    // Assert
    expect(shown).toEqual({ status: 'SUSPENDED', violationIds: ['vi_a', 'vi_b'] });
  });
});
