import { describe, expect, it } from 'vitest';
import { onboardingCounters, onboardingOutcome } from '#functions/creators/tasks/record-metrics.ts';
import { rejectionReasons } from '#functions/creators/tasks/rejection-reasons.ts';
import { summarizeViolations } from '#functions/creators/tasks/screen-compliance.ts';
import type { OnboardingState } from '#functions/creators/tasks/state.ts';

const base: OnboardingState = {
  creatorId: 'cr_1',
  partnerId: 'acme',
  requestedAt: '2026-11-21T10:00:00.000Z',
  creator: {
    handle: 'ann',
    displayName: 'Ann',
    email: 'ann@example.com',
    region: 'ID',
    categories: ['beauty'],
    followers: 20_000,
    avgViews: 1_000,
    engagementRate: 0.05,
    gmv30d: 0,
    birthDate: '1990-01-01',
  },
};

describe('rejectionReasons', () => {
  it('reads the reason from what the execution gathered, first match wins', () => {
    expect(rejectionReasons({ ...base, failure: { Error: 'PartnerFlow.HandleTaken' } })).toEqual([
      'DUPLICATE_HANDLE',
    ]);
    expect(
      rejectionReasons({
        ...base,
        review: { decision: 'reject', reason: 'no', decidedBy: 'manager:k', reviewId: 'rv_1' },
      }),
    ).toEqual(['MANAGER_REJECTED']);
    expect(rejectionReasons({ ...base, reviewTimeout: { Error: 'States.Timeout' } })).toEqual([
      'REVIEW_TIMEOUT',
    ]);
    expect(rejectionReasons({ ...base, decision: { kind: 'reject', reasons: ['UNDER_AGE'] } })).toEqual([
      'UNDER_AGE',
    ]);
    expect(rejectionReasons(base)).toEqual(['PROCESSING_FAILED']);
  });
});

describe('onboardingOutcome and counters', () => {
  it('reports an approval with a failed welcome email without undoing it', () => {
    const outcome = onboardingOutcome({
      ...base,
      activation: { tier: 'mid', activatedAt: '2026-11-21T10:00:01.000Z' },
      welcomeError: { Error: 'PartnerFlow.EmailRejected' },
    });
    expect(outcome).toEqual({
      decision: 'APPROVED',
      tier: 'mid',
      reasons: [],
      notifications: { welcomeEmail: 'FAILED' },
    });
    expect(onboardingCounters(outcome, false)).toEqual({
      'creators.decided': 1,
      'creators.approved': 1,
      'creators.onboarded.mid': 1,
      'notifications.failed.welcomeEmail': 1,
    });
  });

  it('reports a pilot and a rejection', () => {
    const pilot = onboardingOutcome({
      ...base,
      activation: { tier: 'long-tail', pilotEndsAt: '2026-12-21T00:00:00.000Z', activatedAt: 'x' },
    });
    expect(pilot).toMatchObject({
      decision: 'APPROVED',
      reasons: ['PILOT'],
      pilotEndsAt: '2026-12-21T00:00:00.000Z',
    });
    expect(onboardingCounters(pilot, false)).toMatchObject({ 'creators.pilots': 1 });
    const rejected = onboardingOutcome({ ...base, rejection: { reasons: ['UNDER_AGE'], rejectedAt: 'x' } });
    expect(rejected).toEqual({
      decision: 'REJECTED',
      reasons: ['UNDER_AGE'],
      notifications: { rejectionNotice: 'SENT' },
    });
    expect(onboardingCounters(rejected, true)).toEqual({
      'creators.decided': 1,
      'creators.rejected': 1,
      'reviews.decided': 1,
    });
  });
});

describe('summarizeViolations', () => {
  it('ignores dismissed and overturned violations and counts open criticals', () => {
    const at = '2026-01-01T00:00:00.000Z';
    expect(
      summarizeViolations([
        { handle: 'ann', violationId: 'v1', severity: 'critical', state: 'OPEN', occurredAt: at },
        { handle: 'ann', violationId: 'v2', severity: 'critical', state: 'DISMISSED', occurredAt: at },
        { handle: 'ann', violationId: 'v3', severity: 'medium', state: 'CONFIRMED', occurredAt: at },
        { handle: 'ann', violationId: 'v4', severity: 'high', state: 'OVERTURNED', occurredAt: at },
        { handle: 'ann', violationId: 'v5', severity: 'low', state: 'CONFIRMED', occurredAt: at },
      ]),
    ).toEqual({ openCritical: 1, mediumOrHigher: 2 });
  });
});
