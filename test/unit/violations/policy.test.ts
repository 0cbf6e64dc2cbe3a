import { describe, expect, it } from 'vitest';
import {
  confirmedAction,
  DEFAULT_VIOLATION_POLICY,
  decideViolation,
  enforcementFor,
  pausesCampaigns,
  type Strike,
  strikesInWindow,
  strongestStatus,
} from '#functions/violations/domain/policy.ts';
import { resolveViolationPolicy } from '#functions/violations/settings.ts';
import { validatePartnerSettings } from '#lib/settings.ts';

const policy = DEFAULT_VIOLATION_POLICY;
const prior = (inWindow: number, mediumInWindow = 0) => ({ inWindow, mediumInWindow });

describe('decideViolation', () => {
  it.each([
    ['low', prior(0), 'low', 'auto', 'WARNING', []],
    ['low', prior(1), 'low', 'auto', 'WARNING', []],
    ['low', prior(2), 'medium', 'auto', 'RESTRICTION', ['REPEATED_LOW']],
    ['medium', prior(1, 1), 'medium', 'auto', 'RESTRICTION', []],
    ['medium', prior(2, 2), 'high', 'review', 'SUSPENSION', ['REPEATED_MEDIUM']],
    ['low', prior(4, 2), 'high', 'review', 'SUSPENSION', ['REPEATED_LOW', 'REPEATED_MEDIUM']],
    ['high', prior(0), 'high', 'review', 'SUSPENSION', []],
    ['critical', prior(5, 3), 'critical', 'suspend-then-review', 'BAN', []],
  ] as const)(
    '%s after %o strikes is %s, routed %s, proposing %s',
    (reported, strikes, severity, route, action, escalations) => {
      // Act
      const decision = decideViolation(policy, reported, strikes);

      // Assert
      expect(decision).toMatchObject({ severity, route, proposedAction: action, escalations });
    },
  );

  it('follows a partner policy that escalates later', () => {
    // Arrange
    const lenient = resolveViolationPolicy({ 'violation-handling': { lowEscalatesAtStrike: 5 } });

    // Act
    const decision = decideViolation(lenient, 'low', prior(3));

    // Assert
    expect(decision.severity).toBe('low');
  });
});

describe('strikes', () => {
  it('count only confirmed violations of the rolling window, never the one being decided', () => {
    // Arrange
    const now = new Date('2026-11-20T00:00:00Z');
    const strikes: Strike[] = [
      { violationId: 'vi_old', severity: 'low', at: '2026-08-21T23:59:59Z' },
      { violationId: 'vi_in', severity: 'low', at: '2026-08-22T00:00:01Z' },
      { violationId: 'vi_this', severity: 'medium', at: '2026-11-19T00:00:00Z' },
    ];

    // Act
    const counted = strikesInWindow(strikes, policy, now, 'vi_this');

    // Assert
    expect(counted.map((strike) => strike.violationId)).toEqual(['vi_in']);
  });

  it('ban at the sixth confirmed strike, whatever was proposed', () => {
    expect(confirmedAction(policy, 'WARNING', 5)).toEqual({ action: 'WARNING', banThresholdReached: false });
    expect(confirmedAction(policy, 'WARNING', 6)).toEqual({ action: 'BAN', banThresholdReached: true });
  });
});

describe('enforcement', () => {
  const start = new Date('2026-11-20T10:00:00Z');

  it('restricts for 7 days, suspends for 30, bans without end, and warns without a status', () => {
    expect(enforcementFor(policy, 'RESTRICTION', start)).toEqual({
      status: 'RESTRICTED',
      endsAt: '2026-11-27T10:00:00.000Z',
    });
    expect(enforcementFor(policy, 'SUSPENSION', start)).toEqual({
      status: 'SUSPENDED',
      endsAt: '2026-12-20T10:00:00.000Z',
    });
    expect(enforcementFor(policy, 'BAN', start)).toEqual({ status: 'BANNED' });
    expect(enforcementFor(policy, 'WARNING', start)).toBeUndefined();
  });

  it('shows the strongest status in force', () => {
    expect(strongestStatus(['RESTRICTED', 'BANNED', 'SUSPENDED'])).toBe('BANNED');
    expect(strongestStatus([])).toBeUndefined();
  });

  it("pauses a seller's campaigns for any enforcement, a creator's only when suspended or banned", () => {
    expect(pausesCampaigns('seller', 'RESTRICTED')).toBe(true);
    expect(pausesCampaigns('creator', 'RESTRICTED')).toBe(false);
    expect(pausesCampaigns('creator', 'SUSPENDED')).toBe(true);
  });
});

describe('the violation-handling settings section', () => {
  it('may lower the ban threshold but not raise it above TikTok six strikes', () => {
    // Act
    const raised = validatePartnerSettings({ 'violation-handling': { banAtStrikes: 7 } });
    const lowered = validatePartnerSettings({
      'violation-handling': { banAtStrikes: 4, escalationEmails: ['ops@a.example'] },
    });

    // Assert
    expect(raised).toEqual({
      ok: false,
      details: [{ path: 'violation-handling.banAtStrikes', issue: 'must be at most 6' }],
    });
    expect(lowered.ok).toBe(true);
  });

  it('falls back to the defaults for an unreadable section', () => {
    expect(resolveViolationPolicy({ 'violation-handling': { banAtStrikes: 'many' } })).toEqual(policy);
  });
});
