import { describe, expect, it } from 'vitest';
import { reports } from '#catalog/areas/reports.ts';
import {
  isReportSlot,
  mayBeReportSlotSomewhere,
  selectDueReports,
  slotOf,
} from '#functions/reports/domain/schedule.ts';
import {
  lastCompletedWeek,
  lastWeekEndedEverywhere,
  mondayOf,
  weeksBefore,
  weeksEndingWith,
} from '#functions/reports/domain/weeks.ts';
import { nextScheduledRun } from '#local/scheduler.ts';

const jakarta = { partnerId: 'jakarta', timezone: 'Asia/Jakarta' };
const newYork = { partnerId: 'new-york', timezone: 'America/New_York' };
const berlin = { partnerId: 'berlin', timezone: 'Europe/Berlin' };
const kathmandu = { partnerId: 'kathmandu', timezone: 'Asia/Kathmandu' };
const partners = [jakarta, newYork, berlin, kathmandu];

const dueAt = (iso: string) => selectDueReports(partners, new Date(iso)).due;

describe('selectDueReports: Monday 08:00 in each partner time zone', () => {
  it.each([
    ['2026-11-02T01:00:00Z', 'jakarta', '2026-W44'],
    ['2026-11-02T02:15:00Z', 'kathmandu', '2026-W44'],
    ['2026-11-02T07:00:00Z', 'berlin', '2026-W44'],
    ['2026-11-02T13:00:00Z', 'new-york', '2026-W44'],
  ])('at %s selects only %s, for the week just ended (%s)', (instant, partnerId, week) => {
    // Act
    const due = dueAt(instant);

    // Assert
    expect(due).toEqual([{ partnerId, week }]);
  });

  it('follows New York across the end of daylight saving: 12:00 UTC in October, 13:00 UTC in November', () => {
    // Act / Assert: DST ends on Sunday 2026-11-01.
    expect(dueAt('2026-10-26T12:00:00Z')).toEqual([{ partnerId: 'new-york', week: '2026-W43' }]);
    expect(dueAt('2026-11-02T12:00:00Z')).toEqual([]);
    expect(dueAt('2026-11-02T13:00:00Z')).toEqual([{ partnerId: 'new-york', week: '2026-W44' }]);
  });

  it('follows Berlin across the start of summer time (07:00 UTC in March before, 06:00 UTC after)', () => {
    // Act / Assert: summer time starts on Sunday 2026-03-29.
    expect(dueAt('2026-03-23T07:00:00Z')).toEqual([{ partnerId: 'berlin', week: '2026-W12' }]);
    expect(dueAt('2026-03-30T07:00:00Z')).toEqual([]);
    expect(dueAt('2026-03-30T06:00:00Z')).toEqual([{ partnerId: 'berlin', week: '2026-W13' }]);
  });

  it('treats any instant in the 15-minute slot as the slot (a late scheduler still means its slot)', () => {
    // Act / Assert
    expect(dueAt('2026-11-02T01:14:59Z')).toEqual([{ partnerId: 'jakarta', week: '2026-W44' }]);
    expect(dueAt('2026-11-02T01:15:00Z')).toEqual([]);
    expect(slotOf(new Date('2026-11-02T01:14:59Z')).toISOString()).toBe('2026-11-02T01:00:00.000Z');
  });

  it('selects each partner in exactly one slot of a week', () => {
    // Arrange: every 15-minute slot from Sunday to Tuesday (UTC).
    const slots = Array.from(
      { length: 3 * 96 },
      (_, index) => new Date(Date.parse('2026-11-01T00:00:00Z') + index * 900_000),
    );

    // Act
    const selections = slots.flatMap((slot) =>
      selectDueReports(partners, slot).due.map((due) => due.partnerId),
    );

    // Assert
    expect(selections.sort()).toEqual(['berlin', 'jakarta', 'kathmandu', 'new-york']);
  });

  it('leaves out a partner whose time zone is unknown, naming it, without failing the others', () => {
    // Act
    const result = selectDueReports(
      [{ partnerId: 'mars', timezone: 'Mars/Olympus' }, jakarta],
      new Date('2026-11-02T01:00:00Z'),
    );

    // Assert
    expect(result).toEqual({ due: [{ partnerId: 'jakarta', week: '2026-W44' }], invalid: ['mars'] });
  });

  it('reads no partner outside Sunday 18:00 to Monday 20:14 UTC, where no Monday 08:00 can fall', () => {
    // Act / Assert
    expect(mayBeReportSlotSomewhere(new Date('2026-11-01T17:45:00Z'))).toBe(false);
    expect(mayBeReportSlotSomewhere(new Date('2026-11-01T18:00:00Z'))).toBe(true);
    expect(mayBeReportSlotSomewhere(new Date('2026-11-02T20:00:00Z'))).toBe(true);
    expect(mayBeReportSlotSomewhere(new Date('2026-11-02T20:15:00Z'))).toBe(false);
    expect(isReportSlot(new Date('2026-11-01T18:00:00Z'), 'Pacific/Kiritimati')).toBe(true);
    expect(isReportSlot(new Date('2026-11-02T20:00:00Z'), 'Etc/GMT+12')).toBe(true);
  });
});

describe('ISO weeks', () => {
  it('finds Mondays, rejects week 53 in years without it, and steps across years', () => {
    // Act / Assert
    expect(mondayOf('2026-W45')).toBe('2026-11-02');
    expect(mondayOf('2026-W53')).toBe('2026-12-28');
    expect(mondayOf('2025-W53')).toBeUndefined();
    expect(mondayOf('2026-W00')).toBeUndefined();
    expect(weeksBefore('2027-W01', 1)).toBe('2026-W53');
    expect(weeksEndingWith('2026-W02', 3)).toEqual(['2025-W52', '2026-W01', '2026-W02']);
  });

  it('takes the week just ended in the time zone, and the week ended everywhere for every partner', () => {
    // Arrange: Monday 01:00 UTC is Monday in Jakarta but still Sunday in New York.
    const at = new Date('2026-11-02T01:00:00Z');

    // Act / Assert
    expect(lastCompletedWeek(at, 'Asia/Jakarta')).toBe('2026-W44');
    expect(lastCompletedWeek(at, 'America/New_York')).toBe('2026-W43');
    expect(lastWeekEndedEverywhere(at)).toBe('2026-W43');
  });
});

describe('the weekly-report-sweep schedule', () => {
  const [sweep] = reports.schedules;

  it.each([
    'Pacific/Kiritimati',
    'Pacific/Chatham',
    'Asia/Kathmandu',
    'Asia/Jakarta',
    'Europe/London',
    'America/New_York',
    'Pacific/Honolulu',
    'Etc/GMT+12',
  ])('fires at the slot holding Monday 08:00 in %s, in summer and in winter', (timezone) => {
    for (const sunday of ['2026-07-05', '2026-12-06']) {
      // Arrange: find the slot of that Monday 08:00 among the 15-minute slots of the following days.
      const start = Date.parse(`${sunday}T00:00:00Z`);
      const slots = Array.from({ length: 3 * 96 }, (_, index) => new Date(start + index * 900_000));
      const due = slots.find((slot) => isReportSlot(slot, timezone));

      // Act
      const fires =
        due === undefined || sweep === undefined
          ? null
          : nextScheduledRun(sweep, new Date(due.getTime() - 1));

      // Assert
      expect(due).toBeDefined();
      expect(fires?.toISOString()).toBe(due?.toISOString());
    }
  });
});
