import { describe, expect, it } from 'vitest';
import type { ReportRecord } from '#functions/reports/data/ledger.ts';
import { isPermanentFailure, nextAttemptAt, sendFailureStatus } from '#functions/reports/domain/delivery.ts';
import { skipReason } from '#functions/reports/report-requests.ts';
import { refusalReason } from '#functions/reports/tasks/claim-week.ts';
import { failureStatusOf } from '#functions/reports/tasks/record-failure.ts';

const record = (overrides: Partial<ReportRecord>): ReportRecord => ({
  partnerId: 'acme',
  week: '2026-W45',
  status: 'SENT',
  claimedBy: 'run-1',
  claimedAt: '2026-11-09T01:00:00.000Z',
  attempts: 1,
  sendCount: 1,
  ...overrides,
});

describe('what a failed attempt means', () => {
  it.each([
    ['PartnerFlow.Transient', 'FAILED'],
    ['PartnerFlow.EmailRejected', 'FAILED'],
    ['Lambda.TooManyRequestsException', 'FAILED'],
    ['States.Timeout', 'UNCERTAIN'],
    ['Sandbox.Timedout', 'UNCERTAIN'],
    ['Lambda.Unknown', 'UNCERTAIN'],
  ])('a send step ending in %s is %s', (error, status) => {
    // Act / Assert
    expect(sendFailureStatus({ Error: error })).toBe(status);
  });

  it('is FAILED whenever the build had not finished (nothing can have been sent)', () => {
    // Act / Assert
    expect(
      failureStatusOf({
        partnerId: 'a',
        week: '2026-W45',
        resend: false,
        failure: { Error: 'States.Timeout' },
      }),
    ).toBe('FAILED');
    expect(
      failureStatusOf({
        partnerId: 'a',
        week: '2026-W45',
        resend: false,
        build: { quiet: false, creatorRows: 1, itemsRead: 5, storedBytes: 100 },
        failure: { Error: 'States.Timeout' },
      }),
    ).toBe('UNCERTAIN');
    expect(isPermanentFailure({ Error: 'PartnerFlow.EmailRejected' })).toBe(true);
  });

  it('schedules the next attempts 15, 30, 60 minutes… later, at most 6 attempts and within a day', () => {
    // Arrange
    const first = new Date('2026-11-09T01:00:00Z');
    const at = (minutes: number) => new Date(first.getTime() + minutes * 60_000);

    // Act / Assert
    expect(nextAttemptAt(1, first, first)?.toISOString()).toBe(at(15).toISOString());
    expect(nextAttemptAt(2, first, at(15))?.toISOString()).toBe(at(45).toISOString());
    expect(nextAttemptAt(3, first, at(45))?.toISOString()).toBe(at(105).toISOString());
    expect(nextAttemptAt(6, first, at(500))).toBeUndefined();
    expect(nextAttemptAt(5, first, at(23 * 60))).toBeUndefined();
  });
});

describe('whether a week is sent (again)', () => {
  const now = new Date('2026-11-09T02:00:00Z');

  it('refuses a sent week without resend, and a week being sent right now even with it', () => {
    // Act / Assert
    expect(skipReason(undefined, false, now)).toBeUndefined();
    expect(skipReason(record({}), false, now)).toBe('ALREADY_SENT');
    expect(skipReason(record({}), true, now)).toBeUndefined();
    expect(skipReason(record({ status: 'FAILED', sendCount: 0 }), false, now)).toBeUndefined();
    expect(skipReason(record({ status: 'FAILED', sendCount: 1 }), false, now)).toBe('ALREADY_SENT');
    expect(skipReason(record({ status: 'UNCERTAIN', sendCount: 0 }), false, now)).toBe('OUTCOME_UNKNOWN');
    expect(skipReason(record({ status: 'SENDING', claimedAt: '2026-11-09T01:55:00.000Z' }), true, now)).toBe(
      'IN_PROGRESS',
    );
    expect(
      skipReason(
        record({ status: 'SENDING', sendCount: 0, claimedAt: '2026-11-09T01:00:00.000Z' }),
        true,
        now,
      ),
    ).toBeUndefined();
  });

  it('names why the workflow did not claim a week', () => {
    // Act / Assert
    expect(refusalReason(record({}))).toEqual({ claimed: false, reason: 'ALREADY_SENT' });
    expect(refusalReason(record({ status: 'SENDING' }))).toEqual({ claimed: false, reason: 'IN_PROGRESS' });
    expect(refusalReason(record({ status: 'UNCERTAIN' }))).toEqual({
      claimed: false,
      reason: 'OUTCOME_UNKNOWN',
    });
  });
});
