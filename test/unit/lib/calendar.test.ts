import { describe, expect, it } from 'vitest';
import { isoWeekOf, localDate } from '#lib/metrics/calendar.ts';

describe('calendar', () => {
  it.each([
    ['2026-11-21', '2026-W47'],
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('%s is in ISO week %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('reads the local date in a time zone, daylight saving included', () => {
    expect(localDate(new Date('2026-11-23T03:00:00Z'), 'America/New_York')).toBe('2026-11-22');
    expect(localDate(new Date('2026-11-22T17:30:00Z'), 'Asia/Jakarta')).toBe('2026-11-23');
    expect(localDate(new Date('2026-03-08T06:30:00Z'), 'America/New_York')).toBe('2026-03-08');
  });
});
