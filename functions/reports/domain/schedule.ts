import { lastCompletedWeek } from '#functions/reports/domain/weeks.ts';

/**
 * When a partner's weekly report is due: Monday 08:00 in the partner's own IANA time zone.
 *
 * One EventBridge schedule (catalog: `weekly-report-sweep`) fires every 15 minutes in UTC on the days a Monday
 * 08:00 can fall on somewhere (Sunday to Tuesday UTC, which also leaves a day for retries). Each run selects the
 * partners whose local time at the scheduled instant is Monday 08:00-08:14. Every time zone in use today is a
 * whole number of quarter hours from UTC (India +5:30, Nepal +5:45, Chatham +12:45), so each partner falls in
 * exactly one slot a week, and the offset is computed at that instant by the time zone database: daylight
 * saving is honoured by construction (New York is due at 12:00 UTC in October and 13:00 UTC in November).
 * Partners' time zones are data (set with the admin CLI), so a schedule per time zone would need a deploy per
 * new zone; the sweep needs none.
 */
export const REPORT_SLOT_MINUTES = 15;
const REPORT_HOUR = 8;
const MONDAY = 1;

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The local weekday (1 = Monday … 7 = Sunday), hour and minute of an instant in a time zone. */
export function localClock(at: Date, timezone: string): { weekday: number; hour: number; minute: number } {
  const parts = Object.fromEntries(
    formatterFor(timezone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** The start of the 15-minute slot an instant falls in (a scheduler that fires late still means its slot). */
export function slotOf(at: Date): Date {
  const slotMs = REPORT_SLOT_MINUTES * 60_000;
  return new Date(Math.floor(at.getTime() / slotMs) * slotMs);
}

/** True when the slot starting at `slot` holds Monday 08:00 in the time zone. */
export function isReportSlot(slot: Date, timezone: string): boolean {
  const clock = localClock(slotOf(slot), timezone);
  return clock.weekday === MONDAY && clock.hour === REPORT_HOUR && clock.minute < REPORT_SLOT_MINUTES;
}

/**
 * False when no time zone on Earth (UTC-12 to UTC+14) has Monday 08:00 in this slot: Sunday 18:00 UTC to
 * Monday 20:14 UTC. Outside that window a run skips reading the partner list.
 */
export function mayBeReportSlotSomewhere(slot: Date): boolean {
  const start = slotOf(slot);
  const weekday = start.getUTCDay();
  const minutes = start.getUTCHours() * 60 + start.getUTCMinutes();
  return (weekday === 0 && minutes >= 18 * 60) || (weekday === 1 && minutes <= 20 * 60);
}

export interface SchedulablePartner {
  readonly partnerId: string;
  readonly timezone: string;
}

export interface DueReport {
  readonly partnerId: string;
  /** The ISO week just ended in the partner's time zone. */
  readonly week: string;
}

/**
 * The partners whose report is due in the slot of `scheduledTime`, each with the week it covers. A partner
 * whose time zone the time zone database does not know is left out and named in `invalid` (never fails the run).
 */
export function selectDueReports(
  partners: readonly SchedulablePartner[],
  scheduledTime: Date,
): { due: DueReport[]; invalid: string[] } {
  const slot = slotOf(scheduledTime);
  const due: DueReport[] = [];
  const invalid: string[] = [];
  if (!mayBeReportSlotSomewhere(slot)) return { due, invalid };
  for (const partner of partners) {
    try {
      if (isReportSlot(slot, partner.timezone)) {
        due.push({ partnerId: partner.partnerId, week: lastCompletedWeek(slot, partner.timezone) });
      }
    } catch {
      invalid.push(partner.partnerId);
    }
  }
  return { due, invalid };
}
