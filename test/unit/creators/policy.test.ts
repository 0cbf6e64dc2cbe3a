import { describe, expect, it } from 'vitest';
import {
  ageOn,
  type CreatorFigures,
  DEFAULT_ONBOARDING_POLICY,
  decideOnboarding,
  tierFor,
} from '#functions/creators/domain/policy.ts';

const TODAY = '2026-11-21';
const clean = { openCritical: 0, mediumOrHigher: 0 };
const figures = (overrides: Partial<CreatorFigures> = {}): CreatorFigures => ({
  followers: 20_000,
  avgViews: 5_000,
  engagementRate: 0.05,
  gmv30d: 0,
  birthDate: '1995-05-05',
  region: 'ID',
  ...overrides,
});
const decide = (
  overrides: Partial<CreatorFigures> = {},
  violations = clean,
  policy = DEFAULT_ONBOARDING_POLICY,
) => decideOnboarding(figures(overrides), violations, policy, TODAY);

describe('ageOn', () => {
  it('counts the birthday on its day, not the day before', () => {
    expect(ageOn('2008-11-21', '2026-11-21')).toBe(18);
    expect(ageOn('2008-11-22', '2026-11-21')).toBe(17);
    expect(ageOn('2008-11-20', '2026-11-21')).toBe(18);
  });

  it('handles a 29 February birthday in a common year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});

describe('decideOnboarding: TikTok floor', () => {
  it('approves on the day of the 18th birthday and rejects the day before', () => {
    expect(decide({ birthDate: '2008-11-21' }).kind).toBe('approve');
    expect(decide({ birthDate: '2008-11-22' })).toEqual({ kind: 'reject', reasons: ['UNDER_AGE'] });
  });

  it('rejects 999 followers and accepts 1,000 as a pilot', () => {
    expect(decide({ followers: 999 })).toEqual({ kind: 'reject', reasons: ['TOO_FEW_FOLLOWERS'] });
    expect(decide({ followers: 1_000 })).toEqual({
      kind: 'approve',
      tier: 'long-tail',
      pilotEndsAt: '2026-12-21T00:00:00.000Z',
      reasons: ['PILOT'],
    });
  });

  it('puts 4,999 followers on a pilot and 5,000 on the normal track', () => {
    expect(decide({ followers: 4_999 })).toMatchObject({ kind: 'approve', reasons: ['PILOT'] });
    expect(decide({ followers: 5_000 })).toEqual({ kind: 'approve', tier: 'long-tail', reasons: [] });
  });

  it('rejects an open critical violation', () => {
    expect(decide({}, { openCritical: 1, mediumOrHigher: 1 })).toEqual({
      kind: 'reject',
      reasons: ['OPEN_CRITICAL_VIOLATION'],
    });
  });

  it('lists every rejection reason that applies', () => {
    expect(
      decide({ birthDate: '2010-01-01', followers: 10 }, { openCritical: 2, mediumOrHigher: 2 }),
    ).toEqual({
      kind: 'reject',
      reasons: ['UNDER_AGE', 'TOO_FEW_FOLLOWERS', 'OPEN_CRITICAL_VIOLATION'],
    });
  });

  it('never lets a partner lower the pilot threshold below 5,000', () => {
    const lenient = { ...DEFAULT_ONBOARDING_POLICY, pilotBelowFollowers: 1_000 };
    expect(decide({ followers: 2_000 }, clean, lenient)).toMatchObject({ reasons: ['PILOT'] });
  });
});

describe('tierFor', () => {
  it.each([
    [999_999, 0, 'mid'],
    [1_000_000, 0, 'top'],
    [5_000, 100_000, 'top'],
    [5_000, 99_999.99, 'mid'],
    [99_999, 0, 'long-tail'],
    [100_000, 0, 'mid'],
    [5_000, 10_000, 'mid'],
    [5_000, 9_999.99, 'long-tail'],
  ] as const)('followers %d and gmv30d %d give %s', (followers, gmv30d, tier) => {
    expect(tierFor({ followers, gmv30d }, DEFAULT_ONBOARDING_POLICY)).toBe(tier);
  });

  it('follows the partner thresholds', () => {
    expect(
      tierFor({ followers: 50_000, gmv30d: 0 }, { ...DEFAULT_ONBOARDING_POLICY, midFollowers: 50_000 }),
    ).toBe('mid');
  });
});

describe('decideOnboarding: manager review', () => {
  it('sends engagement below 0.01 to review, and 0.01 exactly does not', () => {
    expect(decide({ engagementRate: 0.0099 })).toEqual({
      kind: 'review',
      tier: 'long-tail',
      reasons: ['LOW_ENGAGEMENT'],
    });
    expect(decide({ engagementRate: 0.01 }).kind).toBe('approve');
  });

  it('sends an earlier medium-or-higher violation to review', () => {
    expect(decide({}, { openCritical: 0, mediumOrHigher: 1 })).toMatchObject({
      kind: 'review',
      reasons: ['PRIOR_VIOLATION'],
    });
  });

  it('sends a region the partner does not serve to review; all regions are served by default', () => {
    const servesId = { ...DEFAULT_ONBOARDING_POLICY, servedRegions: ['ID', 'MY'] };
    expect(decide({ region: 'VN' }, clean, servesId)).toMatchObject({
      kind: 'review',
      reasons: ['REGION_NOT_SERVED'],
    });
    expect(decide({ region: 'MY' }, clean, servesId).kind).toBe('approve');
    expect(decide({ region: 'VN' }).kind).toBe('approve');
  });

  it('keeps the tier and pilot terms a reviewed creator would be approved on', () => {
    expect(decide({ followers: 2_000_000, engagementRate: 0.001 })).toEqual({
      kind: 'review',
      tier: 'top',
      reasons: ['LOW_ENGAGEMENT'],
    });
    expect(decide({ followers: 3_000, engagementRate: 0.001 })).toMatchObject({
      kind: 'review',
      tier: 'long-tail',
      pilotEndsAt: '2026-12-21T00:00:00.000Z',
    });
  });

  it('prefers rejection over review', () => {
    expect(decide({ followers: 500, engagementRate: 0.001 }).kind).toBe('reject');
  });
});
